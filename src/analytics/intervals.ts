/** Interval arithmetic for down intervals and incidents (plain epoch ms, half-open [start, end)). */
import type { Interval } from '../sources/types.js';

/** The intervals cut to [from, to); those left with no length are dropped. */
export function clipIntervals(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const { start, end } of intervals) {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}

/** The intervals sorted by start, with overlapping or touching ones merged into one. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = out[out.length - 1];
    if (last && start <= last.end) {
      last.end = Math.max(last.end, end);
      continue;
    }
    out.push({ start, end });
  }
  return out;
}
