/**
 * How Loki 3.4.6's frontend answers a metric range query whose step is at least its split
 * interval (max of split_queries_by_interval and the longest range): one part per step,
 * [t_k, t_k+1] with both ends, run in reverse order unless `direction=forward`, then sorted by the
 * time of the first sample of each part's first series (stable for the few parts measured) and
 * merged series by series, dropping every sample not later than the last one kept. When a
 * part's first series has no sample at its start, a later part can stay ahead of it and the
 * earlier samples of series in both are lost (measured, README.md).
 */
import { compareLabels, type Labels } from './labels.js';
import type { Grid, Matrix } from './matrix.js';

interface Part {
  streams: { key: string; labels: Labels; samples: { k: number; v: number }[] }[];
}

/** The answer after the split and merge, or `m` as it is when Loki would not split the query. */
export function splitAndMerge(m: Matrix, grid: Grid, intervalNs: bigint, backward: boolean): Matrix {
  if (grid.step < intervalNs || grid.n < 3) return m;
  const sorted = [...m.entries()].sort((a, b) => compareLabels(a[1].labels, b[1].labels));
  const parts: Part[] = [];
  for (let k = 0; k + 1 < grid.n; k++) {
    const streams = sorted.flatMap(([key, s]) => {
      const samples = [k, k + 1].flatMap((i) => (s.values[i] === undefined ? [] : [{ k: i, v: s.values[i]! }]));
      return samples.length ? [{ key, labels: s.labels, samples }] : [];
    });
    parts.push({ streams });
  }
  if (backward) parts.reverse();
  const minTime = (p: Part): number => p.streams[0]?.samples[0]?.k ?? -1;
  // Array.prototype.sort is stable, as Go's insertion sort is for up to 12 parts.
  parts.sort((a, b) => minTime(a) - minTime(b));
  const out: Matrix = new Map();
  const last = new Map<string, number>();
  for (const part of parts) {
    for (const stream of part.streams) {
      let series = out.get(stream.key);
      if (!series) out.set(stream.key, (series = { labels: stream.labels, values: new Array<number | undefined>(grid.n).fill(undefined) }));
      for (const sample of stream.samples) {
        if (sample.k <= (last.get(stream.key) ?? -1)) continue;
        series.values[sample.k] = sample.v;
        last.set(stream.key, sample.k);
      }
    }
  }
  return out;
}
