/**
 * The datasets report kinds share: per-user activity with enough lookback for rolling
 * windows, the previous period and "seen before", computed once per app and run.
 */
import type { DayRange } from '../analytics/user-days.js';
import { collectNotes, replayNotes, type QueryNote } from '../sources/query-log.js';
import type { UserDays } from '../sources/types.js';
import { addDaysIn, type Window } from '../time/window.js';
import { MissingSourceError } from './section.js';
import type { ReportContext } from './context.js';

/** Per-user daily activity of one app around the period. */
export interface ActivityData {
  ud: UserDays;
  current: DayRange;
  previous: DayRange;
  /** Users seen in the history window before `ud` starts (for new vs returning). */
  seenBefore: Set<string>;
}

/** Days of lookback before the previous period, so its first day has a full 30-day MAU. */
const MAU_LOOKBACK_DAYS = 29;

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

/** Loads (once per context and app) the activity data, reaching back `extraDays` before the current period if asked. */
export function activityData(ctx: ReportContext, app: string, extraDays = 0): Promise<ActivityData> {
  return remember(ctx, `activity\u0000${app}\u0000${extraDays}`, () => loadActivity(ctx, app, extraDays));
}

async function loadActivity(ctx: ReportContext, app: string, extraDays: number): Promise<ActivityData> {
  const activity = ctx.sources.activity;
  if (!activity) throw new MissingSourceError('activity', ctx.sources.missing.activity ?? 'no activity datasource configured');
  const { tz } = ctx.period;
  const start = Math.min(
    addDaysIn(ctx.period.previous.from, -MAU_LOOKBACK_DAYS, tz),
    addDaysIn(ctx.period.from, -extraDays, tz),
  );
  const window: Window = { from: start, to: ctx.period.to, tz };
  const historyFrom = addDaysIn(start, -ctx.config.analytics.historyDays, tz);
  const [ud, seen] = await Promise.all([
    activity.userDays({ app, window, ...userFilter(ctx) }),
    ctx.config.analytics.historyDays > 0
      ? activity.userTotals({ app, window: { from: historyFrom, to: start, tz }, ...userFilter(ctx) })
      : Promise.resolve(new Map<string, number>()),
  ]);
  return {
    ud,
    current: rangeOf(ud, ctx.period.from, ctx.period.to),
    previous: rangeOf(ud, ctx.period.previous.from, ctx.period.previous.to),
    seenBefore: new Set(seen.keys()),
  };
}

function userFilter(ctx: ReportContext): { user?: string } {
  return ctx.user === undefined ? {} : { user: ctx.user };
}

/** Day indices of [from, to) in the data (periods are whole local days). */
export function rangeOf(ud: UserDays, from: number, to: number): DayRange {
  const first = ud.days.findIndex((d) => d >= from);
  const end = ud.days.findIndex((d) => d >= to);
  return { from: first === -1 ? ud.days.length : first, to: end === -1 ? ud.days.length : end };
}

/** All apps' activity merged into one: a user's counts are summed across apps. */
export function mergeUserDays(parts: readonly UserDays[]): UserDays {
  const first = parts[0];
  if (!first) return { days: [], users: new Map() };
  const users = new Map<string, number[]>();
  for (const part of parts) {
    for (const [user, counts] of part.users) {
      const sum = users.get(user) ?? new Array<number>(first.days.length).fill(0);
      counts.forEach((c, i) => (sum[i] = (sum[i] ?? 0) + c));
      users.set(user, sum);
    }
  }
  return { days: first.days, users };
}
