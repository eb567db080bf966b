/**
 * Request parameters parsed like Loki's loghttp package: timestamps as nanoseconds (more than 10
 * digits), seconds (10 digits or fewer, or with a fraction, rounded to the millisecond) or RFC 3339;
 * `since`, `limit` (default 100), `direction` (default backward), `step` (seconds or duration;
 * default max(floor(range_s / 250), 1) s). Errors carry Loki's texts.
 */
import { goQuote } from '../logql/format.js';
import { parsePromDuration, type DurationError } from '../logql/duration.js';

/** A 400 with Loki's plain-text body. */
export class BadRequest extends Error {}

const NS = 1_000_000_000n;

/** loghttp.parseTimestamp. */
export function parseTimestamp(value: string | undefined, def: bigint): bigint {
  if (value === undefined || value === '') return def;
  if (value.includes('.') && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
    const t = Number(value);
    const s = Math.trunc(t);
    const frac = Math.round((t - s) * 1000) / 1000;
    return BigInt(s) * NS + BigInt(Math.round(frac * 1e9));
  }
  if (/^[+-]?\d+$/.test(value)) {
    const n = BigInt(value);
    if (n > (1n << 63n) - 1n || n < -(1n << 63n)) throw new BadRequest(`strconv.ParseInt: parsing ${goQuote(value)}: value out of range`);
    return value.length <= 10 ? n * NS : n;
  }
  const rfc = parseRfc3339(value);
  if (rfc !== undefined) return rfc;
  throw new BadRequest(`strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`);
}

function parseRfc3339(v: string): bigint | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let ns = BigInt(ms) * 1_000_000n + BigInt(frac.padEnd(9, '0') || '0');
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1n : 1n;
    const offMin = BigInt(Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
    ns -= sign * offMin * 60n * NS;
  }
  return ns;
}

/** loghttp.bounds: start, end (default now) and `since` (default 1h). */
export function parseBounds(form: URLSearchParams, nowNs: bigint): { startNs: bigint; endNs: bigint } {
  let sinceNs = 3600n * NS;
  const since = form.get('since');
  if (since) {
    try {
      sinceNs = parsePromDuration(since);
    } catch (e) {
      throw new BadRequest(`could not parse 'since' parameter: ${(e as DurationError).message}`);
    }
  }
  const endNs = wrap('end', () => parseTimestamp(form.get('end') ?? undefined, nowNs));
  const endOrNow = endNs > nowNs ? nowNs : endNs;
  const startNs = wrap('start', () => parseTimestamp(form.get('start') ?? undefined, endOrNow - sinceNs));
  return { startNs, endNs };
}

function wrap<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new BadRequest(`could not parse '${name}' parameter: ${(e as Error).message}`);
  }
}

/** loghttp.limit. */
export function parseLimit(form: URLSearchParams): number {
  const v = form.get('limit');
  let n = 100;
  if (v !== null && v !== '') {
    if (!/^[+-]?\d+$/.test(v)) throw new BadRequest(`strconv.Atoi: parsing ${goQuote(v)}: invalid syntax`);
    n = Number(v);
  }
  if (n <= 0) throw new BadRequest('limit must be a positive value');
  return n;
}

/** loghttp.direction. */
export function parseDirection(form: URLSearchParams): 'forward' | 'backward' {
  const v = form.get('direction');
  if (v === null || v === '') return 'backward';
  const u = v.toUpperCase();
  if (u === 'FORWARD') return 'forward';
  if (u === 'BACKWARD') return 'backward';
  throw new BadRequest(`invalid direction '${v}'`);
}

/** loghttp.parseSecondsOrDuration, in nanoseconds. */
export function parseSecondsOrDuration(v: string): bigint {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) || /^[+-]?(inf|infinity|nan)$/i.test(v)) {
    const ns = Number(v) * 1e9;
    if (!Number.isFinite(ns) || Math.abs(ns) > 9.223372036854776e18) throw new BadRequest(`cannot parse ${goQuote(v)} to a valid duration. It overflows int64`);
    return BigInt(Math.trunc(ns));
  }
  try {
    return parsePromDuration(v);
  } catch {
    throw new BadRequest(`cannot parse ${goQuote(v)} to a valid duration`);
  }
}

/** loghttp step with its default. */
export function parseStep(form: URLSearchParams, startNs: bigint, endNs: bigint): bigint {
  const v = form.get('step');
  if (v === null || v === '') {
    const secs = Math.max(Math.floor(Number(endNs - startNs) / 1e9 / 250), 1);
    return BigInt(secs) * NS;
  }
  return parseSecondsOrDuration(v);
}
