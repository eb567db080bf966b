/**
 * Distinct-user answers of the demo organisation, exactly as counting its log lines gives them:
 * who had a line (all session lines carry a user) in which time segment, over several apps
 * (a user of two apps counts once), then DAU/WAU/MAU, new users, lifecycle and retention.
 */
import { dailyActive } from '../../analytics/adoption.js';
import type { Cohort, LifecycleRow } from '../../analytics/types.js';
import { activeIn, type DayRange } from '../../analytics/user-days.js';
import { TzCalendar, addDaysIn } from '../../time/window.js';
import type { ActiveUserCounts, IntervalsQuery, UserDays, UserSetQuery } from '../types.js';
import { countDigest } from './activity-digest.js';
import { Segments } from './days.js';
import type { DemoOrg } from './org.js';

/** Which users to count: app indices and one user index (-1 = all, -2 = none). */
export interface UserScope {
  apps: number[];
  user: number;
}

/** Line counts per user (by id) in each segment [bounds[j], bounds[j + 1]), summed over the apps. */
export function segmentActivity(org: DemoOrg, scope: UserScope, bounds: readonly number[]): UserDays {
  const segments = new Segments(bounds);
  const users = new Map<string, number[]>();
  const from = bounds[0];
  const to = bounds[bounds.length - 1];
  if (from === undefined || to === undefined || from >= to) return { days: segments.days, users };
  for (const app of scope.apps) {
    const digest = countDigest(org, { app, window: { from, to, tz: 'UTC' }, user: scope.user }, segments);
    digest.perUserDay.forEach((u, row) => {
      const id = org.users.ids[u]!;
      const counts = users.get(id) ?? new Array<number>(segments.days.length).fill(0);
      row.forEach((n, j) => (counts[j] = (counts[j] ?? 0) + n));
      users.set(id, counts);
    });
  }
  return { days: segments.days, users };
}

/** Users with a line in [from, to). */
export function countActive(org: DemoOrg, scope: UserScope, from: number, to: number): number {
  return from < to ? segmentActivity(org, scope, [from, to]).users.size : 0;
}

/** DAU (clipped to the window), 7- and 30-day users per local day, the rolling windows reaching back before it. */
export function activeUsersOf(org: DemoOrg, scope: UserScope, q: UserSetQuery): ActiveUserCounts {
  const { from, to, tz } = q.window;
  const days = [...new TzCalendar(q.window).days];
  const first = days[0];
  if (first === undefined) return { days, dau: [], wau: [], mau: [] };
  // Whole local days from 29 days before the first, so that every 30-day window is complete.
  const columns = [...new TzCalendar({ from: addDaysIn(first, -29, tz), to, tz }).days];
  const ud = segmentActivity(org, scope, [...columns, to]);
  const daily = dailyActive(ud, { from: columns.length - days.length, to: columns.length });
  const dau = daily.map((d) => d.dau);
  // The first day's own figure counts from the window's start only.
  if (from > first) dau[0] = countActive(org, scope, from, Math.min(to, days[1] ?? addDaysIn(first, 1, tz)));
  return { days, dau, wau: daily.map((d) => d.wau ?? 0), mau: daily.map((d) => d.mau ?? 0) };
}

/** Users with a line in the window and none in [historyFrom, window.from). */
export function newUsersOf(org: DemoOrg, scope: UserScope, window: { from: number; to: number }, historyFrom: number): number {
  if (window.from >= window.to) return 0;
  if (historyFrom >= window.from) return countActive(org, scope, window.from, window.to);
  const ud = segmentActivity(org, scope, [historyFrom, window.from, window.to]);
  let n = 0;
  for (const counts of ud.users.values()) if ((counts[1] ?? 0) > 0 && (counts[0] ?? 0) === 0) n++;
  return n;
}

/** Per user: activity in each interval and in the history before each interval. */
interface IntervalActivity {
  ud: UserDays;
  intervals: DayRange[];
  history: DayRange[];
}

function intervalActivity(org: DemoOrg, scope: UserScope, q: IntervalsQuery): IntervalActivity {
  const bounds = [...new Set([q.historyFrom, ...q.intervals.flatMap((w) => [w.from, w.to])])].sort((a, b) => a - b);
  const ud = segmentActivity(org, scope, bounds);
  const at = (t: number): number => bounds.indexOf(t);
  const empty = { from: 0, to: 0 };
  return {
    ud,
    intervals: q.intervals.map((w) => (w.from < w.to ? { from: at(w.from), to: at(w.to) } : empty)),
    history: q.intervals.map((w) => (q.historyFrom < w.from ? { from: at(q.historyFrom), to: at(w.from) } : empty)),
  };
}

/** New, returning, resurrecting and dormant users of intervals[1..], each against the interval before. */
export function lifecycleOf(org: DemoOrg, apps: number[], q: IntervalsQuery): LifecycleRow[] {
  const { ud, intervals, history } = intervalActivity(org, { apps, user: -1 }, q);
  const rows = q.intervals.slice(1).map((w): LifecycleRow => ({ start: w.from, new: 0, returning: 0, resurrecting: 0, dormant: 0 }));
  for (const counts of ud.users.values()) {
    rows.forEach((row, k) => {
      const now = activeIn(counts, intervals[k + 1]!);
      const before = activeIn(counts, intervals[k]!);
      if (now && before) row.returning++;
      else if (now && !activeIn(counts, history[k + 1]!)) row.new++;
      else if (now) row.resurrecting++;
      else if (before) row.dormant++;
    });
  }
  return rows;
}

/** Cohorts of each interval's new users and how many of them are active in each later interval. */
export function retentionOf(org: DemoOrg, apps: number[], q: IntervalsQuery): Cohort[] {
  const { ud, intervals, history } = intervalActivity(org, { apps, user: -1 }, q);
  const cohorts = q.intervals.map((w, i): Cohort => ({ start: w.from, size: 0, retained: new Array<number>(q.intervals.length - i).fill(0) }));
  for (const counts of ud.users.values()) {
    cohorts.forEach((cohort, i) => {
      if (!activeIn(counts, intervals[i]!) || activeIn(counts, history[i]!)) return;
      cohort.retained.forEach((_, k) => activeIn(counts, intervals[i + k]!) && cohort.retained[k]!++);
    });
  }
  for (const cohort of cohorts) cohort.size = cohort.retained[0] ?? 0;
  return cohorts;
}
