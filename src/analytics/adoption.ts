/**
 * Adoption: who was active when, new against returning, lifecycle and retention. Works on
 * day indices only; the UserDays may hold lookback days before the range (for rolling
 * windows and for telling new users from returning ones).
 */
import type { ActiveUserCounts, UserDays } from '../sources/types.js';
import { dayInWindow, type Window } from '../time/window.js';
import { mean } from './stats.js';
import type { AdoptionSummary, Cohort, DailyActive, DaysActiveBucket, LifecycleRow } from './types.js';
import { activeIn, checkRange, dayAt, firstActiveDay, totalsIn, type DayRange } from './user-days.js';

export type { DayRange } from './user-days.js';

const WEEK_DAYS = 7;
const MONTH_DAYS = 30;

/** DAU, rolling 7-day WAU and rolling 30-day MAU for each day of the range. */
export function dailyActive(ud: UserDays, range: DayRange): DailyActive[] {
  checkRange(ud, range);
  const n = range.to - range.from;
  const dau = new Array<number>(n).fill(0);
  const wau = new Array<number>(n).fill(0);
  const mau = new Array<number>(n).fill(0);
  const scanFrom = Math.max(0, range.from - (MONTH_DAYS - 1));
  // One pass per user: the last active day at or before i decides WAU and MAU, so each
  // user costs O(days) rather than O(days x 30).
  for (const counts of ud.users.values()) {
    let last = -Infinity;
    for (let i = scanFrom; i < range.to; i++) {
      if ((counts[i] ?? 0) > 0) last = i;
      if (i < range.from) continue;
      const k = i - range.from;
      if (last === i) dau[k]!++;
      if (last > i - WEEK_DAYS) wau[k]!++;
      if (last > i - MONTH_DAYS) mau[k]!++;
    }
  }
  return dau.map((d, k) => {
    const i = range.from + k;
    return {
      day: dayAt(ud, i),
      dau: d,
      wau: i - (WEEK_DAYS - 1) < 0 ? null : wau[k]!,
      mau: i - (MONTH_DAYS - 1) < 0 ? null : mau[k]!,
    };
  });
}

/**
 * The days a per-day mean (mean DAU, stickiness) is taken over.
 * - `days`: how many days were averaged;
 * - `partial`: true when those are partial days because the window holds no whole day (a
 *   period to date that began today: the day so far stands in for a day);
 * - `leftOut`: partial days shown day by day but left out of the mean.
 */
export interface DayMeanBasis {
  days: number;
  partial: boolean;
  leftOut: number;
}

/**
 * Which of `days` (consecutive local midnights in window.tz) a per-day mean is taken over: the
 * whole days, those whose [midnight, next midnight) lies within [window.from, window.to). A
 * period to date ends now, so its last day is partial; a window starting after a midnight has a
 * partial first day. When no day is whole, the partial days are averaged instead.
 */
export function daysToAverage(days: readonly number[], window: Window): { indices: number[]; basis: DayMeanBasis } {
  const whole = days.flatMap((_, i) => (dayInWindow(days, i, window).whole ? [i] : []));
  if (whole.length === 0) return { indices: days.map((_, i) => i), basis: { days: days.length, partial: days.length > 0, leftOut: 0 } };
  return { indices: whole, basis: { days: whole.length, partial: false, leftOut: days.length - whole.length } };
}

/** Mean DAU and mean DAU / MAU (over the averaged days whose MAU is known and > 0) of per-day series. */
function dayMeans(dau: readonly number[], mau: readonly (number | null | undefined)[], indices: readonly number[]): { avgDau: number | null; stickiness: number | null } {
  return {
    avgDau: mean(indices.map((i) => dau[i] ?? null)),
    // Days whose MAU is unknown (short lookback) or zero say nothing about stickiness.
    stickiness: mean(indices.map((i) => (mau[i] ? dau[i]! / mau[i]! : null))),
  };
}

/**
 * Users, new against returning, mean DAU and stickiness over the range. With `window` (the
 * period the range stands for), the means are taken over its whole days only (daysToAverage);
 * without it, every day of the range counts as whole.
 */
