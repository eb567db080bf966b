/**
 * Raw lines, pulled only where order per user matters (session starts, lifecycle) or where
 * figures cannot be combined across sub-windows (quantiles). The lines are counted by Loki
 * first, so a window that would need more than maxRawEvents fails before pulling anything.
 */
import { DatasourceError } from '../../errors.js';
import { appOf, logged, type SourceContext } from './context.js';
import { renderMetric, runMetric } from './metric.js';
import { readLogs, type LogEntry } from './paging.js';
import { pipeline, type LogApp, type PipelineSpec } from './pipeline.js';
import { planPieces } from './plan.js';
import { windowSlices } from './slices.js';

/** A time window in epoch ms. */
export interface Span {
  from: number;
  to: number;
}

/** How many raw lines may still be pulled for the answer being built. */
export interface RawBudget {
  left: number;
  /** What is being read, for the error. */
  what: string;
}

/** Lines of `spec` in the window, counted by Loki (one instant query per length-limited part). */
export async function countLines(ctx: SourceContext, app: LogApp, spec: PipelineSpec, window: Span, purpose: string): Promise<number> {
  const metric = { app, pipeline: spec, aggregate: (r: string) => `sum(count_over_time(${r}))` };
  const pieces = planPieces(windowSlices({ ...window, tz: 'UTC' }), ctx.plan);
  const table = await logged(ctx, renderMetric(metric, window.to - window.from), purpose, (tally) => runMetric(ctx.metric, metric, pieces, 1, tally));
  return [...table.values()][0]?.values[0] ?? 0;
}

/** The error for an answer that needs more raw lines than allowed. */
export function tooManyLines(ctx: SourceContext, needed: number | undefined, budget: RawBudget, query: string): DatasourceError {
  const size = needed === undefined ? 'more' : String(needed);
  return new DatasourceError('DATASOURCE_LIMIT', ctx.name, `${budget.what} would need ${size} raw log lines, over the limit of ${ctx.limits.maxRawEvents}`, {
    query,
    hint: 'Choose a shorter period, or raise datasources.loki.maxRawEvents if this machine has the memory.',
  });
}

/** Pulls every line of `spec` in the window, oldest first, within the budget. */
export async function readLines(
  ctx: SourceContext,
  app: LogApp,
  spec: PipelineSpec,
  window: Span,
  purpose: string,
  budget: RawBudget,
  onEntry: (entry: LogEntry) => void,
): Promise<void> {
  const query = pipeline(app, spec);
  const opts = { pageSize: ctx.limits.maxEntriesPerQuery, maxLengthMs: ctx.plan.maxLengthMs };
  await logged(ctx, query, purpose, (tally) =>
    readLogs(ctx.api, query, window, opts, tally, (entry) => {
      // Lines may have arrived since they were counted.
      if (--budget.left < 0) throw tooManyLines(ctx, undefined, budget, query);
      onEntry(entry);
    }),
  );
}

/**
 * Counts the lines of every part first and fails before pulling anything when together they
 * exceed the budget; returns the counts, so parts without lines need not be read.
 */
export async function reserveLines(ctx: SourceContext, parts: { app: string; spec: PipelineSpec }[], window: Span, budget: RawBudget, purpose: string): Promise<number[]> {
  const counts: number[] = [];
  for (const part of parts) counts.push(await countLines(ctx, appOf(ctx, part.app), part.spec, window, purpose));
  const needed = counts.reduce((a, b) => a + b, 0);
  if (needed > budget.left) throw tooManyLines(ctx, needed, budget, parts.map((p) => pipeline(appOf(ctx, p.app), p.spec)).join(' ; '));
  return counts;
}

/** Epoch ms of a nanosecond timestamp (rounded down). */
export function nsToMs(tsNs: bigint): number {
  return Number(tsNs / 1_000_000n);
}
