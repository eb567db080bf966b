/**
 * `/loki/api/v1/query_range` and `/loki/api/v1/query`: parameter checks in Loki's order, then the
 * query, then limits, then evaluation. Every refusal is a BadRequest/answer with Loki's exact text.
 */
import { compareLabels } from '../engine/labels.js';
import { evaluate, maxRangeAndOffset } from '../engine/evaluate.js';
import { splitAndMerge } from '../engine/split-merge.js';
import { shardRewrite } from '../engine/rewrite.js';
import { splitPlan } from '../engine/split-by-range.js';
import { evalLogQuery, logSplitCount } from '../engine/log-query.js';
import type { Grid, Value } from '../engine/matrix.js';
import { checkInstantQuery, checkRangeQuery, checkTotalLength, rangeGrid } from '../engine/plan.js';
import type { LineSource, ReadStats } from '../engine/source.js';
import { parsePromDuration } from '../logql/duration.js';
import { parseLogQL } from '../logql/parser.js';
import type { LokiLimits } from '../limits.js';
import { labelsJson, pointJson, streamsJson } from './encode.js';
import { BadRequest, parseBounds, parseDirection, parseLimit, parseSecondsOrDuration, parseStep, parseTimestamp } from './params.js';
import { statsJson } from './stats.js';

/** What a query handler needs. */
export interface QueryContext {
  source: LineSource;
  limits: LokiLimits;
  nowNs: bigint;
  categorize: boolean;
}

/** A successful answer: the `data` members before `stats`, and the cost. */
export interface QueryAnswer {
  resultType: 'streams' | 'matrix' | 'vector' | 'scalar';
  resultJson: string;
  encodingFlags?: string[];
  entries: number;
  splits: number;
  read: ReadStats;
}

const MS = 1_000_000n;

/** Handles query_range. */
export function queryRange(form: URLSearchParams, ctx: QueryContext): QueryAnswer {
  const { startNs, endNs } = parseBounds(form, ctx.nowNs);
  if (endNs < startNs) throw new BadRequest('end timestamp must not be before or equal to start time');
  const limit = parseLimit(form);
  const direction = parseDirection(form);
  const stepNs = parseStep(form, startNs, endNs);
  if (stepNs <= 0n) throw new BadRequest('zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((endNs - startNs) / stepNs > BigInt(ctx.limits.maxPointsPerSeries)) {
    throw new BadRequest(`exceeded maximum resolution of ${ctx.limits.maxPointsPerSeries.toLocaleString('en-US')} points per time series. Try increasing the value of the step parameter`);
  }
  const interval = form.get('interval');
  if (interval) {
    const ns = parseSecondsOrDuration(interval);
    if (ns < 0n) throw new BadRequest('interval must be >= 0');
    if (ns > 0n) throw new BadRequest('the fake Loki does not implement the interval parameter');
  }
  const expr = parseLogQL(form.get('query') ?? '');
  const maxLen = parsePromDuration(ctx.limits.maxQueryLength);
  const read: ReadStats = { lines: 0, bytes: 0, metadataBytes: 0 };
  if (expr.kind === 'log') {
    if (limit > ctx.limits.maxEntriesLimitPerQuery) {
      throw new BadRequest(`max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${ctx.limits.maxEntriesLimitPerQuery})`);
    }
    checkTotalLength(startNs, endNs, maxLen);
    const streams = evalLogQuery({ selector: expr, startNs, endNs, limit, direction, categorize: ctx.categorize }, ctx.source, read);
    return {
      resultType: 'streams',
      resultJson: streamsJson(streams),
      encodingFlags: ctx.categorize ? ['categorize-labels'] : undefined,
      entries: streams.reduce((n, s) => n + s.values.length, 0),
      splits: logSplitCount(startNs, endNs),
      read,
    };
  }
  const grid = rangeGrid(startNs, endNs, stepNs);
  checkRangeQuery(expr, startNs, endNs, grid, maxLen, parsePromDuration(ctx.limits.splitQueriesByInterval));
  const env = { grid, source: ctx.source, stats: read, maxSeries: ctx.limits.maxQuerySeries, instant: false, splitNs: parsePromDuration(ctx.limits.splitQueriesByInterval) };
  const evaluated = evaluate(shardRewrite(expr), env);
  const { rangeNs } = maxRangeAndOffset(expr);
  const splitNs = rangeNs > env.splitNs ? rangeNs : env.splitNs;
  const value: Value = evaluated.kind === 'matrix' ? { kind: 'matrix', m: splitAndMerge(evaluated.m, grid, splitNs, direction === 'backward') } : evaluated;
  const series = matrixJson(value, grid);
  return { resultType: 'matrix', resultJson: series.json, entries: series.count, splits: grid.n, read };
}

