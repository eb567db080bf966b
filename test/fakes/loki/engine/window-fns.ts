/**
 * The functions of Loki's range aggregations over the values of one window, in time order, with
 * Loki's arithmetic (running mean, Welford variance, linear-interpolation quantile).
 */
import type { RangeAggregation } from '../logql/ast.js';

/** Reduces the values of one window. */
export type WindowFn = (values: number[]) => number;

const sum: WindowFn = (vs) => {
  let s = 0;
  for (const v of vs) s += v;
  return s;
};

/** The window function of a range aggregation. */
export function windowFn(e: RangeAggregation): WindowFn {
  const seconds = Number(e.range.rangeNs) / 1e9;
  switch (e.op) {
    case 'count_over_time': return (vs) => vs.length;
    case 'rate': return e.range.unwrap ? (vs) => sum(vs) / seconds : (vs) => vs.length / seconds;
    case 'bytes_over_time': return sum;
    case 'bytes_rate': return (vs) => sum(vs) / seconds;
    case 'sum_over_time': return sum;
    case 'avg_over_time': return avg;
    case 'min_over_time': return (vs) => vs.reduce((m, v) => (v < m || Number.isNaN(m) ? v : m), vs[0] ?? NaN);
    case 'max_over_time': return (vs) => vs.reduce((m, v) => (v > m || Number.isNaN(m) ? v : m), vs[0] ?? NaN);
    case 'stdvar_over_time': return (vs) => welford(vs).variance;
    case 'stddev_over_time': return (vs) => Math.sqrt(welford(vs).variance);
    case 'quantile_over_time': return (vs) => quantile(e.param ?? NaN, vs);
    case 'first_over_time': return (vs) => vs[0] ?? NaN;
    case 'last_over_time': return (vs) => vs[vs.length - 1] ?? NaN;
    case 'absent_over_time': return () => 1;
  }
}

function avg(vs: number[]): number {
  let mean = 0;
  let count = 0;
  for (const v of vs) {
    count++;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      if (!Number.isFinite(v) && !Number.isNaN(v) && mean > 0 === v > 0) continue;
      if (Number.isFinite(v)) continue;
    }
    mean += v / count - mean / count;
  }
  return mean;
}

function welford(vs: number[]): { variance: number } {
  let aux = 0;
  let mean = 0;
  let count = 0;
  for (const v of vs) {
    count++;
    const delta = v - mean;
    mean += delta / count;
    aux += delta * (v - mean);
  }
  return { variance: aux / count };
}

/** Prometheus/Loki Quantile: linear interpolation between the closest ranks. */
export function quantile(q: number, values: number[]): number {
  if (values.length === 0) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (sorted[lower] ?? NaN) * (1 - weight) + (sorted[upper] ?? NaN) * weight;
}

