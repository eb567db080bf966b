/** Binary searches over the session columns (sessions are sorted by start). */
import type { SessionTable } from './session-columns.js';

/** First index i in [lo, hi) with starts[i] >= t (hi if none). */
export function firstSessionFrom(starts: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions [first, last) in `list` (session indices in start order) of sessions starting in [from, to). */
export function sessionsStartingIn(table: SessionTable, list: Int32Array, from: number, to: number): [number, number] {
  const bound = (t: number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (table.start[list[mid]!]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return [bound(from), bound(to)];
}
