/**
 * Statistics shared by the demo organisation and the analytics, written to give exactly what
 * PromQL and LogQL give for the same data, so a report's figures do not depend on the source.
 */

/** Quantile with linear interpolation between closest ranks, as PromQL `quantile` and LogQL `quantile_over_time`. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

/** One cumulative histogram bucket: observations <= `le`. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/**
 * PromQL `histogram_quantile` over cumulative buckets (the last must be +Inf): linear
 * interpolation inside the bucket that holds the rank; null when there are no observations.
 */
export function histogramQuantile(q: number, buckets: readonly CumulativeBucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const last = sorted[sorted.length - 1];
  if (sorted.length < 2 || !last || last.le !== Infinity) return null;
  // Counters of a histogram may be scraped out of sync: force monotonicity as Prometheus does.
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.count < sorted[i - 1]!.count) sorted[i] = { le: sorted[i]!.le, count: sorted[i - 1]!.count };
  }
  const total = last.count;
  if (total === 0 || Number.isNaN(total)) return null;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  let rank = q * total;
  let b = sorted.findIndex((bucket) => bucket.count >= rank);
  if (b === -1) b = sorted.length - 1;
  if (b === sorted.length - 1) return sorted[sorted.length - 2]!.le;
  if (b === 0 && sorted[0]!.le <= 0) return sorted[0]!.le;
  let start = 0;
  let count = sorted[b]!.count;
  if (b > 0) {
    start = sorted[b - 1]!.le;
    count -= sorted[b - 1]!.count;
    rank -= sorted[b - 1]!.count;
  }
  return start + (sorted[b]!.le - start) * (rank / count);
}

/** Mean of the non-null values, or null when there are none. */
export function mean(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (v === null || Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}
