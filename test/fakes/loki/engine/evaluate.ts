/**
 * Evaluates a metric expression on a grid and applies max_query_series where Loki 3.4.6 does
 * (measured, see README.md): on the result; on every vector aggregation nested in another
 * expression (so `count(sum by (user) (...))` fails beyond the limit); on range aggregations
 * unless a `sum` consumes them directly, or a `count`/`min`/`max`/`avg` and no label is dropped
 * (`keep`, `drop`, grouping). Range aggregations that an instant query splits into 1 h pieces
 * (split-by-range.ts) are limited per piece instead.
 */
import type { Expr, Grouping, RangeAggregation, SampleExpr } from '../logql/ast.js';
import { evalBinOp } from './binop.js';
import { SeriesLimitError } from './errors.js';
import { evalLabelReplace } from './label-replace.js';
import type { Grid, Matrix, Value } from './matrix.js';
import { extractionKey } from './extract.js';
import { evalRangeAgg } from './range-agg.js';
import { SampleCache } from './sample-cache.js';
import type { SplitPlan } from './split-by-range.js';
import type { LineSource, ReadStats } from './source.js';
import { evalVectorAgg } from './vector-agg.js';

/** Everything an evaluation needs. */
export interface EvalEnv {
  grid: Grid;
  source: LineSource;
  stats: ReadStats;
  maxSeries: number;
  instant: boolean;
  /** split_queries_by_interval: the piece length of instant queries split by range. */
  splitNs: bigint;
  /** Range aggregations of an instant query that Loki evaluates in pieces (splitPlan of the query as sent). */
  split?: SplitPlan;
  /** Shared reads of this evaluation (set by evaluate). */
  cache?: SampleCache;
}

const PUSHDOWN_OPS = new Set(['sum', 'min', 'max', 'count', 'avg']);
const GROUPING_PUSHDOWN_RANGE_OPS = new Set(['bytes_over_time', 'bytes_rate', 'sum_over_time', 'rate', 'count_over_time']);
const SPLITTABLE_RANGE_OPS = new Set(['rate', 'bytes_rate', 'bytes_over_time', 'count_over_time', 'sum_over_time', 'max_over_time', 'min_over_time']);
const SPLITTABLE_VECTOR_OPS = new Set(['sum', 'count', 'max', 'min', 'avg', 'topk', 'sort', 'sort_desc']);

/** Evaluates the root expression. */
export function evaluate(e: SampleExpr, env: EvalEnv): Value {
  const cache = new SampleCache();
  planReads(e, undefined, env.grid, cache);
  return evalNode(e, undefined, { ...env, cache });
}

/** A parent `sum`'s grouping that Loki pushes into a range aggregation below it. */
function pushedGrouping(e: RangeAggregation, parent: SampleExpr | undefined): Grouping | undefined {
  return parent?.kind === 'vector' && parent.op === 'sum' && !e.grouping && GROUPING_PUSHDOWN_RANGE_OPS.has(e.op) ? (parent.grouping ?? emptyGrouping) : undefined;
}

/** Announces every range aggregation's window to the cache, so that equal ones read their lines once. */
function planReads(e: SampleExpr, parent: SampleExpr | undefined, grid: Grid, cache: SampleCache): void {
  if (e.kind === 'vector' || e.kind === 'label_replace') planReads(e.inner, e, grid, cache);
  if (e.kind === 'binop') {
    planReads(e.left, e, grid, cache);
    planReads(e.right, e, grid, cache);
  }
  if (e.kind !== 'range') return;
  const { rangeNs, offsetNs } = e.range;
  const last = grid.t0 + grid.step * BigInt(grid.n - 1);
  cache.plan(extractionKey(e, e.grouping ?? pushedGrouping(e, parent)), grid.t0 - offsetNs - rangeNs + 1n, last - offsetNs + 1n);
}

