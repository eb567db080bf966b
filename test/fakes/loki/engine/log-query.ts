/**
 * Log (streams) queries as Loki 3.4.6 answers them: `start` inclusive, `end` exclusive, `limit`
 * counted across all streams, newest first by default. Lines sharing a timestamp keep push order
 * within a stream (reversed when backward); across streams ties go by the stream's labels hash, as in
 * Loki's iterators, and a line equal to another of its stream at that nanosecond is dropped. Streams
 * come out sorted
 * by label string, descending for a backward query that Loki splits into several 1 h sub-queries.
 */
import type { LogSelector } from '../logql/ast.js';
import { compareGo } from '../logql/format.js';
import { labelsString, sortedObject, type Labels } from './labels.js';
import { LineLabels } from './line-labels.js';
import { compilePipeline } from './pipeline.js';
import type { LineSource, ReadStats } from './source.js';

/** Parameters of one log query. */
export interface LogQueryParams {
  selector: LogSelector;
  startNs: bigint;
  endNs: bigint;
  limit: number;
  direction: 'forward' | 'backward';
  categorize: boolean;
}

/** One value of a stream: [ns, line] or, categorized, [ns, line, {structuredMetadata, parsed}]. */
export type StreamValue = [string, string] | [string, string, { structuredMetadata?: Labels; parsed?: Labels }];

/** One stream of the result. */
export interface StreamResult {
  stream: Labels;
  values: StreamValue[];
}

interface Hit {
  tsNs: bigint;
  seq: number;
  tie: bigint;
  stream: string;
  line: string;
  labels: LineLabels;
  dropped?: boolean;
}

const HOUR_NS = 3_600_000_000_000n;

/** Number of 1 h sub-queries Loki's frontend splits [start, end) into. */
export function logSplitCount(startNs: bigint, endNs: bigint): number {
  const aligned = startNs - (((startNs % HOUR_NS) + HOUR_NS) % HOUR_NS);
  if (endNs <= startNs) return 1;
  return Number((endNs - aligned + HOUR_NS - 1n) / HOUR_NS);
}

/** Evaluates a log query. */
export function evalLogQuery(p: LogQueryParams, source: LineSource, stats: ReadStats): StreamResult[] {
  const pipeline = compilePipeline(p.selector.stages);
  const forward = p.direction === 'forward';
  const order = (a: Hit, b: Hit): number => {
    if (a.tsNs !== b.tsNs) return (a.tsNs < b.tsNs ? -1 : 1) * (forward ? 1 : -1);
    if (a.tie !== b.tie) return a.tie < b.tie ? -1 : 1;
    return (a.seq - b.seq) * (forward ? 1 : -1);
  };
  let hits: Hit[] = [];
  const seen = new Map<string, Hit>();
  let dupTs = -1n;
  const trim = (): void => {
    hits = hits.filter((h) => !h.dropped);
    hits.sort(order);
    const boundary = hits[p.limit - 1];
    if (boundary) hits = hits.filter((h, i) => i < p.limit || h.tsNs === boundary.tsNs);
  };
  for (const l of source.read(p.selector.matchers, p.startNs, p.endNs, stats)) {
    // Forward: once `limit` lines are kept, only lines sharing the last timestamp can still count.
    if (forward && hits.length >= p.limit && l.tsNs > (hits[hits.length - 1]?.tsNs ?? 0n)) break;
    const labels = new LineLabels(l.stream.labels, l.meta, l.line);
    const line = pipeline(l.line, labels, l.tsNs);
    if (line === undefined) continue;
    // Loki's merge drops a line equal (timestamp and text after the pipeline) to one of its stream.
    const dupKey = `${l.stream.key}\u0000${line}`;
    if (l.tsNs !== dupTs) {
      dupTs = l.tsNs;
      seen.clear();
    }
    const hit: Hit = { tsNs: l.tsNs, seq: l.seq, tie: l.stream.hash, stream: l.stream.key, line, labels };
    const earlier = seen.get(dupKey);
    if (earlier) {
      // Backward, Loki meets the later-pushed line first and keeps that one.
      if (forward) continue;
      earlier.dropped = true;
    }
    seen.set(dupKey, hit);
    hits.push(hit);
    if (!forward && hits.length > p.limit * 2 + 1024) trim();
  }
  hits = hits.filter((h) => !h.dropped);
  hits.sort(order);
  hits = hits.slice(0, p.limit);
  return toStreams(hits, p, logSplitCount(p.startNs, p.endNs) > 1);
}

function toStreams(hits: Hit[], p: LogQueryParams, split: boolean): StreamResult[] {
  const streams = new Map<string, StreamResult>();
  for (const h of hits) {
    const cat = p.categorize ? h.labels.categorized() : undefined;
    const labels = cat ? cat.stream : h.labels.all();
    const key = labelsString(labels);
    let s = streams.get(key);
    if (!s) {
      s = { stream: sortedObject(labels), values: [] };
      streams.set(key, s);
    }
    if (!cat) {
      s.values.push([String(h.tsNs), h.line]);
      continue;
    }
    const extra: { structuredMetadata?: Labels; parsed?: Labels } = {};
    if (Object.keys(cat.meta).length) extra.structuredMetadata = sortedObject(cat.meta);
    if (Object.keys(cat.parsed).length) extra.parsed = sortedObject(cat.parsed);
    s.values.push([String(h.tsNs), h.line, extra]);
  }
  const descending = split && p.direction === 'backward';
  return [...streams.entries()].sort(([a], [b]) => compareGo(a, b) * (descending ? -1 : 1)).map(([, s]) => s);
}
