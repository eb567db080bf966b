/**
 * Which range aggregations Loki 3.4.6's query frontend splits into 1 h downstream queries when
 * it answers an instant query (a port of the decisions in pkg/logql/rangemapper.go). It matters
 * because max_query_series then applies to each 1 h piece on its own, not to the whole range
 * (measured, README.md): `count(count_over_time({app="dice"} | json user="user" | keep user [1d]))`
 * answers with 1,233 users whose busiest hour has 173, while the same over all five apps, whose
 * busiest hour has more than 500, is refused.
 *
 * Rules kept from Loki: nothing is split unless the root is splittable (isSplittableByRange); a
 * vector aggregation splits only if the last range in its subtree is longer than the interval,
 * and pushes itself down unless it is count/topk/sort/sort_desc or wraps a binary operation; a
 * range aggregation splits if longer than the interval, unless it has a bare `| json` or
 * `| logfmt` without grouping or pushdown; a binary operation splits only if both sides do
 * (a literal side counts as split), otherwise neither does.
 */
import type { LabelReplace, RangeAggregation, SampleExpr, VectorAggregation } from '../logql/ast.js';
import { isSplittableByRange } from './evaluate.js';

/** Split range aggregations and the vector aggregation pushed into each piece (undefined: the piece is the range aggregation itself). */
export type SplitPlan = Map<RangeAggregation, VectorAggregation | undefined>;

interface Mapped {
  changed: boolean;
  splits: SplitPlan;
}

const UNCHANGED: Mapped = { changed: false, splits: new Map() };
const NO_PUSHDOWN_OPS = new Set(['count', 'topk', 'sort', 'sort_desc']);
const SPLIT_RANGE_OPS = new Set(['sum_over_time', 'bytes_over_time', 'count_over_time', 'max_over_time', 'min_over_time']);

/** The range aggregations an instant query of `root` is split into pieces of `splitNs`. */
export function splitPlan(root: SampleExpr, splitNs: bigint): SplitPlan {
  if (!isSplittableByRange(root)) return new Map();
  const mapped = map(root, undefined, splitNs);
  return mapped.changed ? mapped.splits : new Map();
}

function map(e: SampleExpr, pushdown: VectorAggregation | undefined, splitNs: bigint): Mapped {
  switch (e.kind) {
    case 'vector': {
      if (lastRange(e) <= splitNs) return UNCHANGED;
      const push = e.inner.kind !== 'binop' && !NO_PUSHDOWN_OPS.has(e.op) ? e : undefined;
      return map(e.inner, push, splitNs);
    }
    case 'range':
      return mapRange(e, pushdown, splitNs);
    case 'binop': {
      const left = map(e.left, pushdown, splitNs);
      if (!left.changed && e.left.kind !== 'literal') return UNCHANGED;
      const right = map(e.right, pushdown, splitNs);
      if (!right.changed && e.right.kind !== 'literal') return UNCHANGED;
      return { changed: left.changed || right.changed, splits: new Map([...left.splits, ...right.splits]) };
    }
    case 'label_replace':
      return map((e satisfies LabelReplace).inner, pushdown, splitNs);
    default:
      return UNCHANGED;
  }
}

function mapRange(e: RangeAggregation, pushdown: VectorAggregation | undefined, splitNs: bigint): Mapped {
  if (e.range.rangeNs <= splitNs) return UNCHANGED;
  // Only the bare parsers (`| json`, `| logfmt`) count as label extraction; `| json a="b"` does not.
  const extractor = e.range.selector.stages.some((s) => (s.kind === 'json' || s.kind === 'logfmt') && (s.params ?? []).length === 0);
  if (!e.grouping && !pushdown && extractor) return UNCHANGED;
  const rate = e.op === 'rate' || e.op === 'bytes_rate';
  if (!SPLIT_RANGE_OPS.has(e.op) && !rate) return UNCHANGED;
  if (rate && extractor && pushdown?.op !== 'sum') return UNCHANGED;
  return { changed: true, splits: new Map([[e, pushdown]]) };
}

/** getRangeInterval: the range of the last range aggregation in walk order (left before right). */
function lastRange(e: SampleExpr): bigint {
  switch (e.kind) {
    case 'range':
      return e.range.rangeNs;
    case 'vector':
    case 'label_replace':
      return lastRange(e.inner);
    case 'binop':
      return hasRange(e.right) ? lastRange(e.right) : lastRange(e.left);
    default:
      return 0n;
  }
}

function hasRange(e: SampleExpr): boolean {
  if (e.kind === 'range') return true;
  if (e.kind === 'vector' || e.kind === 'label_replace') return hasRange(e.inner);
  if (e.kind === 'binop') return hasRange(e.left) || hasRange(e.right);
  return false;
}
