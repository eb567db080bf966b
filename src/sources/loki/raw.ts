/**
 * Raw lines, pulled only where order per user matters (session starts, lifecycle) or where
 * figures cannot be combined across sub-windows (quantiles). A read stops with an error at
 * maxRawEvents lines. Loki counts the lines only when a page came back full (readLines): a
 * count over a window is an instant query that Loki's frontend splits into 1 h pieces (a month:
 * 744, 5-7 s on a single-binary Loki, measured), while most reads, e.g. one user's session
 * starts, fit in one page.
 */
import { DatasourceError } from '../../errors.js';
import { logged, type SourceContext } from './context.js';
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

/** Lines may still arrive this long after their timestamp (Loki accepts out-of-order writes, shippers lag). */
const LATE_LINES_MS = 2 * 3_600_000;

/**
 * Pulls every line of `spec` in the window, oldest first, within the budget, and returns what
 * `take` makes of each (undefined: nothing). Loki 3.4's query frontend splits a page spanning
 * several split_queries_by_interval intervals and, merging the pieces, can leave a line out of a
 * full page (grafana/loki#20453), which paging on from the page's last timestamp would never
 * see. It merges that way only when the pieces hold more lines than the page asked for, so a
 * page that came back short lost nothing, and a read without a full page is complete. Otherwise
 * the read is checked against Loki's count of the lines (`counted`, when the caller has one,
 * else counted now); one that falls short of a fresh count is done again one interval at a time
 * (pages Loki does not split), and one still short is an error, never a silently smaller answer.
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
  const read = async (splitMs: number | undefined, why: string): Promise<{ out: T[]; lines: number; fullPages: number }> => {
    const opts = { pageSize: ctx.limits.maxEntriesPerQuery, maxLengthMs: ctx.plan.maxLengthMs, ...(splitMs ? { splitMs } : {}) };
    const out: T[] = [];
    let lines = 0;
    const { fullPages } = await logged(ctx, query, why, (tally) =>
      readLogs(ctx.api, query, window, opts, tally, (entry) => {
        // The budget is checked line by line, as the lines are read.
        if (--budget.left < 0) throw tooManyLines(ctx, undefined, budget, query);
        lines++;
        const value = take(entry);
        if (value !== undefined) out.push(value);
      }),
    );
    return { out, lines, fullPages };
  };
  const first = await read(undefined, purpose);
  if (first.fullPages === 0) return first.out;
  // Lines arriving during the read could make up for lines left out: near now, count again anyway.
  if (first.lines === counted && window.to <= Date.now() - LATE_LINES_MS) return first.out;
  const before = counted === undefined ? `${first.fullPages} full page${first.fullPages === 1 ? '' : 's'} of ${first.lines} lines read` : `${first.lines} read, ${counted} counted before`;
  const recount = await countLines(ctx, app, spec, window, `${purpose}: counted (${before})`);
  if (first.lines >= recount) return first.out;
  const minutes = ctx.limits.splitQueriesByIntervalMinutes ?? 60;
  budget.left += first.lines;
  const again = await read(minutes * 60_000, `${purpose}, read again within Loki's ${minutes}-minute query splits (${first.lines} of ${recount} lines came back)`);
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
