/**
 * Vector aggregations per evaluation time, as Loki's VectorAggEvaluator: `sum`, `avg` (running
 * mean), `count`, `min`, `max`, `stddev`/`stdvar` (Welford), `topk`/`bottomk` (original labels,
 * per group), `sort`/`sort_desc`, grouped `by`/`without`.
 */
import type { SampleExpr, VectorAggregation } from '../logql/ast.js';
import { groupLabels, labelsString, type Labels } from './labels.js';
import type { Grid, Matrix, Series } from './matrix.js';

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  members: { key: string; series: Series; v: number }[];
}

/** Aggregates `inner` per grid point. */
export function evalVectorAgg(e: VectorAggregation, inner: Matrix, grid: Grid): Matrix {
  const out: Matrix = new Map();
  const incrementalAvg = !shardable(e.inner);
  const g = e.grouping ?? { without: false, labels: [] };
  const put = (key: string, labels: Labels, k: number, v: number): void => {
    let s = out.get(key);
    if (!s) {
      s = { labels, values: new Array<number | undefined>(grid.n).fill(undefined) };
      out.set(key, s);
    }
    s.values[k] = v;
  };
  for (let k = 0; k < grid.n; k++) {
    const groups = new Map<string, Group>();
    for (const [key, s] of inner) {
      const v = s.values[k];
      if (v === undefined) continue;
      const labels = groupLabels(s.labels, g.labels, g.without);
      const gk = labelsString(labels);
      let group = groups.get(gk);
      if (!group) {
        group = { labels, value: v, mean: v, count: 1, members: [{ key, series: s, v }] };
        if (e.op === 'stddev' || e.op === 'stdvar') group.value = group.mean = 0;
        if (e.op === 'stddev' || e.op === 'stdvar') accumulateVariance(group, v, true);
        groups.set(gk, group);
        continue;
      }
      group.members.push({ key, series: s, v });
      switch (e.op) {
        case 'sum': group.value += v; break;
        case 'avg': group.count++; group.value += v; group.mean += (v - group.mean) / group.count; break;
        case 'max': if (group.value < v || Number.isNaN(group.value)) group.value = v; break;
        case 'min': if (group.value > v || Number.isNaN(group.value)) group.value = v; break;
        case 'count': group.count++; break;
        case 'stddev': case 'stdvar': accumulateVariance(group, v, false); break;
        default: break;
      }
    }
    for (const [gk, group] of groups) {
      switch (e.op) {
        case 'topk':
        case 'bottomk':
          for (const m of pickK(group.members, e.param ?? 1, e.op === 'topk')) put(m.key, m.series.labels, k, m.v);
          break;
        case 'sort':
        case 'sort_desc':
          for (const m of group.members) put(m.key, m.series.labels, k, m.v);
          break;
        // Loki shards avg(x) as sum(x) / count(x) unless x cannot be sharded.
        case 'avg': put(gk, group.labels, k, incrementalAvg ? group.mean : group.value / group.count); break;
        case 'count': put(gk, group.labels, k, group.count); break;
        case 'stddev': put(gk, group.labels, k, Math.sqrt(group.value / group.count)); break;
        case 'stdvar': put(gk, group.labels, k, group.value / group.count); break;
        default: put(gk, group.labels, k, group.value);
      }
    }
  }
  return out;
}

/** Whether Loki's shard mapper can shard an expression (quantiles and stddev/stdvar cannot). */
function shardable(e: SampleExpr): boolean {
  if (e.kind === 'range') return e.op !== 'quantile_over_time' && e.op !== 'stddev_over_time' && e.op !== 'stdvar_over_time';
  if (e.kind === 'vector') return e.op !== 'stddev' && e.op !== 'stdvar' && shardable(e.inner);
  if (e.kind === 'binop') return shardable(e.left) && shardable(e.right);
  if (e.kind === 'label_replace') return false;
  return true;
}

function accumulateVariance(group: Group, v: number, first: boolean): void {
  if (!first) group.count++;
  const delta = v - group.mean;
  group.mean += delta / group.count;
  group.value += delta * (v - group.mean);
}

/** The k largest (or smallest) members; ties keep the earlier member. */
function pickK<T extends { v: number }>(members: T[], k: number, top: boolean): T[] {
  const ranked = members
    .map((m, i) => ({ m, i }))
    .sort((a, b) => {
      const av = Number.isNaN(a.m.v) ? -Infinity : a.m.v;
      const bv = Number.isNaN(b.m.v) ? -Infinity : b.m.v;
      return (top ? bv - av : av - bv) || a.i - b.i;
    });
  return ranked.slice(0, k).map((r) => r.m);
}
