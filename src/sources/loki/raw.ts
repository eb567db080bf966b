/**
 * Raw lines, pulled only where order per user matters (session starts, lifecycle) or where
 * figures cannot be combined across sub-windows (quantiles). A read stops with an error at
 * maxRawEvents lines. Lines are read in windows that each hold about half a page, so pages come
 * back short and need no count (readLines): a count over a window is an instant query that
 * Loki's frontend splits into 1 h pieces (a month: 744, 5-7 s on a single-binary Loki, measured).
 */
import { DatasourceError } from '../../errors.js';
import { logged, type SourceContext } from './context.js';
import { renderMetric, runMetric } from './metric.js';
import { readLogs, readLogsInWindows, type LogEntry } from './paging.js';
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

/** Lines may still arrive this long after their timestamp (Loki accepts out-of-order writes, shippers lag). */
const LATE_LINES_MS = 2 * 3_600_000;

/**
 * Pulls every line of `spec` in the window, oldest first, within the budget, and returns what
 * `take` makes of each (undefined: nothing). Loki 3.4's query frontend splits a page spanning
 * several split_queries_by_interval intervals and, merging the pieces, can leave a line out of a
 * full page (grafana/loki#20453), which paging on from the page's last timestamp would never
 * see. It merges that way only when the pieces hold more lines than the page asked for, so the
 * lines are read in windows that hold about half a page each (readLogsInWindows): a full page
 * across intervals is never kept, and a read whose pages all came back short is complete. Only
 * a page full within one interval is kept (Loki does not split it); then the read is checked
 * against Loki's count of the lines (`counted`, when the caller has one, else counted now), in
 * case the interval is set wrong: one that falls short of a fresh count is done again one
 * interval at a time, and one still short is an error, never a silently smaller answer.
 */
export async function readLines<T>(
  ctx: SourceContext,
  app: LogApp,
  spec: PipelineSpec,
  window: Span,
  purpose: string,
  budget: RawBudget,
  counted: number | undefined,
  take: (entry: LogEntry) => T | undefined,
): Promise<T[]> {
  const query = pipeline(app, spec);
  const minutes = ctx.limits.splitQueriesByIntervalMinutes ?? 60;
  const read = async (inWindows: boolean, why: string): Promise<{ out: T[]; lines: number; fullPages: number }> => {
    const opts = { pageSize: ctx.limits.maxEntriesPerQuery, intervalMs: minutes * 60_000 };
    const out: T[] = [];
    let lines = 0;
    const onEntry = (entry: LogEntry): void => {
      // The budget is checked line by line, as the lines are read.
      if (--budget.left < 0) throw tooManyLines(ctx, undefined, budget, query);
      lines++;
      const value = take(entry);
      if (value !== undefined) out.push(value);
    };
    const { fullPages } = await logged(ctx, query, why, (tally) =>
      inWindows
        ? readLogsInWindows(ctx.api, query, window, { ...opts, maxLengthMs: ctx.plan.maxLengthMs }, tally, onEntry)
        : readLogs(ctx.api, query, window, opts, tally, onEntry),
    );
    return { out, lines, fullPages };
  };
  const first = await read(true, purpose);
  if (first.fullPages === 0) return first.out;
  // Lines arriving during the read could make up for lines left out: near now, count again anyway.
  if (first.lines === counted && window.to <= Date.now() - LATE_LINES_MS) return first.out;
  const before = counted === undefined ? `${first.fullPages} full page${first.fullPages === 1 ? '' : 's'} of ${first.lines} lines read` : `${first.lines} read, ${counted} counted before`;
  const recount = await countLines(ctx, app, spec, window, `${purpose}: counted (${before})`);
  if (first.lines >= recount) return first.out;
  budget.left += first.lines;
  const again = await read(false, `${purpose}, read again within Loki's ${minutes}-minute query splits (${first.lines} of ${recount} lines came back)`);
  if (again.lines < recount) {
    throw new DatasourceError('DATASOURCE_RESPONSE', ctx.name, `Loki returned ${again.lines} of the ${recount} log lines it counted for ${budget.what.charAt(0).toLowerCase()}${budget.what.slice(1)}, even read one ${minutes}-minute interval at a time`, {
      query,
      hint: "Set datasources.loki.splitQueriesByIntervalMinutes to Loki's split_queries_by_interval, or upgrade Loki (3.4 can leave lines out of split log queries).",
    });
  }
  return again.out;
}

/** Epoch ms of a nanosecond timestamp (rounded down). */
export function nsToMs(tsNs: bigint): number {
  return Number(tsNs / 1_000_000n);
}
