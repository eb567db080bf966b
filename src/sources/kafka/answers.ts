/** The per-app answers, read off a window's digest or per-user activity. */
import { compareEvents, compareSourceStarts, compareText } from '../../analytics/sequence.js';
import { sessionStatsOf } from '../../analytics/session-stats.js';
import { type ActivityEvent, type FeatureUsage, type LifecycleEvent, type SessionStart, type SessionStats, type UserDays } from '../types.js';
import type { UserActivity } from '../user-activity/day-store.js';
import type { AppDigest } from './digest.js';

/** Events per user per local day of one app (copies: callers may change them). */
export function userDaysOf(activity: UserActivity, app: string): UserDays {
  const users = new Map<string, number[]>();
  for (const [user, counts] of activity.apps.get(app) ?? []) users.set(user, [...counts]);
  return { days: [...activity.days], users };
}

/** Events per user over the whole range. */
export function userTotalsOf(activity: UserActivity, app: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [user, counts] of activity.apps.get(app) ?? []) totals.set(user, counts.reduce((a, b) => a + b, 0));
  return totals;
}

/** Features used: the known ones in config order, then others by name. */
export function featuresOf(d: AppDigest, known: readonly string[]): FeatureUsage[] {
  const rank = (f: string): number => {
    const i = known.indexOf(f);
    return i === -1 ? known.length : i;
  };
  return [...d.features]
    .map(([feature, f]) => ({ feature, events: f.events, users: f.users.size }))
    .sort((a, b) => rank(a.feature) - rank(b.feature) || compareText(a.feature, b.feature));
}

/** Sessions started, per user, and the length histogram and quantiles of those that ended. */
export function sessionsOf(d: AppDigest): SessionStats {
  return sessionStatsOf(d.sessionCount, new Map(d.sessionsPerUser), d.lengths);
}

/** 7 rows (Monday first) of 24 hourly counts. */
export function hourOfWeekOf(d: AppDigest): number[][] {
  return d.hourOfWeek.map((row) => [...row]);
}

/** Events with a user in time order, ties by user, then session (a copy: callers may change it). */
export function userEventsOf(events: readonly ActivityEvent[]): ActivityEvent[] {
  return [...events].sort(compareEvents);
}

/** app_start / app_stop in time order; at one instant a stop comes before a start (a restart). */
export function lifecycleOf(d: AppDigest): LifecycleEvent[] {
  return [...d.lifecycle].sort((a, b) => a.ts - b.ts || (a.kind === b.kind ? compareText(a.instance, b.instance) : a.kind === 'stop' ? -1 : 1));
}

/** Session starts of several apps, by time, then app, user and session. */
export function sessionStartsOf(digests: readonly AppDigest[]): SessionStart[] {
  return digests
    .flatMap((d) => d.starts)
    .sort(compareSourceStarts);
}
