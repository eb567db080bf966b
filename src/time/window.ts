import { TZDate, tzOffset, tzScan } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { startOfDay } from 'date-fns/startOfDay';

/** A half-open time window [from, to) in epoch milliseconds, and the time zone that defines its days. */
export interface Window {
  from: number;
  to: number;
  /** IANA time zone name, e.g. `Europe/Berlin`. */
  tz: string;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function isValidTimeZone(tz: string): boolean {
  if (tz.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return Number.isFinite(tzOffset(tz, new Date(0)));
  } catch {
    return false;
  }
}

/** Local midnight (in tz) of the day containing `ms`. */
export function startOfDayIn(ms: number, tz: string): number {
  return startOfDay(new TZDate(ms, tz)).getTime();
}

/**
 * The part of the local day `days[i]` (`days`: consecutive local midnights in window.tz) that
 * lies in `window`: [start, end), the day's own end (`next`), and whether that part is the whole day.
 */
export function dayInWindow(days: readonly number[], i: number, window: Window): { start: number; end: number; next: number; whole: boolean } {
  const day = days[i]!;
  const next = days[i + 1] ?? addDaysIn(day, 1, window.tz);
  const start = Math.max(day, window.from);
  const end = Math.min(next, window.to);
  return { start, end, next, whole: start === day && end === next };
}

/** Local midnight `n` calendar days after the local midnight `dayStart` (DST-safe). */
export function addDaysIn(dayStart: number, n: number, tz: string): number {
  return addDays(new TZDate(dayStart, tz), n).getTime();
}

/**
 * The calendar of a window in its time zone: local day starts, and fast lookups of the day,
 * weekday and wall-clock hour of any instant. Built once per window, so per-event lookups
 * do not pay for Intl on every call.
 */
export class TzCalendar {
  /** Local midnights of the days that intersect the window, in order. */
  readonly days: readonly number[];
  private readonly changes: { at: number; offsetMs: number }[];
  private readonly initialOffsetMs: number;

  constructor(readonly window: Window) {
    const first = startOfDayIn(window.from, window.tz);
    const days: number[] = [];
    for (let d = first; d < window.to; d = addDaysIn(d, 1, window.tz)) days.push(d);
    this.days = days;
    const scanStart = first - DAY_MS;
    this.initialOffsetMs = tzOffset(window.tz, new Date(scanStart)) * MINUTE_MS;
    this.changes = tzScan(window.tz, { start: new Date(scanStart), end: new Date(window.to + DAY_MS) }).map(
      (c) => ({ at: c.date.getTime(), offsetMs: c.offset * MINUTE_MS }),
    );
  }

  /** UTC offset in ms at the instant `ms`. */
  offsetAt(ms: number): number {
    let offset = this.initialOffsetMs;
    for (const change of this.changes) {
      if (change.at > ms) break;
      offset = change.offsetMs;
    }
    return offset;
  }

  /** Index into `days` of the local day containing `ms`, or -1 outside the calendar. */
  dayIndex(ms: number): number {
    const days = this.days;
    let lo = 0;
    let hi = days.length - 1;
    if (hi < 0 || ms < days[0]!) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (days[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    const next = lo + 1 < days.length ? days[lo + 1]! : addDaysIn(days[lo]!, 1, this.window.tz);
    return ms < next ? lo : -1;
  }

  /** Wall-clock hour (0-23) of `ms` in the time zone. */
  hour(ms: number): number {
    const local = ms + this.offsetAt(ms);
    return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
  }

  /** ISO weekday index of `ms` in the time zone: 0 = Monday ... 6 = Sunday. */
  weekday(ms: number): number {
    const local = ms + this.offsetAt(ms);
    const daysSinceEpoch = Math.floor(local / DAY_MS);
    // 1970-01-01 was a Thursday (index 3).
    return (((daysSinceEpoch + 3) % 7) + 7) % 7;
  }

  /** `YYYY-MM-DD` of a local day start. */
  label(dayStart: number): string {
    return new Date(dayStart + this.offsetAt(dayStart)).toISOString().slice(0, 10);
  }
}
