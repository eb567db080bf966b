/**
 * The datasets report kinds share, each fetched once per run and credited to every section
 * that uses it. Counting is the backend's job (distinct users, DAU/WAU/MAU, new users,
 * lifecycle, retention); per-user data is asked only where a report shows per-user figures.
 */
import type { DayRange } from '../analytics/user-days.js';
import { collectNotes, replayNotes, type QueryNote } from '../sources/query-log.js';
import { activeSummary, type DayMeanBasis } from '../analytics/adoption.js';
import type { DailyActive } from '../analytics/types.js';
import type { ActiveUserCounts, UserDays } from '../sources/types.js';
import { addDaysIn, type Window } from '../time/window.js';
import { forComparison } from './helpers.js';
import { MissingSourceError } from './section.js';
import type { ReportContext } from './context.js';

const cache = new WeakMap<ReportContext, Map<string, Promise<{ value: unknown; notes: QueryNote[] }>>>();

/**
 * Runs `load` once per report context and key, so sections sharing a dataset share one fetch
 * (and its failure); the queries behind it are credited to every section that uses it.
 */
export async function remember<T>(ctx: ReportContext, key: string, load: () => Promise<T>): Promise<T> {
  let entries = cache.get(ctx);
  if (!entries) cache.set(ctx, (entries = new Map()));
  let pending = entries.get(key);
  if (!pending) entries.set(key, (pending = collectNotes(load)));
  const { value, notes } = await pending;
  replayNotes(notes);
  return value as T;
}

function userFilter(ctx: ReportContext): { user?: string } {
  return ctx.user === undefined ? {} : { user: ctx.user };
}

/** Per-user daily activity of one app over the previous and the current period, with their day ranges. */
export interface ActivityData {
  ud: UserDays;
  current: DayRange;
  /** Null when the source has no data for the previous period (the appendix says so). */
  previous: DayRange | null;
}

/**
 * Loads (once per context and app) per-user days of the previous and current periods; of the
 * current period alone when the source has no data for the previous one (forComparison).
 */
export function activityData(ctx: ReportContext, app: string): Promise<ActivityData> {
  return remember(ctx, `activity\u0000${app}`, async () => {
    const read = (from: number) => requireActivitySource(ctx).userDays({ app, window: { from, to: ctx.period.to, tz: ctx.period.tz }, ...userFilter(ctx) });
    const both = await forComparison(ctx, 'Activity in the previous period', 'apps', () => read(ctx.period.previous.from));
    const ud = both ?? (await read(ctx.period.from));
    return { ud, current: rangeOf(ud, ctx.period.from, ctx.period.to), previous: both && rangeOf(both, ctx.period.previous.from, ctx.period.previous.to) };
  });
}

/** Day indices of [from, to) in the data (periods are whole local days). */
export function rangeOf(ud: UserDays, from: number, to: number): DayRange {
  const first = ud.days.findIndex((d) => d >= from);
  const end = ud.days.findIndex((d) => d >= to);
  return { from: first === -1 ? ud.days.length : first, to: end === -1 ? ud.days.length : end };
}

/** What the cover and overview show about a set of apps in one window. */
export interface UsersSummary {
  users: number;
  newUsers: number;
  /** Mean DAU over the window's whole days (see averaged). */
  avgDau: number | null;
  /** Mean DAU / MAU over the window's whole days (see averaged). */
  stickiness: number | null;
  /** The days avgDau and stickiness average: whole days, partial ones only when there is no whole day. */
  averaged: DayMeanBasis;
  /** Every day of the window, a partial one (today, in a period to date) included. */
  daily: DailyActive[];
}

/** Distinct, new and daily active users of `apps` in `window`, counted by the backend. */
export function usersSummary(ctx: ReportContext, apps: readonly string[], window: Window): Promise<UsersSummary> {
  return remember(ctx, `users\u0000${apps.join(',')}\u0000${window.from}\u0000${window.to}`, async () => {
    const activity = requireActivitySource(ctx);
    const q = { apps: [...apps], window, ...userFilter(ctx) };
    const historyFrom = addDaysIn(window.from, -ctx.config.analytics.historyDays, window.tz);
    const [users, newUsers, counts] = await Promise.all([
      activity.distinctUsers(q),
      activity.newUsers({ ...q, historyFrom }),
      activity.activeUsers(q),
    ]);
    return { users, newUsers, ...activeSummary(counts, window), daily: dailyRows(counts) };
  });
}

function dailyRows(counts: ActiveUserCounts): DailyActive[] {
  return counts.days.map((day, i) => ({ day, dau: counts.dau[i] ?? 0, wau: counts.wau[i] ?? null, mau: counts.mau[i] ?? null }));
}

/** Per-user daily activity of one app in one window (no lookback): for days active and top users. */
export function userDaysIn(ctx: ReportContext, app: string, window: Window): Promise<UserDays> {
  return remember(ctx, `user-days\u0000${app}\u0000${window.from}\u0000${window.to}`, () =>
    requireActivitySource(ctx).userDays({ app, window, ...userFilter(ctx) }),
  );
}

function requireActivitySource(ctx: ReportContext) {
  const activity = ctx.sources.activity;
  if (!activity) throw new MissingSourceError('activity', ctx.sources.missing.activity ?? 'no activity datasource configured');
  return activity;
}
