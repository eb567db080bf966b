/**
 * Log (streams) queries as Loki 3.4.6 answers them: `start` inclusive, `end` exclusive, `limit`
 * counted across all streams, newest first by default. Lines sharing a timestamp keep push order
 * within a stream (reversed when backward); across streams ties go by the stream's labels hash, as in
 * Loki's iterators, and a line equal to another of its stream at that nanosecond is dropped. Streams
 * come out sorted by label string, descending for a backward query that Loki splits into several
 * 1 h sub-queries (mergeSplitAnswers).
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

/**
 * Evaluates a log query as Loki 3.4.6 answers it: a range crossing a 1 h boundary is split by the
 * query frontend into 1 h sub-queries (aligned to the hour, the first one from `start`), whose
 * answers are merged as mergeOrderedNonOverlappingStreams merges them, bug included.
 */
export function evalLogQuery(p: LogQueryParams, source: LineSource, stats: ReadStats): StreamResult[] {
  const count = logSplitCount(p.startNs, p.endNs);
  if (count <= 1) return evalRange(p, source, stats);
  const aligned = p.startNs - (((p.startNs % HOUR_NS) + HOUR_NS) % HOUR_NS);
  const ranges = Array.from({ length: count }, (_, i) => {
    const from = aligned + BigInt(i) * HOUR_NS;
    return [i === 0 ? p.startNs : from, from + HOUR_NS < p.endNs ? from + HOUR_NS : p.endNs] as const;
  });
  if (p.direction === 'backward') ranges.reverse();
  // The frontend stops taking answers once they hold `limit` lines; later ones cannot change the result.
  const answers: StreamResult[][] = [];
  let total = 0;
  for (const [startNs, endNs] of ranges) {
    const answer = evalRange({ ...p, startNs, endNs }, source, stats);
    answers.push(answer);
    total += answer.reduce((n, s) => n + s.values.length, 0);
    if (total >= p.limit) break;
  }
  return mergeSplitAnswers(answers, p.limit, p.direction);
}

/** One (unsplit) range of a log query, as a querier answers it. */
function evalRange(p: LogQueryParams, source: LineSource, stats: ReadStats): StreamResult[] {
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
  return toStreams(hits, p);
}

/** A querier's answer: streams sorted by label string (mergeSplitAnswers orders those of a split query). */
function toStreams(hits: Hit[], p: LogQueryParams): StreamResult[] {
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
  return [...streams.entries()].sort(([a], [b]) => compareGo(a, b)).map(([, s]) => s);
}

const tsOf = (v: StreamValue): bigint => BigInt(v[0]);

/**
 * Loki 3.4.6's mergeOrderedNonOverlappingStreams (pkg/querier/queryrange/codec.go): the
 * sub-queries' streams are grouped by labels; when they hold more than `limit` lines, a priority
 * queue pops the first `limit` of them one by one. Its Pop puts a stream's remaining lines back
 * with a plain append instead of heap.Push (ordering.go), so the heap can hand out a later line
 * before an earlier one, and with the limit reached, the earlier line is left out of the answer:
 * a client paging on from the last timestamp never sees it (fixed upstream by grafana/loki#20453).
 * Reproduced here, container/heap's steps and all, so that the fake is not kinder than Loki.
 */
function mergeSplitAnswers(answers: StreamResult[][], limit: number, direction: 'forward' | 'backward'): StreamResult[] {
  const forward = direction === 'forward';
  const groups = new Map<string, { stream: Labels; markers: StreamValue[][] }>();
  for (const answer of answers) {
    for (const s of answer) {
      const key = labelsString(s.stream);
      const group = groups.get(key) ?? { stream: s.stream, markers: [] };
      groups.set(key, group);
      group.markers.push(s.values);
    }
  }
  const keys = [...groups.keys()].sort((a, b) => compareGo(a, b) * (forward ? 1 : -1));
  // byDir.merge: a stream's pieces ordered by their first line, then concatenated.
  const merged = (key: string): StreamValue[] => {
    const markers = [...groups.get(key)!.markers].filter((m) => m.length > 0);
    markers.sort((a, b) => {
      const x = tsOf(a[0]!);
      const y = tsOf(b[0]!);
      return x === y ? 0 : (x < y ? -1 : 1) * (forward ? 1 : -1);
    });
    return markers.flat();
  };
  const total = answers.reduce((n, a) => n + a.reduce((m, s) => m + s.values.length, 0), 0);
  if (total <= limit) return keys.map((key) => ({ stream: groups.get(key)!.stream, values: merged(key) }));
  const heap: { key: string; values: StreamValue[] }[] = keys.map((key) => ({ key, values: merged(key) })).filter((s) => s.values.length > 0);
  const less = (i: number, j: number): boolean => {
    const x = tsOf(heap[i]!.values[0]!);
    const y = tsOf(heap[j]!.values[0]!);
    return forward ? x < y : x > y;
  };
  const swap = (i: number, j: number): void => {
    [heap[i], heap[j]] = [heap[j]!, heap[i]!];
  };
  // container/heap's down.
  const down = (i0: number, n: number): void => {
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      if (j1 + 1 < n && less(j1 + 1, j1)) j = j1 + 1;
      if (!less(j, i)) break;
      swap(i, j);
      i = j;
    }
  };
  for (let i = Math.floor(heap.length / 2) - 1; i >= 0; i--) down(i, heap.length); // heap.Init
  const out = new Map<string, StreamValue[]>();
  for (let i = 0; i < limit && heap.length > 0; i++) {
    // heap.Pop: swap the top to the end, restore the heap above it, then the queue's own Pop.
    const n = heap.length - 1;
    swap(0, n);
    down(0, n);
    const next = heap.pop()!;
    // The bug: the rest of the stream is appended, not pushed up into place.
    if (next.values.length > 1) heap.push({ key: next.key, values: next.values.slice(1) });
    const values = out.get(next.key) ?? [];
    out.set(next.key, values);
    values.push(next.values[0]!);
  }
  return keys.filter((key) => out.has(key)).map((key) => ({ stream: groups.get(key)!.stream, values: out.get(key)! }));
}
