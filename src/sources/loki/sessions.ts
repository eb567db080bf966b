/** Sessions: starts in total and per user, and the lengths of those that ended (histogram, median, p90). */
import { quantile } from '../../analytics/stats.js';
import { SESSION_LENGTH_BOUNDS_MS, type ActivityQuery, type Histogram, type SessionStats } from '../types.js';
import type { Window } from '../../time/window.js';
import type { Tally } from './api.js';
import { appOf, logged, type SourceContext } from './context.js';
import { renderMetric, runMetric, type MetricSpec } from './metric.js';
import { labelIs, pipeline, type LogApp, type PipelineSpec } from './pipeline.js';
import { planPieces, shardedLimits, summedDayPieces, type Piece } from './plan.js';
import { countLines, readLines, tooManyLines } from './raw.js';
import { windowSlices } from './slices.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Sessions started in the window, per user, and the lengths of sessions that ended in it. */
export async function sessions(ctx: SourceContext, q: ActivityQuery): Promise<SessionStats> {
  const length = q.window.to - q.window.from;
  const app = appOf(ctx, q.app);
  // Totals add up across days: asked day by day (range queries), not over the window at once.
  const byDay = summedDayPieces(q.window, ctx.plan);
  const total = async (spec: MetricSpec, purpose: string): Promise<number> => {
    if (length <= 0) return 0;
    const table = await logged(ctx, renderMetric(spec, length), purpose, (t: Tally) => runMetric(ctx.metric, spec, byDay, 1, t));
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
    const pieces = spec.shardBy ? summedDayPieces(q.window, shardedLimits(ctx.plan)) : byDay;
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

  const [medianMs, p90Ms] = lengths.count === 0 ? [null, null] : await quantiles(ctx, app, ends, unwrapped, q, lengths.count);
  return { count, perUser, lengths, medianMs, p90Ms };
}

function histogram(cumulative: number[], overflow: number, sum: number): Histogram {
  const counts = cumulative.map((c, i) => c - (i === 0 ? 0 : cumulative[i - 1]!));
  counts.push(overflow);
  const count = (cumulative[cumulative.length - 1] ?? 0) + overflow;
  return { bounds: [...SESSION_LENGTH_BOUNDS_MS], counts, count, sum };
}

/**
 * Median and p90 by Loki's quantile_over_time. Loki cannot split it, and refuses it when range +
 * 1 ns exceeds max_query_length, so a window as long as the limit (30 days across a DST change
 * are 30d1h) is asked over all but its first millisecond(s); a count of session_end lines in
 * that sliver proves it holds none, else the lengths are read raw.
 */
async function quantiles(ctx: SourceContext, app: LogApp, ends: PipelineSpec, unwrapped: PipelineSpec, q: ActivityQuery, count: number): Promise<[number | null, number | null]> {
  const covered: Window = { ...q.window, from: Math.max(q.window.from, q.window.to - (ctx.plan.maxLengthMs - 1)) };
  if (covered.from > q.window.from) {
    const sliver = await countLines(ctx, app, ends, { from: q.window.from, to: covered.from }, 'session_end lines outside the quantiles\' range (expected none)');
    if (sliver > 0) return rawQuantiles(ctx, app, ends, q, count);
  }
  const pieces = planPieces(windowSlices(covered), ctx.plan);
  return [await quantileOf(ctx, app, unwrapped, covered, 0.5, pieces), await quantileOf(ctx, app, unwrapped, covered, 0.9, pieces)];
}

/** Loki's quantile_over_time over the window (grouped by the constant event label: one series). */
async function quantileOf(ctx: SourceContext, app: LogApp, spec: PipelineSpec, window: Window, level: number, pieces: Piece[]): Promise<number | null> {
  const metric: MetricSpec = { app, pipeline: spec, aggregate: (r) => `quantile_over_time(${level}, ${r}) by (event)` };
  const table = await logged(ctx, renderMetric(metric, window.to - window.from), `session length quantile ${level}`, (t) =>
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
  // As `unwrap`, which drops what does not parse as a number.
  const durations = await readLines(ctx, app, spec, q.window, 'session lengths, read raw for quantiles', budget, expected, (entry) => (NUMBER.test(entry.line) ? Number(entry.line) : undefined));
  return [quantile(durations, 0.5), quantile(durations, 0.9)];
}
