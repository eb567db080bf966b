/**
 * Evaluates a metric expression on a grid and applies max_query_series where Loki 3.4.6 does
 * (measured, see README.md): on the result; on every vector aggregation nested in another
 * expression (so `count(sum by (user) (...))` fails beyond the limit); on range aggregations
 * unless a `sum`/`min`/`max`/`count`/`avg` consumes them directly, except `count` over an instant
 * query that Loki splits by range without a parser stage.
 */
import type { Expr, Grouping, RangeAggregation, SampleExpr } from '../logql/ast.js';
import { evalBinOp } from './binop.js';
import { SeriesLimitError } from './errors.js';
import type { Grid, Matrix, Value } from './matrix.js';
import { evalRangeAgg } from './range-agg.js';
import type { LineSource, ReadStats } from './source.js';
import { evalVectorAgg } from './vector-agg.js';

/** Everything an evaluation needs. */
export interface EvalEnv {
  grid: Grid;
  source: LineSource;
  stats: ReadStats;
  maxSeries: number;
  instant: boolean;
}

const PUSHDOWN_OPS = new Set(['sum', 'min', 'max', 'count', 'avg']);
const GROUPING_PUSHDOWN_RANGE_OPS = new Set(['bytes_over_time', 'bytes_rate', 'sum_over_time', 'rate', 'count_over_time']);
const SPLITTABLE_RANGE_OPS = new Set(['rate', 'bytes_rate', 'bytes_over_time', 'count_over_time', 'sum_over_time', 'max_over_time', 'min_over_time']);
const SPLITTABLE_VECTOR_OPS = new Set(['sum', 'count', 'max', 'min', 'avg', 'topk', 'sort', 'sort_desc']);
const HOUR_NS = 3_600_000_000_000n;

/** Evaluates the root expression. */
export function evaluate(e: SampleExpr, env: EvalEnv): Value {
  return evalNode(e, undefined, env);
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
      const pushed = parent?.kind === 'vector' && parent.op === 'sum' && !e.grouping && GROUPING_PUSHDOWN_RANGE_OPS.has(e.op) ? (parent.grouping ?? emptyGrouping) : undefined;
      m = evalRangeAgg(e, env.grid, env.source, env.stats, pushed);
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
  if (parent.kind !== 'vector' || !PUSHDOWN_OPS.has(parent.op)) return true;
  return parent.op === 'count' && env.instant && instantSplitByRange(e) && !hasParser(e);
}

function instantSplitByRange(e: RangeAggregation): boolean {
  return SPLITTABLE_RANGE_OPS.has(e.op) && e.range.rangeNs > HOUR_NS;
}

function hasParser(e: RangeAggregation): boolean {
  return e.range.selector.stages.some((s) => s.kind === 'json' || s.kind === 'logfmt');
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
    } else if (x.kind === 'vector') walk(x.inner);
    else if (x.kind === 'binop') {
      walk(x.left);
      walk(x.right);
    }
  };
  walk(e);
  return { rangeNs, offsetNs };
}
