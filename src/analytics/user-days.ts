/**
 * Small helpers over UserDays, shared by adoption, usage and one-user analytics. Ranges are
 * indices into `UserDays.days`, so local days and DST are the source's business, not ours.
 */
import type { UserDays } from '../sources/types.js';

/** A half-open range [from, to) of indices into `UserDays.days`. */
export interface DayRange {
  from: number;
  to: number;
}

/** Throws RangeError when the range does not lie within the days: that is a caller's bug, not missing data. */
export function checkRange(ud: UserDays, range: DayRange): void {
  const { from, to } = range;
  const ok = Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= ud.days.length;
  if (ok) return;
  throw new RangeError(`day range [${from}, ${to}) does not lie within the ${ud.days.length} days of the data`);
}

/** Local midnight of the day at index `i`; throws RangeError outside the days. */
export function dayAt(ud: UserDays, i: number): number {
  const day = ud.days[i];
  if (day === undefined) throw new RangeError(`day index ${i} is outside the ${ud.days.length} days of the data`);
  return day;
}

/** Whether the user had at least one event on a day of the range. */
export function activeIn(counts: readonly number[], range: DayRange): boolean {
  for (let i = range.from; i < range.to; i++) if ((counts[i] ?? 0) > 0) return true;
  return false;
}

/** Index of the user's first day with an event, or -1 when there is none. */
export function firstActiveDay(counts: readonly number[]): number {
  return counts.findIndex((c) => c > 0);
}

/** Active days and events of one user within the range. */
export interface RangeTotals {
  activeDays: number;
  events: number;
}

/** Sums one user's counts over the range. */
export function totalsIn(counts: readonly number[], range: DayRange): RangeTotals {
  let activeDays = 0;
  let events = 0;
  for (let i = range.from; i < range.to; i++) {
    const c = counts[i] ?? 0;
    if (c <= 0) continue;
    activeDays++;
    events += c;
  }
  return { activeDays, events };
}
