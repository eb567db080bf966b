/**
 * Adoption: who was active when, new against returning, lifecycle and retention. Works on
 * day indices only; the UserDays may hold lookback days before the range (for rolling
 * windows and for telling new users from returning ones).
 */
import type { ActiveUserCounts, UserDays } from '../sources/types.js';
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

/** Users, new against returning, mean DAU and stickiness over the range. */
export function adoptionSummary(ud: UserDays, range: DayRange, seenBefore: ReadonlySet<string>): AdoptionSummary {
  checkRange(ud, range);
  let users = 0;
  let newUsers = 0;
  for (const [user, counts] of ud.users) {
    if (!activeIn(counts, range)) continue;
    users++;
    if (!seenBefore.has(user) && firstActiveDay(counts) >= range.from) newUsers++;
  }
  const daily = dailyActive(ud, range);
  return {
    users,
    newUsers,
    returningUsers: users - newUsers,
    avgDau: mean(daily.map((d) => d.dau)),
    // Days whose MAU is unknown (short lookback) or zero say nothing about stickiness.
    stickiness: mean(daily.map((d) => (d.mau ? d.dau / d.mau : null))),
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

/** Mean DAU and stickiness (mean of DAU / MAU over the days where MAU is known and > 0) of backend-counted series. */
export function activeSummary(counts: ActiveUserCounts): { avgDau: number | null; stickiness: number | null } {
  return {
    avgDau: mean(counts.dau),
    stickiness: mean(counts.dau.map((d, i) => (counts.mau[i] ? d / counts.mau[i]! : null))),
  };
}
