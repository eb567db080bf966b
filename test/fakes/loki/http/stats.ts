/**
 * `data.stats` in the structure of Loki 3.4.6 (copied from the recorded samples). The summary and
 * the ingester head-chunk counters are filled truthfully from what the fake read; timings are the
 * fake's own; caches and store counters stay zero as on a Loki whose data sits in its ingester.
 */
import type { ReadStats } from '../engine/source.js';

const cacheEntry = (): Record<string, number> => ({
  entriesFound: 0, entriesRequested: 0, entriesStored: 0, bytesReceived: 0, bytesSent: 0, requests: 0, downloadTime: 0, queryLengthServed: 0,
});

function store(chunk: { bytes: number; lines: number; meta: number; postFilter: number }): Record<string, unknown> {
  return {
    totalChunksRef: 0, totalChunksDownloaded: 0, chunksDownloadTime: 0, queryReferencedStructuredMetadata: false,
    chunk: {
      headChunkBytes: chunk.bytes, headChunkLines: chunk.lines, decompressedBytes: 0, decompressedLines: 0, compressedBytes: 0,
      totalDuplicates: 0, postFilterLines: chunk.postFilter, headChunkStructuredMetadataBytes: chunk.meta, decompressedStructuredMetadataBytes: 0,
    },
    chunkRefsFetchTime: 0, congestionControlLatency: 0, pipelineWrapperFilteredLines: 0,
  };
}

/** What one query cost, for its stats block. */
export interface QueryCost {
  read: ReadStats;
  entriesReturned: number;
  splits: number;
  execSeconds: number;
}

/** The stats object of a query response. */
export function statsJson(c: QueryCost): Record<string, unknown> {
  const secs = c.execSeconds > 0 ? c.execSeconds : 1e-6;
  return {
    summary: {
      bytesProcessedPerSecond: Math.floor(c.read.bytes / secs),
      linesProcessedPerSecond: Math.floor(c.read.lines / secs),
      totalBytesProcessed: c.read.bytes,
      totalLinesProcessed: c.read.lines,
      execTime: c.execSeconds,
      queueTime: 0,
      subqueries: 0,
      totalEntriesReturned: c.entriesReturned,
      splits: c.splits,
      shards: c.splits,
      totalPostFilterLines: c.read.lines,
      totalStructuredMetadataBytesProcessed: c.read.metadataBytes,
    },
    querier: { store: store({ bytes: 0, lines: 0, meta: 0, postFilter: 0 }) },
    ingester: {
      totalReached: c.splits,
      totalChunksMatched: c.read.lines > 0 ? 1 : 0,
      totalBatches: c.splits,
      totalLinesSent: c.entriesReturned,
      store: store({ bytes: c.read.bytes, lines: c.read.lines, meta: c.read.metadataBytes, postFilter: c.read.lines }),
    },
    cache: {
      chunk: cacheEntry(), index: cacheEntry(), result: cacheEntry(), statsResult: cacheEntry(), volumeResult: cacheEntry(),
      seriesResult: cacheEntry(), labelResult: cacheEntry(), instantMetricResult: cacheEntry(),
    },
    index: { totalChunks: 0, postFilterChunks: 0, shardsDuration: 0, usedBloomFilters: false },
  };
}
