/**
 * Go's conversions used by label filters and `unwrap`: strconv.ParseFloat, time.ParseDuration
 * (as seconds) and go-humanize ParseBytes. Each returns the number, or Go's error text.
 */
import { goQuote } from '../logql/format.js';

const FLOAT = /^[+-]?(?:(?:\d+(?:_\d+)*\.?\d*(?:_\d+)*|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*[pP][+-]?\d+|inf|infinity|nan)$/i;

/** strconv.ParseFloat(v, 64). */
export function goParseFloat(v: string): number | string {
  if (!FLOAT.test(v)) return `strconv.ParseFloat: parsing ${goQuote(v)}: invalid syntax`;
  const lower = v.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (lower === 'nan' || lower === '-nan') return NaN;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isFinite(n)) return `strconv.ParseFloat: parsing ${goQuote(v)}: value out of range`;
  return n;
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration, in seconds (Loki's convertDuration). */
export function parseGoDurationSeconds(v: string): number | string {
  const invalid = `time: invalid duration ${goQuote(v)}`;
  let s = v;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s);
    const text = num?.[0] ?? '';
    if (text === '' || text === '.') return invalid;
    s = s.slice(text.length);
    const unit = /^[^0-9.]*/.exec(s)?.[0] ?? '';
    if (unit === '') return `time: missing unit in duration ${goQuote(v)}`;
    const mult = UNIT_NS[unit];
    if (mult === undefined) return `time: unknown unit ${goQuote(unit)} in duration ${goQuote(v)}`;
    total += Number(text) * mult;
    s = s.slice(unit.length);
  }
  return (sign * Math.round(total)) / 1e9;
}

const SIZES: Record<string, number> = {
  '': 1, b: 1, k: 1e3, kb: 1e3, ki: 1024, kib: 1024, m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2,
  g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3, t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4,
  p: 1e15, pb: 1e15, pi: 1024 ** 5, pib: 1024 ** 5, e: 1e18, eb: 1e18, ei: 1024 ** 6, eib: 1024 ** 6,
};

/** humanize.ParseBytes. */
export function parseHumanBytes(v: string): number | string {
  const m = /^([0-9.,]*)\s*([^0-9.,]*)$/.exec(v.trim());
  const num = (m?.[1] ?? '').replace(/,/g, '');
  const unit = (m?.[2] ?? '').trim().toLowerCase();
  const f = goParseFloat(num);
  if (typeof f === 'string') return f;
  const mult = SIZES[unit];
  if (mult === undefined) return `unhandled size name: ${unit}`;
  return Math.floor(f * mult);
}