export function adoptionSummary(ud: UserDays, range: DayRange, seenBefore: ReadonlySet<string>, window?: Window): AdoptionSummary {
  checkRange(ud, range);
  let users = 0;
  let newUsers = 0;
  for (const [user, counts] of ud.users) {
    if (!activeIn(counts, range)) continue;
    users++;
    if (!seenBefore.has(user) && firstActiveDay(counts) >= range.from) newUsers++;
  }
  const daily = dailyActive(ud, range);
  const indices = window ? daysToAverage(daily.map((d) => d.day), window).indices : daily.map((_, i) => i);
  return {
    users,
    newUsers,
    returningUsers: users - newUsers,
    ...dayMeans(
      daily.map((d) => d.dau),
      daily.map((d) => d.mau),
      indices,
    ),
  };
}

/** How many users were active on exactly 1, 2, ... (range length) days of the range, zero buckets included. */
export function daysActiveDistribution(ud: UserDays, range: DayRange): DaysActiveBucket[] {
  checkRange(ud, range);
  const buckets = Array.from({ length: range.to - range.from }, (_, i) => ({ days: i + 1, users: 0 }));
  for (const counts of ud.users.values()) {
    const { activeDays } = totalsIn(counts, range);
    if (activeDays > 0) buckets[activeDays - 1]!.users++;
  }
  return buckets;
}

/**
 * New, returning, resurrecting and dormant users for each interval after the first, against
 * the interval before it. New + returning + resurrecting = users active in the interval.
 */
export function lifecycle(ud: UserDays, intervals: DayRange[], seenBefore: ReadonlySet<string>): LifecycleRow[] {
  for (const r of intervals) checkRange(ud, r);
  const rows: LifecycleRow[] = intervals.slice(1).map((r) => ({
    start: dayAt(ud, r.from),
    new: 0,
    returning: 0,
    resurrecting: 0,
    dormant: 0,
  }));
  if (rows.length === 0) return rows;
  for (const [user, counts] of ud.users) {
    const first = firstActiveDay(counts);
    let wasActive = activeIn(counts, intervals[0]!);
    for (let i = 1; i < intervals.length; i++) {
      const interval = intervals[i]!;
      const row = rows[i - 1]!;
      const isActive = activeIn(counts, interval);
      if (isActive && wasActive) row.returning++;
      else if (isActive && !seenBefore.has(user) && first >= interval.from) row.new++;
      // Active now, not in the previous interval, and not new: seen at some earlier time.
      else if (isActive) row.resurrecting++;
      else if (wasActive) row.dormant++;
      wasActive = isActive;
    }
  }
  return rows;
}

/** Cohorts of users by the interval of their first activity ever, and how many of them were active in each later interval. */
export function retentionCohorts(ud: UserDays, intervals: DayRange[], seenBefore: ReadonlySet<string>): Cohort[] {
  for (const r of intervals) checkRange(ud, r);
  const cohorts: Cohort[] = intervals.map((r, i) => ({
    start: dayAt(ud, r.from),
    size: 0,
    retained: new Array<number>(intervals.length - i).fill(0),
  }));
  for (const [user, counts] of ud.users) {
    if (seenBefore.has(user)) continue;
    const first = firstActiveDay(counts);
    const c = intervals.findIndex((r) => first >= r.from && first < r.to);
    if (first < 0 || c < 0) continue;
    const cohort = cohorts[c]!;
    cohort.size++;
    for (let k = 0; c + k < intervals.length; k++) {
      if (activeIn(counts, intervals[c + k]!)) cohort.retained[k]!++;
    }
  }
  return cohorts;
}

/**
 * Mean DAU and stickiness (mean of DAU / MAU over the days where MAU is known and > 0) of
 * backend-counted series for `window`, over its whole days only (daysToAverage): a partial day
 * (today, in a period to date) stays in the daily series but not in the means.
 */
export function activeSummary(counts: ActiveUserCounts, window: Window): { avgDau: number | null; stickiness: number | null; averaged: DayMeanBasis } {
  const { indices, basis } = daysToAverage(counts.days, window);
  return { ...dayMeans(counts.dau, counts.mau, indices), averaged: basis };
}
