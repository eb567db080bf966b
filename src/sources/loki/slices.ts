/**
 * The time slices a metric question is asked over: local days, local hours, or the whole
 * window. Each slice adds its count to one result slot, so several slices may share a slot
 * (hours of the week, a window split in two).
 */
import { HOUR_MS, addDaysIn, type TzCalendar, type Window } from '../../time/window.js';

/** A half-open time slice [startMs, endMs) whose counts add to result slot `index`. */
export interface Slice {
  startMs: number;
  endMs: number;
  index: number;
}

/** The window's local days (clipped to the window), slot = day index in `cal.days`. */
export function daySlices(cal: TzCalendar): Slice[] {
  const { from, to, tz } = cal.window;
  return cal.days.map((day, index) => {
    const next = cal.days[index + 1] ?? addDaysIn(day, 1, tz);
    return { startMs: Math.max(from, day), endMs: Math.min(to, next), index };
  });
}

/**
 * The window's local days, all adding to slot 0: a count over the window asked day by day
 * (summedDayPieces). Only for figures that add up across days; exact for lines stamped in whole
 * milliseconds (see plan.ts).
 */
export function summedDaySlices(cal: TzCalendar): Slice[] {
  return daySlices(cal).map((slice) => ({ ...slice, index: 0 }));
}

/** The whole window as one slice (slot 0). */
export function windowSlices(window: Window): Slice[] {
  return window.to > window.from ? [{ startMs: window.from, endMs: window.to, index: 0 }] : [];
}

/**
 * Slices in which the local weekday and hour do not change, clipped to the window;
 * slot = weekday * 24 + hour. A UTC offset change inside an hour (zones with 30-minute
 * shifts) cuts the hour there, so every slice maps to exactly one slot.
 */
export function hourOfWeekSlices(cal: TzCalendar): Slice[] {
  const { from, to } = cal.window;
  const slices: Slice[] = [];
  for (let t = from; t < to; ) {
    const offset = cal.offsetAt(t);
    const local = t + offset;
    let end = Math.floor(local / HOUR_MS) * HOUR_MS + HOUR_MS - offset;
    if (cal.offsetAt(end - 1) !== offset) end = offsetChange(cal, t, end, offset);
    end = Math.min(end, to);
    slices.push({ startMs: t, endMs: end, index: cal.weekday(t) * 24 + cal.hour(t) });
    t = end;
  }
  return slices;
}

/** The first instant in (lo, hi) whose UTC offset differs from `offset` (binary search, ms precision). */
function offsetChange(cal: TzCalendar, lo: number, hi: number, offset: number): number {
  let a = lo;
  let b = hi - 1;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (cal.offsetAt(mid) === offset) a = mid;
    else b = mid;
  }
  return b;
}
