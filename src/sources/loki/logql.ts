/**
 * Literals placed into LogQL. Every value that comes from config or data (app ids, user ids,
 * feature names, field names) goes through these, so no value can change the query around it.
 */
import { goString } from '../go-string.js';

/** A double-quoted LogQL string holding exactly `value` (Go quoting, shared with PromQL). */
export const logqlString = goString;

/** `value` with every RE2 metacharacter escaped, so it matches itself only. */
export function regexEscape(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** A LogQL string holding a regex that matches exactly `value` (for `=~` / `!~` matchers). */
export function logqlRegexLiteral(value: string): string {
  return logqlString(regexEscape(value));
}

const UNITS: [suffix: string, ms: number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/** A range-vector duration such as `1d`, `23h` or `6d23h59m59s999ms` (Prometheus syntax, which `[...]` uses). */
export function rangeDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms <= 0) throw new RangeError(`range duration must be a positive whole number of ms, got ${ms}`);
  let rest = ms;
  let out = '';
  for (const [suffix, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${suffix}`;
    rest -= n * size;
  }
  return out;
}

/**
 * An `offset` duration of `ms` milliseconds plus `ns` nanoseconds, e.g. `1h1ns`. Loki parses
 * offsets with Go's time.ParseDuration when Prometheus syntax fails, so `ns` is allowed here
 * (unlike inside `[...]`); Go has no `d` unit, so days are written as hours.
 */
export function offsetDuration(ms: number, ns = 0): string {
  if (!Number.isInteger(ms) || ms < 0 || !Number.isInteger(ns) || ns < 0 || ns >= 1_000_000) {
    throw new RangeError(`offset must be whole ms >= 0 plus 0..999999 ns, got ${ms} ms ${ns} ns`);
  }
  let rest = ms;
  let out = '';
  for (const [suffix, size] of UNITS.slice(1)) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${suffix}`;
    rest -= n * size;
  }
  if (ns > 0) out += `${ns}ns`;
  return out === '' ? '0s' : out;
}
