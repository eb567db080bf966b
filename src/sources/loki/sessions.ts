/** Sessions: starts in total and per user, and the lengths of those that ended (histogram, median, p90). */
import { quantile } from '../../analytics/stats.js';
import { SESSION_LENGTH_BOUNDS_MS, type ActivityQuery, type Histogram, type SessionStats } from '../types.js';
import type { Tally } from './api.js';
import { appOf, logged, type SourceContext } from './context.js';
import { renderMetric, runMetric, type MetricSpec } from './metric.js';
import { labelIs, pipeline, type LogApp, type PipelineSpec } from './pipeline.js';
import { planPieces, type Piece } from './plan.js';
import { readLines, tooManyLines } from './raw.js';
import { windowSlices } from './slices.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Sessions started in the window, per user, and the lengths of sessions that ended in it. */
export async function sessions(ctx: SourceContext, q: ActivityQuery): Promise<SessionStats> {
  const length = q.window.to - q.window.from;
  const app = appOf(ctx, q.app);
  const pieces = planPieces(windowSlices(q.window), ctx.plan);
  const total = async (spec: MetricSpec, purpose: string): Promise<number> => {
    if (length <= 0) return 0;
    const table = await logged(ctx, renderMetric(spec, length), purpose, (t: Tally) => runMetric(ctx.metric, spec, pieces, 1, t));
    return [...table.values()][0]?.values[0] ?? 0;
  };
  const sum = (pipeline: PipelineSpec, fn = 'count_over_time'): MetricSpec => ({ app, pipeline, aggregate: (r) => `sum(${fn}(${r}))` });

  const starts: PipelineSpec = { fields: ['event'], filters: [labelIs('event', 'session_start')], user: q.user };
  const count = await total(sum(starts), 'sessions started');
  const perUser = new Map<string, number>();
  if (length > 0) {
    const spec: MetricSpec = {
      app,
      pipeline: { fields: ['event', 'user'], filters: [...starts.filters, labelIs('user', '', '!=')], user: q.user },
      aggregate: (r) => `sum by (user) (count_over_time(${r}))`,
      shardBy: q.user === undefined ? ['user'] : undefined,
    };
    const table = await logged(ctx, renderMetric(spec, length), 'sessions started per user', (t) => runMetric(ctx.metric, spec, pieces, 1, t));
    for (const row of table.values()) if (row.labels.user !== undefined && (row.values[0] ?? 0) > 0) perUser.set(row.labels.user, row.values[0]!);
  }

  const ends: PipelineSpec = { fields: ['event', 'duration'], filters: [labelIs('event', 'session_end')], user: q.user };
  const within = (filter: string): PipelineSpec => ({ ...ends, filters: [...ends.filters, filter, '__error__=""'] });
  const cumulative: number[] = [];
  for (const bound of SESSION_LENGTH_BOUNDS_MS) {
    cumulative.push(await total(sum(within(`duration_ms <= ${bound}`)), `sessions that ended, lasting at most ${bound} ms`));
  }
  const last = SESSION_LENGTH_BOUNDS_MS[SESSION_LENGTH_BOUNDS_MS.length - 1]!;
  const overflow = await total(sum(within(`duration_ms > ${last}`)), `sessions that ended, lasting over ${last} ms`);
  const unwrapped: PipelineSpec = { ...ends, tail: '| unwrap duration_ms | __error__=""' };
  const sumMs = await total(sum(unwrapped, 'sum_over_time'), 'total length of sessions that ended');
  const lengths = histogram(cumulative, overflow, sumMs);

  const [medianMs, p90Ms] =
    lengths.count === 0
      ? [null, null]
      : // Loki limits a quantile_over_time instant query (which it cannot split) to range + 1 ns.
        length < ctx.plan.maxLengthMs
        ? [await quantileOf(ctx, app, unwrapped, q, 0.5, pieces), await quantileOf(ctx, app, unwrapped, q, 0.9, pieces)]
        : await rawQuantiles(ctx, app, ends, q, lengths.count);
  return { count, perUser, lengths, medianMs, p90Ms };
}

function histogram(cumulative: number[], overflow: number, sum: number): Histogram {
  const counts = cumulative.map((c, i) => c - (i === 0 ? 0 : cumulative[i - 1]!));
  counts.push(overflow);
  const count = (cumulative[cumulative.length - 1] ?? 0) + overflow;
  return { bounds: [...SESSION_LENGTH_BOUNDS_MS], counts, count, sum };
}

/** Loki's quantile_over_time over the window (grouped by the constant event label: one series). */
async function quantileOf(ctx: SourceContext, app: LogApp, spec: PipelineSpec, q: ActivityQuery, level: number, pieces: Piece[]): Promise<number | null> {
  const metric: MetricSpec = { app, pipeline: spec, aggregate: (r) => `quantile_over_time(${level}, ${r}) by (event)` };
  const table = await logged(ctx, renderMetric(metric, q.window.to - q.window.from), `session length quantile ${level}`, (t) =>
    runMetric(ctx.metric, metric, pieces, 1, t),
  );
  const row = [...table.values()][0];
  return row ? (row.values[0] ?? null) : null;
}

/** Quantiles do not combine across sub-windows: read the durations themselves (at most maxRawEvents). */
async function rawQuantiles(ctx: SourceContext, app: LogApp, ends: PipelineSpec, q: ActivityQuery, expected: number): Promise<[number | null, number | null]> {
  const budget = { left: ctx.limits.maxRawEvents, what: 'Session-length quantiles over a window longer than Loki\'s query length' };
  // Session ids keep lines of equal time and length apart (Loki merges identical entries of one stream).
  const spec: PipelineSpec = { ...ends, fields: [...ends.fields, 'session'], tail: '| line_format "{{.duration_ms}}"' };
  if (expected > budget.left) throw tooManyLines(ctx, expected, budget, pipeline(app, spec));
  const durations: number[] = [];
  await readLines(ctx, app, spec, q.window, 'session lengths, read raw for quantiles', budget, (entry) => {
    // As `unwrap`, which drops what does not parse as a number.
    if (NUMBER.test(entry.line)) durations.push(Number(entry.line));
  });
  return [quantile(durations, 0.5), quantile(durations, 0.9)];
}