/** Handles query (instant). */
export function queryInstant(form: URLSearchParams, ctx: QueryContext): QueryAnswer {
  parseLimit(form);
  const timeNs = parseTimestamp(form.get('time') ?? undefined, ctx.nowNs);
  parseDirection(form);
  const expr = parseLogQL(form.get('query') ?? '');
  if (expr.kind === 'log') {
    throw new BadRequest('log queries are not supported as an instant query type, please change your query to a range query type');
  }
  const splitNs = parsePromDuration(ctx.limits.splitQueriesByInterval);
  checkInstantQuery(expr, parsePromDuration(ctx.limits.maxQueryLength), splitNs);
  const grid: Grid = { t0: timeNs, step: 1n, n: 1 };
  const read: ReadStats = { lines: 0, bytes: 0, metadataBytes: 0 };
  // The frontend splits by range before it shards, so the plan is made on the query as sent.
  const split = splitPlan(expr, splitNs);
  const value = evaluate(shardRewrite(expr), { grid, source: ctx.source, stats: read, maxSeries: ctx.limits.maxQuerySeries, instant: true, splitNs, split });
  const ms = Number(timeNs / MS);
  if (value.kind === 'scalar') return { resultType: 'scalar', resultJson: pointJson(ms, value.v), entries: 1, splits: 1, read };
  let items = [...value.m.values()].filter((s) => s.values[0] !== undefined);
  const sortBy = expr.kind === 'vector' && (expr.op === 'sort' || expr.op === 'sort_desc') ? expr.op : undefined;
  items = items.sort((a, b) => {
    if (sortBy) return ((a.values[0] ?? 0) - (b.values[0] ?? 0)) * (sortBy === 'sort' ? 1 : -1);
    return compareLabels(a.labels, b.labels);
  });
  const json = '[' + items.map((s) => `{"metric":${labelsJson(s.labels)},"value":${pointJson(ms, s.values[0] ?? NaN)}}`).join(',') + ']';
  return { resultType: 'vector', resultJson: json, entries: items.length, splits: 1, read };
}

function matrixJson(value: Value, grid: Grid): { json: string; count: number } {
  const times = Array.from({ length: grid.n }, (_, k) => Number((grid.t0 + grid.step * BigInt(k)) / MS));
  const series = value.kind === 'scalar'
    ? [{ labels: {}, values: times.map(() => value.v) }]
    : [...value.m.values()].sort((a, b) => compareLabels(a.labels, b.labels));
  const parts = series.map((s) => {
    const points = s.values.flatMap((v, k) => (v === undefined ? [] : [pointJson(times[k] ?? 0, v)]));
    return `{"metric":${labelsJson(s.labels)},"values":[${points.join(',')}]}`;
  });
  return { json: '[' + parts.join(',') + ']', count: series.length };
}

/** The full success body. */
export function answerBody(a: QueryAnswer, execSeconds: number): string {
  const flags = a.encodingFlags ? `"encodingFlags":${JSON.stringify(a.encodingFlags)},` : '';
  const stats = JSON.stringify(statsJson({ read: a.read, entriesReturned: a.entries, splits: a.splits, execSeconds }));
  return `{"status":"success","data":{"resultType":"${a.resultType}",${flags}"result":${a.resultJson},"stats":${stats}}}`;
}
