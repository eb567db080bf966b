/** Who was active when: events per user per local day, per user in total, per weekday hour; error lines per day. */
import type { ActivityQuery, UserDays } from '../types.js';
import { DAY_MS, HOUR_MS, TzCalendar } from '../../time/window.js';
import { appOf, logged, type SourceContext } from './context.js';
import { renderMetric, runMetric, type MetricSpec } from './metric.js';
import { labelIs } from './pipeline.js';
import { planPieces, shardedLimits } from './plan.js';
import { daySlices, hourOfWeekSlices, windowSlices } from './slices.js';

/** Lines with a user, one series per user (sharded unless one user is asked for). */
function perUserSpec(ctx: SourceContext, q: ActivityQuery): MetricSpec {
  return {
    app: appOf(ctx, q.app),
    pipeline: { fields: ['user'], filters: [labelIs('user', '', '!=')], user: q.user },
    aggregate: (r) => `sum by (user) (count_over_time(${r}))`,
    shardBy: q.user === undefined ? ['user'] : undefined,
  };
}

/** Events per user per local day of the window. */
export async function userDays(ctx: SourceContext, q: ActivityQuery): Promise<UserDays> {
  const cal = new TzCalendar(q.window);
  const spec = perUserSpec(ctx, q);
  const pieces = planPieces(daySlices(cal), spec.shardBy ? shardedLimits(ctx.plan) : ctx.plan, DAY_MS);
  const table = await logged(ctx, renderMetric(spec, DAY_MS), 'events per user per local day', (tally) =>
    runMetric(ctx.metric, spec, pieces, cal.days.length, tally),
  );
  const users = new Map<string, number[]>();
  for (const row of table.values()) {
    const user = row.labels.user;
    if (user !== undefined && row.values.some((v) => v > 0)) users.set(user, row.values);
  }
  return { days: [...cal.days], users };
}

/** Events per user over the whole window. */
export async function userTotals(ctx: SourceContext, q: ActivityQuery): Promise<Map<string, number>> {
  const spec = perUserSpec(ctx, q);
  const pieces = planPieces(windowSlices(q.window), ctx.plan);
  const query = renderMetric(spec, q.window.to - q.window.from);
  const table = await logged(ctx, query, 'events per user in the period', (tally) => runMetric(ctx.metric, spec, pieces, 1, tally));
  const totals = new Map<string, number>();
  for (const row of table.values()) {
    const user = row.labels.user;
    const total = row.values[0] ?? 0;
    if (user !== undefined && total > 0) totals.set(user, total);
  }
  return totals;
}

/** Lines with a user by local weekday (0 = Monday) and hour: 7 rows of 24. */
export async function hourOfWeek(ctx: SourceContext, q: ActivityQuery): Promise<number[][]> {
  const cal = new TzCalendar(q.window);
  const spec: MetricSpec = { ...perUserSpec(ctx, q), aggregate: (r) => `sum(count_over_time(${r}))`, shardBy: undefined };
  const pieces = planPieces(hourOfWeekSlices(cal), ctx.plan, HOUR_MS);
  const table = await logged(ctx, renderMetric(spec, HOUR_MS), 'events per local hour, folded into weekday and hour', (tally) =>
    runMetric(ctx.metric, spec, pieces, 7 * 24, tally),
  );
  const flat = [...table.values()][0]?.values ?? new Array<number>(7 * 24).fill(0);
  return Array.from({ length: 7 }, (_, day) => flat.slice(day * 24, day * 24 + 24));
}

/** Lines with level `error` per local day of the window. */
export async function errorLogs(ctx: SourceContext, q: ActivityQuery): Promise<number[]> {
  const cal = new TzCalendar(q.window);
  const spec: MetricSpec = {
    app: appOf(ctx, q.app),
    pipeline: { fields: ['level'], filters: [labelIs('level', 'error')], user: q.user },
    aggregate: (r) => `sum(count_over_time(${r}))`,
  };
  const pieces = planPieces(daySlices(cal), ctx.plan, DAY_MS);
  const table = await logged(ctx, renderMetric(spec, DAY_MS), 'error log lines per local day', (tally) =>
    runMetric(ctx.metric, spec, pieces, cal.days.length, tally),
  );
  return [...table.values()][0]?.values ?? new Array<number>(cal.days.length).fill(0);
}
