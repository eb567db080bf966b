/**
 * How Loki 3.4.6's query frontend shapes a query before evaluating it, as far as a client can see:
 * metric range queries are evaluated at multiples of `step` since the epoch (start rounded down,
 * end rounded up), split into sub-queries, and `max_query_length` is checked on the whole range
 * and again on each sub-query including its range vector; instant queries that Loki splits by
 * range are not length-limited at all. Measured against a real Loki (see README.md).
 */
import type { Expr, SampleExpr } from '../logql/ast.js';
import { formatGoDuration, formatPromDuration } from '../logql/duration.js';
import { isSplittableByRange, maxRangeAndOffset } from './evaluate.js';
import type { Grid } from './matrix.js';

const MS = 1_000_000n;
const HOUR_NS = 3_600_000_000_000n;

/** `max_query_length` exceeded, with Loki's text. */
export class QueryLengthError extends Error {
  constructor(lengthNs: bigint, maxNs: bigint) {
    super(`the query time range exceeds the limit (query length: ${formatGoDuration(lengthNs)}, limit: ${formatPromDuration(maxNs)})`);
  }
}

const floorTo = (t: bigint, step: bigint): bigint => t - (((t % step) + step) % step);
const ceilTo = (t: bigint, step: bigint): bigint => {
  const f = floorTo(t, step);
  return f === t ? t : f + step;
};

/** The evaluation grid of a range query: aligned to whole steps since the epoch (step in ms). */
export function rangeGrid(startNs: bigint, endNs: bigint, stepNs: bigint): Grid {
  const step = (stepNs / MS) * MS || stepNs;
  const t0 = floorTo(startNs, step);
  const tEnd = ceilTo(endNs, step);
  return { t0, step, n: Number((tEnd - t0) / step) + 1 };
}

/** The frontend check on end - start (millisecond precision), for log and metric queries. */
export function checkTotalLength(startNs: bigint, endNs: bigint, maxNs: bigint): void {
  const len = (endNs / MS - startNs / MS) * MS;
  if (maxNs > 0n && len > maxNs) throw new QueryLengthError(len, maxNs);
}

/** Sub-query spans of a split metric range query (Loki's metricQuerySplitter). */
export function metricSubQuerySpans(grid: Grid, expr: Expr, splitNs: bigint): bigint[] {
  const { rangeNs } = maxRangeAndOffset(expr);
  const interval = rangeNs > splitNs ? rangeNs : splitNs;
  const start = grid.t0;
  const end = grid.t0 + grid.step * BigInt(grid.n - 1);
  if (start === end) return [0n];
  const spans: bigint[] = [];
  if (grid.step >= interval) {
    for (let s = start; s < end; s += grid.step) spans.push((s + grid.step < end ? s + grid.step : end) - s);
    return spans;
  }
  const nextBoundary = (t: bigint): bigint => {
    const next = (t / interval + 1n) * interval;
    let target = next - ((next - t) % grid.step);
    if (target === next) target -= grid.step;
    return target;
  };
  for (let s = start; s < end; s = nextBoundary(s) + grid.step) {
    let e = nextBoundary(s);
    if (e + grid.step >= end) e = end;
    spans.push(e - s);
  }
  return spans;
}

/** The querier-side checks of each sub-query: span + range at ms precision, then + 1 ns. */
export function checkSubQueryLength(spanNs: bigint, rangeNs: bigint, maxNs: bigint): void {
  if (maxNs <= 0n) return;
  const coarse = ((spanNs + rangeNs) / MS) * MS;
  if (coarse > maxNs) throw new QueryLengthError(coarse, maxNs);
  if (spanNs + rangeNs + 1n > maxNs) throw new QueryLengthError(spanNs + rangeNs + 1n, maxNs);
}

/** Length checks of a metric range query. */
export function checkRangeQuery(expr: SampleExpr, startNs: bigint, endNs: bigint, grid: Grid, maxNs: bigint, splitNs: bigint): void {
  checkTotalLength(startNs, endNs, maxNs);
  const { rangeNs } = maxRangeAndOffset(expr);
  const spans = metricSubQuerySpans(grid, expr, splitNs);
  const longest = spans.reduce((a, b) => (b > a ? b : a), 0n);
  checkSubQueryLength(longest, rangeNs, maxNs);
}

/** Length checks of an instant query: only those Loki cannot split by range are limited. */
export function checkInstantQuery(expr: SampleExpr, maxNs: bigint, splitNs: bigint = HOUR_NS): void {
  const { rangeNs } = maxRangeAndOffset(expr);
  if (isSplittableByRange(expr) && rangeNs > splitNs) return;
  checkSubQueryLength(0n, rangeNs, maxNs);
}