function evalNode(e: SampleExpr, parent: SampleExpr | undefined, env: EvalEnv): Value {
  let m: Matrix;
  switch (e.kind) {
    case 'literal':
      return { kind: 'scalar', v: e.value };
    case 'vector_literal':
      m = new Map([['{}', { labels: {}, values: new Array<number>(env.grid.n).fill(e.value) }]]);
      break;
    case 'range': {
      const pushed = pushedGrouping(e, parent);
      // A piece of a split instant query is this range aggregation alone unless a vector aggregation was pushed into it.
      const pieces = env.split?.has(e) && env.split.get(e) === undefined ? { splitNs: env.splitNs, maxSeries: env.maxSeries } : undefined;
      m = evalRangeAgg(e, env.grid, env.source, env.stats, pushed, { pieces, rangeQuery: !env.instant, cache: env.cache });
      break;
    }
    case 'label_replace': {
      const inner = evalNode(e.inner, e, env);
      if (inner.kind !== 'matrix') return inner;
      m = evalLabelReplace(e, inner.m);
      break;
    }
    case 'vector': {
      const inner = evalNode(e.inner, e, env);
      if (inner.kind !== 'matrix') return inner;
      m = evalVectorAgg(e, inner.m, env.grid);
      break;
    }
    case 'binop': {
      const left = evalNode(e.left, e, env);
      const right = evalNode(e.right, e, env);
      m = evalBinOp(e, left, right, env.grid);
      break;
    }
  }
  if (limited(e, parent, env) && m.size > env.maxSeries) throw new SeriesLimitError(env.maxSeries);
  return { kind: 'matrix', m };
}

const emptyGrouping: Grouping = { without: false, labels: [] };

function limited(e: SampleExpr, parent: SampleExpr | undefined, env: EvalEnv): boolean {
  if (!parent) return true;
  if (e.kind === 'vector') return true;
  if (e.kind !== 'range') return false;
  // Split into pieces: each piece was checked on its own (range-agg.ts).
  if (env.split?.has(e)) return false;
  if (parent.kind !== 'vector' || !PUSHDOWN_OPS.has(parent.op)) return true;
  // The shard mapper pushes sum into the shards always, count/min/max/avg only when no label is
  // dropped (keep, drop, a range grouping): else each shard answers the range aggregation itself.
  return parent.op !== 'sum' && reducesLabels(e);
}

/** syntax.ReducesLabels for a range aggregation. */
function reducesLabels(e: RangeAggregation): boolean {
  return (e.grouping?.labels.length ?? 0) > 0 || e.range.selector.stages.some((s) => s.kind === 'keep' || s.kind === 'drop');
}

/** Loki's isSplittableByRange: instant queries it rewrites into 1 h pieces (no length limit then). */
export function isSplittableByRange(e: SampleExpr): boolean {
  switch (e.kind) {
    case 'vector':
      return SPLITTABLE_VECTOR_OPS.has(e.op) && isSplittableByRange(e.inner);
    case 'range':
      return SPLITTABLE_RANGE_OPS.has(e.op);
    case 'binop':
      return isSplittableByRange(e.left) || (e.left.kind === 'literal' && isSplittableByRange(e.right)) || e.right.kind === 'literal';
    case 'label_replace':
      return isSplittableByRange(e.inner);
    default:
      return false;
  }
}

/** The largest range and offset of any range aggregation in the expression. */
export function maxRangeAndOffset(e: Expr): { rangeNs: bigint; offsetNs: bigint } {
  let rangeNs = 0n;
  let offsetNs = 0n;
  const walk = (x: Expr): void => {
    if (x.kind === 'range') {
      if (x.range.rangeNs > rangeNs) rangeNs = x.range.rangeNs;
      if (x.range.offsetNs > offsetNs) offsetNs = x.range.offsetNs;
    } else if (x.kind === 'vector' || x.kind === 'label_replace') walk(x.inner);
    else if (x.kind === 'binop') {
      walk(x.left);
      walk(x.right);
    }
  };
  walk(e);
  return { rangeNs, offsetNs };
}
