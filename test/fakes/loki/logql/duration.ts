/**
 * Durations the way Loki parses and prints them: Prometheus `model.ParseDuration` (`1d`, `2h30m`,
 * `500ms`, units largest first), Go's `time.ParseDuration` as its fallback (`1.5h`, `90us`), and
 * both `String()` forms, because Loki's error bodies print one or the other (`960h0m0s`, `30d1h`).
 * All values are nanoseconds as bigint, since Go's time.Duration is int64 nanoseconds.
 */

const MS = 1_000_000n;
const PROM_UNITS: Record<string, { pos: number; mult: bigint }> = {
  ms: { pos: 7, mult: MS },
  s: { pos: 6, mult: 1000n * MS },
  m: { pos: 5, mult: 60_000n * MS },
  h: { pos: 4, mult: 3_600_000n * MS },
  d: { pos: 3, mult: 86_400_000n * MS },
  w: { pos: 2, mult: 604_800_000n * MS },
  y: { pos: 1, mult: 31_536_000_000n * MS },
};
const MAX_INT64 = (1n << 63n) - 1n;

/** Thrown with Go's error text when a duration does not parse. */
export class DurationError extends Error {}

/** Prometheus `model.ParseDuration`: nanoseconds, or a DurationError with its message. */
export function parsePromDuration(s: string): bigint {
  if (s === '0') return 0n;
  if (s === '') throw new DurationError('empty duration string');
  const invalid = (): DurationError => new DurationError(`not a valid duration string: ${goQuote(s)}`);
  let rest = s;
  let total = 0n;
  let lastPos = 0;
  while (rest !== '') {
    const digits = /^[0-9]*/.exec(rest)?.[0] ?? '';
    if (digits === '') throw invalid();
    rest = rest.slice(digits.length);
    const unit = /^[^0-9]*/.exec(rest)?.[0] ?? '';
    if (unit === '') throw invalid();
    rest = rest.slice(unit.length);
    const u = PROM_UNITS[unit];
    if (!u) throw new DurationError(`unknown unit ${goQuote(unit)} in duration ${goQuote(s)}`);
    if (u.pos <= lastPos) throw invalid();
    lastPos = u.pos;
    const v = BigInt(digits);
    if (v > (1n << 63n) / u.mult) throw new DurationError('duration out of range');
    total += v * u.mult;
    if (total > MAX_INT64) throw new DurationError('duration out of range');
  }
  return total;
}

const GO_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go `time.ParseDuration` (signed, fractional, ns..h), for the cases Prometheus' parser refuses. */
export function parseGoDuration(s: string): bigint {
  const m = /^([-+]?)((?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(s);
  if (s === '0' || s === '+0' || s === '-0') return 0n;
  if (!m) throw new DurationError(`time: invalid duration ${goQuote(s)}`);
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/([0-9]*\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (GO_UNITS[part[2] ?? ''] ?? 0);
  }
  const ns = BigInt(Math.round(total));
  return m[1] === '-' ? -ns : ns;
}

/** Loki's lexer rule: Prometheus style first, Go style as the fallback. */
export function parseLogqlDuration(s: string): bigint {
  try {
    return parsePromDuration(s);
  } catch {
    return parseGoDuration(s);
  }
}

/** Prometheus `model.Duration.String()`: `30d1h`, `1w`, `0s` (millisecond precision). */
export function formatPromDuration(ns: bigint): string {
  let ms = ns / MS;
  if (ms === 0n) return '0s';
  let out = '';
  const take = (unit: string, mult: bigint, exact: boolean): void => {
    if (exact && ms % mult !== 0n) return;
    const v = ms / mult;
    if (v > 0n) {
      out += `${v}${unit}`;
      ms -= v * mult;
    }
  };
  take('y', 31_536_000_000n, true);
  take('w', 604_800_000n, true);
  take('d', 86_400_000n, false);
  take('h', 3_600_000n, false);
  take('m', 60_000n, false);
  take('s', 1000n, false);
  take('ms', 1n, false);
  return out;
}

/** Go `time.Duration.String()`: `960h0m0s`, `1.5s`, `250ms`, `0s`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // Sub-second values use the smallest unit that keeps an integer part.
    const [unit, div] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fraction(u, div) + unit;
  } else {
    const secs = fraction(u % 60_000_000_000n, 1_000_000_000n) + 's';
    u /= 60_000_000_000n;
    out = u > 0n ? (u >= 60n ? `${u / 60n}h${u % 60n}m${secs}` : `${u}m${secs}`) : secs;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: bigint, div: bigint): string {
  const whole = v / div;
  const rem = v % div;
  if (rem === 0n) return `${whole}`;
  const digits = div.toString().length - 1;
  return `${whole}.${rem.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** Go's `%q` for the plain ASCII strings that appear in these messages. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
