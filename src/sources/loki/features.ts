/** Feature use: `feature_used` events and distinct users per feature. */
import type { ActivityQuery, FeatureUsage } from '../types.js';
import { appOf, logged, type SourceContext } from './context.js';
import { renderMetric, runMetric, type MetricSpec } from './metric.js';
import { labelIs, type PipelineSpec } from './pipeline.js';
import { planPieces, summedDayPieces } from './plan.js';
import { windowSlices } from './slices.js';

/** Events and distinct users per feature: known features in config order, then others by name. */
export async function features(ctx: SourceContext, q: ActivityQuery): Promise<FeatureUsage[]> {
  const length = q.window.to - q.window.from;
  if (length <= 0) return [];
  const app = appOf(ctx, q.app);
  const pieces = planPieces(windowSlices(q.window), ctx.plan);
  const base: PipelineSpec = {
    fields: ['event', 'feature'],
    filters: [labelIs('event', 'feature_used'), labelIs('feature', '', '!=')],
    user: q.user,
  };

  // Events add up across days: asked day by day (range queries), not over the window at once.
  const eventsSpec: MetricSpec = { app, pipeline: base, aggregate: (r) => `sum by (feature) (count_over_time(${r}))`, grouped: true };
  const events = await logged(ctx, renderMetric(eventsSpec, length), 'feature_used events per feature', (tally) =>
    runMetric(ctx.metric, eventsSpec, summedDayPieces(q.window, ctx.plan), 1, tally),
  );

  const withUser: PipelineSpec = { ...base, fields: ['event', 'feature', 'user'], filters: [...base.filters, labelIs('user', '', '!=')] };
  const users = new Map<string, number>();
  if (pieces.length <= 1) {
    // Loki counts the distinct users: one series per (feature, user) once only those labels are
    // kept, counted straight from the range aggregation (no nested vector aggregation, which
    // the series limit would apply to).
    const spec: MetricSpec = { app, pipeline: { ...withUser, tail: '| keep feature, user' }, aggregate: (r) => `count by (feature) (count_over_time(${r}))` };
    const table = await logged(ctx, renderMetric(spec, length), 'distinct users per feature', (tally) => runMetric(ctx.metric, spec, pieces, 1, tally));
    for (const row of table.values()) users.set(row.labels.feature ?? '', row.values[0] ?? 0);
  } else {
    // Distinct users do not add up across sub-windows: collect the (feature, user) pairs and union them.
    const spec: MetricSpec = { app, pipeline: withUser, aggregate: (r) => `sum by (feature, user) (count_over_time(${r}))`, shardBy: ['feature', 'user'] };
    const table = await logged(ctx, renderMetric(spec, length), 'users per feature (pairs, united across sub-windows)', (tally) =>
      runMetric(ctx.metric, spec, pieces, 1, tally),
    );
    for (const row of table.values()) {
      const feature = row.labels.feature ?? '';
      users.set(feature, (users.get(feature) ?? 0) + 1);
    }
  }

  const result: FeatureUsage[] = [];
  for (const row of events.values()) {
    const feature = row.labels.feature ?? '';
    const count = row.values[0] ?? 0;
    if (count > 0) result.push({ feature, events: count, users: users.get(feature) ?? 0 });
  }
  // Known features in config order, then the others by name.
  const rank = (f: string): number => {
    const i = app.features.indexOf(f);
    return i === -1 ? app.features.length : i;
  };
  return result.sort((a, b) => rank(a.feature) - rank(b.feature) || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
}
