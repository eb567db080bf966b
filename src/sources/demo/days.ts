/** Local days of a window with a fast day lookup for many instants. */
import { addDaysIn, TzCalendar } from '../../time/window.js';
import type { Window } from '../../time/window.js';
import { Lru } from './lru.js';

/** Consecutive columns of time (local days, or any segments) and which one an instant falls in. */
export interface DayColumns {
  /** Column starts, in order. */
  readonly days: number[];
  /** Column ends (each the next one's start). */
  readonly ends: number[];
  /** Index of the column containing `t`, or -1 outside all. */
  index(t: number): number;
}

/** Binary search for the column [days[i], ends[i]) holding `t`; -1 outside all. */
function columnOf({ days, ends }: { days: readonly number[]; ends: readonly number[] }, t: number): number {
  if (ends.length === 0 || t < days[0]! || t >= ends[ends.length - 1]!) return -1;
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The segments [bounds[j], bounds[j + 1]) of ascending bounds, as columns. */
export class Segments implements DayColumns {
  readonly days: number[];
  readonly ends: number[];

  constructor(readonly bounds: readonly number[]) {
    this.days = bounds.slice(0, -1);
    this.ends = bounds.slice(1);
  }

  index(t: number): number {
    return columnOf(this, t);
  }
}

/** The local days intersecting a window, and which one an instant falls in. */
export class WindowDays implements DayColumns {
  readonly calendar: TzCalendar;
  /** Local midnights of the days intersecting the window, in order. */
  readonly days: number[];
  /** Next local midnight after each day (the day's exclusive end). */
  readonly ends: number[];

  constructor(window: Window) {
    this.calendar = new TzCalendar(window);
    this.days = [...this.calendar.days];
    const last = this.days[this.days.length - 1];
    this.ends = [...this.days.slice(1), ...(last === undefined ? [] : [addDaysIn(last, 1, window.tz)])];
  }

  /** Index of the day containing `t`, or -1 outside all days. */
  index(t: number): number {
    return columnOf(this, t);
  }
}

// Building a calendar costs milliseconds per month; a report asks about the same few windows.
const recent = new Lru<WindowDays>(16);

/** The (shared, read-only) WindowDays of a window. */
export function windowDays(window: Window): WindowDays {
  return recent.get(`${window.from}\u0000${window.to}\u0000${window.tz}`, () => new WindowDays(window));
}
