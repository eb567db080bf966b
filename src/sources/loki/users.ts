/**
 * Distinct-user questions over one or more apps, every figure a count Loki computes (counts.ts):
 * daily, 7-day and 30-day active users, users in a window, new users, weekly lifecycle and
 * retention cohorts. "Active" = at least one line with a non-empty user field in [from, to).
 */
import type { Cohort, LifecycleRow } from '../../analytics/types.js';
import { TzCalendar, addDaysIn } from '../../time/window.js';
import type { ActiveUserCounts, IntervalsQuery, UserSetQuery } from '../types.js';
import type { SourceContext } from './context.js';
import { countSets, type CountTerm } from './counts.js';
import { activeIn, and, unless } from './user-sets.js';

/** DAU and rolling 7- and 30-day users per local day; rolling windows end with the day (clipped to the window's end). */
export async function activeUsers(ctx: SourceContext, q: UserSetQuery): Promise<ActiveUserCounts> {
  const cal = new TzCalendar(q.window);
  const { from, to, tz } = q.window;
  const ends = cal.days.map((day, i) => Math.min(to, cal.days[i + 1] ?? addDaysIn(day, 1, tz)));
  const terms: CountTerm[] = [
    ...cal.days.map((day, i) => ({ key: `d${i}`, set: activeIn(Math.max(from, day), ends[i]!) })),
    ...cal.days.map((day, i) => ({ key: `w${i}`, set: activeIn(addDaysIn(day, -6, tz), ends[i]!) })),
    ...cal.days.map((day, i) => ({ key: `m${i}`, set: activeIn(addDaysIn(day, -29, tz), ends[i]!) })),
  ];
  const n = await countSets(ctx, { apps: q.apps, user: q.user, terms, purpose: 'daily, 7-day and 30-day active users per local day' });
  const series = (prefix: string): number[] => cal.days.map((_, i) => n.get(`${prefix}${i}`) ?? 0);
  return { days: [...cal.days], dau: series('d'), wau: series('w'), mau: series('m') };
}

/** Users with a line in the window. */
export async function distinctUsers(ctx: SourceContext, q: UserSetQuery): Promise<number> {
  const terms = [{ key: 'n', set: activeIn(q.window.from, q.window.to) }];
  const n = await countSets(ctx, { apps: q.apps, user: q.user, terms, purpose: 'users active in the period' });
  return n.get('n') ?? 0;
}

/** Users with a line in the window and none in [historyFrom, window.from). */
export async function newUsers(ctx: SourceContext, q: UserSetQuery & { historyFrom: number }): Promise<number> {
  const set = unless(activeIn(q.window.from, q.window.to), activeIn(q.historyFrom, q.window.from));
  const n = await countSets(ctx, { apps: q.apps, user: q.user, terms: [{ key: 'n', set }], purpose: 'new users (active, not seen in the history window)' });
  return n.get('n') ?? 0;
}

/** New, returning, resurrecting and dormant users of each interval after the first, against the one before. */
export async function userLifecycle(ctx: SourceContext, q: IntervalsQuery): Promise<LifecycleRow[]> {
  const terms: CountTerm[] = [];
  q.intervals.forEach((now, i) => {
    const before = q.intervals[i - 1];
    if (!before) return;
    const active = activeIn(now.from, now.to);
    const previous = activeIn(before.from, before.to);
    const history = activeIn(q.historyFrom, now.from);
    // When the previous interval lies inside the history, "not in it" is implied by "not in the history".
    const inHistory = q.historyFrom <= before.from && before.to <= now.from;
    terms.push(
      { key: `a${i}`, set: active },
      { key: `r${i}`, set: and(active, previous) },
      { key: `n${i}`, set: inHistory ? unless(active, history) : unless(unless(active, previous), history) },
      { key: `d${i}`, set: unless(previous, active) },
    );
  });
  const n = await countSets(ctx, { apps: q.apps, terms, purpose: 'lifecycle per interval: active, returning, new, dormant users' });
  const get = (key: string): number => n.get(key) ?? 0;
  return q.intervals.slice(1).map((now, k) => {
    const i = k + 1;
    // Active = returning + new + resurrecting, each user in exactly one of them.
    return { start: now.from, new: get(`n${i}`), returning: get(`r${i}`), resurrecting: get(`a${i}`) - get(`r${i}`) - get(`n${i}`), dormant: get(`d${i}`) };
  });
}

/** Cohorts of each interval's new users, and how many of them are active in it and each later interval. */
export async function retention(ctx: SourceContext, q: IntervalsQuery): Promise<Cohort[]> {
  const active = q.intervals.map((w) => activeIn(w.from, w.to));
  const terms: CountTerm[] = [];
  q.intervals.forEach((w, i) => {
    const cohort = unless(active[i] ?? null, activeIn(q.historyFrom, w.from));
    for (let k = 0; i + k < q.intervals.length; k++) terms.push({ key: `c${i}_${k}`, set: k === 0 ? cohort : and(cohort, active[i + k] ?? null) });
  });
  const n = await countSets(ctx, { apps: q.apps, terms, purpose: 'retention: new users per interval, active in each later interval' });
  return q.intervals.map((w, i) => {
    const retained = Array.from({ length: q.intervals.length - i }, (_, k) => n.get(`c${i}_${k}`) ?? 0);
    return { start: w.from, size: retained[0] ?? 0, retained };
  });
}
