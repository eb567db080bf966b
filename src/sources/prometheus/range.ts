/**
 * Splitting range queries so no answer exceeds Prometheus' 11,000 points per series, and
 * stitching the chunks back together.
 */
import type { Series } from './schema.js';

/** Prometheus' limit of points per series in one range query. */
export const MAX_POINTS_PER_SERIES = 11_000;

/** One range query's [start, end] in epoch ms. */
export interface RangeChunk {
  start: number;
  end: number;
}

/** Evaluation points of a range query: start, start + step, ... <= end. */
export function pointCount(start: number, end: number, step: number): number {
  return end < start ? 0 : Math.floor((end - start) / step) + 1;
}

/** Splits [start, end] into consecutive chunks of at most `maxPoints` evaluation points each. */
export function chunkRange(start: number, end: number, step: number, maxPoints = MAX_POINTS_PER_SERIES): RangeChunk[] {
  if (!(step > 0)) throw new RangeError(`step must be positive, got ${step}`);
  const chunks: RangeChunk[] = [];
  const total = pointCount(start, end, step);
  for (let first = 0; first < total; first += maxPoints) {
    const chunkStart = start + first * step;
    chunks.push({ start: chunkStart, end: Math.min(end, chunkStart + (maxPoints - 1) * step) });
  }
  return chunks;
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Joins the series of several chunks by label set; samples in time order. */
export function mergeSeries(parts: readonly Series[][]): Series[] {
  const byKey = new Map<string, Series>();
  for (const part of parts) {
    for (const series of part) {
      const key = labelKey(series.labels);
      const found = byKey.get(key);
      if (found) found.samples.push(...series.samples);
      else byKey.set(key, { labels: series.labels, samples: [...series.samples] });
    }
  }
  const merged = [...byKey.values()];
  for (const series of merged) series.samples.sort((a, b) => a.t - b.t);
  return merged;
}
