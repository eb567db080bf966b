/**
 * Loki's `data.stats`, rebuilt from what Grafana keeps of it: the "Summary: ..." and
 * "Ingester: ..." figures of `meta.stats` on the first frame (pkg/tsdb/loki/frame.go parseStats).
 * Everything else Loki reports (querier, cache, index, queue time, splits, shards) is dropped by
 * Grafana and cannot be rebuilt; `totalEntriesReturned` is recounted from the answer.
 */
import type { Frame } from './frame-schema.js';

/** The part of Loki's stats that survives Grafana. */
export interface LokiStats {
  summary: Record<string, number>;
  ingester?: Record<string, number>;
}

const SUMMARY: Record<string, string> = {
  'Summary: bytes processed per second': 'bytesProcessedPerSecond',
  'Summary: lines processed per second': 'linesProcessedPerSecond',
  'Summary: total bytes processed': 'totalBytesProcessed',
  'Summary: total lines processed': 'totalLinesProcessed',
  'Summary: exec time': 'execTime',
};

// Grafana reads the chunk figures at the top of `ingester`, where Loki 3 no longer puts them
// (they moved to ingester.store.chunk), so only these four carry real values.
const INGESTER: Record<string, string> = {
  'Ingester: total reached': 'totalReached',
  'Ingester: total chunks matched': 'totalChunksMatched',
  'Ingester: total batches': 'totalBatches',
  'Ingester: total lines sent': 'totalLinesSent',
};

/** Stats of an answer whose first frame is `frame`, with `entries` lines (logs) or series (metrics) returned. */
export function lokiStats(frame: Frame | undefined, entries: number): LokiStats {
  const summary: Record<string, number> = {};
  const ingester: Record<string, number> = {};
  for (const stat of frame?.schema.meta?.stats ?? []) {
    const name = stat.displayName ?? '';
    const summaryKey = SUMMARY[name];
    const ingesterKey = INGESTER[name];
    if (summaryKey) summary[summaryKey] = stat.value;
    if (ingesterKey) ingester[ingesterKey] = stat.value;
  }
  summary.totalEntriesReturned = entries;
  return Object.keys(ingester).length > 0 ? { summary, ingester } : { summary };
}

/** The figures of several answers together (a log page read in parts); rates are recomputed from the totals. */
export function sumLokiStats(parts: readonly LokiStats[]): LokiStats {
  const [only] = parts;
  if (parts.length === 1 && only) return only;
  const add = (records: (Record<string, number> | undefined)[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const record of records) for (const [k, v] of Object.entries(record ?? {})) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const summary = add(parts.map((p) => p.summary));
  const exec = summary.execTime ?? 0;
  if (exec > 0) {
    summary.bytesProcessedPerSecond = Math.round((summary.totalBytesProcessed ?? 0) / exec);
    summary.linesProcessedPerSecond = Math.round((summary.totalLinesProcessed ?? 0) / exec);
  }
  return parts.some((p) => p.ingester) ? { summary, ingester: add(parts.map((p) => p.ingester)) } : { summary };
}
