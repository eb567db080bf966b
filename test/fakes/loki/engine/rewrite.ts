/**
 * Rewrites Loki's query frontend applies when it shards a query and that change answers:
 * `avg_over_time(... | unwrap x [r]) by (g)` becomes
 * `sum by (g) (sum_over_time(... | unwrap x [r])) / sum by (g) (count_over_time(... [r]))`, so the
 * count includes lines without `x` (measured: the average halves when half the lines lack it).
 */
import type { Grouping, RangeAggregation, SampleExpr, Stage } from '../logql/ast.js';

const reducesLabels = (g: Grouping | undefined): boolean => g !== undefined && g.labels.length > 0;
const keepsOrDrops = (stages: Stage[]): boolean => stages.some((s) => s.kind === 'keep' || s.kind === 'drop');

/** Applies the shard mapper's semantic rewrites. */
export function shardRewrite(e: SampleExpr): SampleExpr {
  switch (e.kind) {
    case 'vector':
      return { ...e, inner: shardRewrite(e.inner) };
    case 'binop':
      return { ...e, left: shardRewrite(e.left), right: shardRewrite(e.right) };
    case 'label_replace':
      return { ...e, inner: shardRewrite(e.inner) };
    case 'range':
      return e.op === 'avg_over_time' ? rewriteAvgOverTime(e) : e;
    default:
      return e;
  }
}

function rewriteAvgOverTime(e: RangeAggregation): SampleExpr {
  const conflict = reducesLabels(e.grouping) || keepsOrDrops(e.range.selector.stages);
  const noop = e.grouping === undefined || (e.grouping.without && e.grouping.labels.length === 0);
  if (!conflict && noop) return e;
  const grouping: Grouping = e.grouping ?? { without: true, labels: [] };
  const unwrapLabel = e.range.unwrap?.label;
  const rhsGrouping: Grouping = grouping.without && unwrapLabel ? { without: true, labels: [...grouping.labels, unwrapLabel] } : grouping;
  const sumOver: RangeAggregation = { kind: 'range', op: 'sum_over_time', range: e.range };
  const countOver: RangeAggregation = { kind: 'range', op: 'count_over_time', range: { ...e.range, unwrap: undefined } };
  return {
    kind: 'binop',
    op: '/',
    opts: { returnBool: false, on: false, matching: [] },
    left: { kind: 'vector', op: 'sum', inner: sumOver, grouping },
    right: { kind: 'vector', op: 'sum', inner: countOver, grouping: rhsGrouping },
  };
}
