/**
 * The user-set questions (distinct, new, daily/7-day/30-day active users, lifecycle, retention)
 * answered from per-user daily activity, whoever reads it: Kafka's scanner or Loki's per-day
 * counts. The reads reach beyond the question's window (the 29 days before it, the history).
 */
import { addDaysIn, TzCalendar, type Window } from '../../time/window.js';
import type { ActiveUserCounts, IntervalsQuery, UserSetQuery } from '../types.js';
import type { UserActivity } from './day-store.js';
import { activeSet, activeUserCounts } from './user-sets.js';

/** Reads events per user per local day. */
export interface ActivityReader {
  /** The activity of (at least) `apps` in `window`, of one user when `user` is given. */
  activity(window: Window, user: string | undefined, apps: readonly string[]): Promise<UserActivity>;
}

/** What an answer was read from, for the query log. */
export interface Answer<T> {
  value: T;
  reads: string[];
}

/** DAU/WAU/MAU of the window: the window's own days and the 29 whole days before its first. */
export async function activeUsersOf(reader: ActivityReader, q: UserSetQuery, apps: readonly string[]): Promise<Answer<ActiveUserCounts>> {
  const { tz } = q.window;
  const days = new TzCalendar(q.window).days;
  if (days.length === 0) return { value: { days: [], dau: [], wau: [], mau: [] }, reads: [] };
  const lookbackFrom = addDaysIn(days[0]!, -29, tz);
  const window = await reader.activity(q.window, q.user, apps);
  // On a first day cut by the window, the part before the window counts for WAU and MAU, not DAU.
  const lookback = await reader.activity({ from: lookbackFrom, to: q.window.from, tz }, q.user, apps);
  const axis = new TzCalendar({ from: lookbackFrom, to: q.window.to, tz }).days;
  return { value: activeUserCounts(window, lookback, axis, apps), reads: [...lookback.reads, ...window.reads] };
}

/** Users with an event in the window. */
export async function distinctUsersOf(reader: ActivityReader, q: UserSetQuery, apps: readonly string[]): Promise<Answer<number>> {
  const activity = await reader.activity(q.window, q.user, apps);
  return { value: activeSet(activity, apps).size, reads: activity.reads };
}

/** Users with an event in the window and none in [historyFrom, window.from). */
export async function newUsersOf(reader: ActivityReader, q: UserSetQuery & { historyFrom: number }, apps: readonly string[]): Promise<Answer<number>> {
  const now = await reader.activity(q.window, q.user, apps);
  const history = await reader.activity({ from: q.historyFrom, to: q.window.from, tz: q.window.tz }, q.user, apps);
  const seen = activeSet(history, apps);
  return { value: [...activeSet(now, apps)].filter((u) => !seen.has(u)).length, reads: [...history.reads, ...now.reads] };
}

/** Users active in each interval, and those seen between historyFrom and each interval's start. */
export interface IntervalSets {
  starts: number[];
  active: Set<string>[];
  before: Set<string>[];
  reads: string[];
}

/**
 * The user sets of consecutive intervals. `before[k]` holds the users seen in [historyFrom,
 * interval k's start): the history, the earlier intervals and the gaps between them, never
 * anything before historyFrom (which may fall after the first interval's start).
 */
export async function intervalSets(reader: ActivityReader, q: IntervalsQuery, apps: readonly string[]): Promise<IntervalSets> {
  const first = q.intervals[0];
  const reads: string[] = [];
  if (!first) return { starts: [], active: [], before: [], reads };
  const users = async (from: number, to: number): Promise<Set<string>> => {
    if (to <= from) return new Set();
    const activity = await reader.activity({ from, to, tz: first.tz }, undefined, apps);
    reads.push(...activity.reads);
    return activeSet(activity, apps);
  };
  const history = q.historyFrom;
  const before = [await users(history, first.from)];
  const active: Set<string>[] = [];
  for (const [k, interval] of q.intervals.entries()) {
    active.push(await users(interval.from, interval.to));
    const next = q.intervals[k + 1];
    if (!next) break;
    const seen = interval.from >= history ? active[k]! : await users(history, interval.to);
    const gap = await users(Math.max(interval.to, history), next.from);
    before.push(new Set([...before[k]!, ...seen, ...gap]));
  }
  return { starts: q.intervals.map((i) => i.from), active, before, reads: [...new Set(reads)] };
}
