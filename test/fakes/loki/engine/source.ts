/**
 * Where the fake's log lines come from: a fixed array (sorted once) or a LineProvider that
 * generates lines on demand, so a test can serve millions of lines without holding them. Lines are
 * read per query for a selector and a time range, with Loki's ingestion additions and the counters
 * that become `data.stats`.
 */
import type { Matcher } from '../logql/ast.js';
import { matches } from '../logql/matchers.js';
import { withServiceName } from './ingest.js';
import { labelsString, sortedPairs, type Labels } from './labels.js';
import { labelsHash } from './xxhash.js';

/** One log line served by the fake. */
export interface FakeLogLine {
  tsNs: bigint;
  /** Stream labels as pushed (Loki adds service_name). */
  labels: Record<string, string>;
  line: string;
  /** Structured metadata as pushed (Loki adds detected_level). */
  structuredMetadata?: Record<string, string>;
}

/**
 * Generates the lines of the streams matching `selectorMatchers` with fromNs <= tsNs < toNs, in
 * time order (lines outside are ignored; the fake filters again, so a provider may ignore matchers).
 */
export type LineProvider = (selectorMatchers: readonly Matcher[], fromNs: bigint, toNs: bigint) => Iterable<FakeLogLine>;

/** A stream as stored: labels with service_name, the Prometheus string form and its hash. */
export interface StreamInfo {
  labels: Labels;
  key: string;
  /** labels.Hash(), the order Loki gives streams whose lines share a timestamp. */
  hash: bigint;
}

/** A line as read for a query. */
export interface ReadLine {
  tsNs: bigint;
  stream: StreamInfo;
  line: string;
  /** Structured metadata as pushed (LineLabels adds detected_level when asked). */
  meta: Labels | undefined;
  /** Read order, which is push order among lines of one stream sharing a timestamp. */
  seq: number;
}

/** What a query read, for `data.stats.summary`. */
export interface ReadStats {
  lines: number;
  bytes: number;
  metadataBytes: number;
}

/** Reads lines for queries from an array or a provider. */
export class LineSource {
  private readonly sorted: FakeLogLine[] | undefined;
  private readonly provider: LineProvider | undefined;
  private readonly streams = new Map<string, StreamInfo>();
  private readonly byObject = new WeakMap<object, StreamInfo>();

  constructor(lines: FakeLogLine[] | LineProvider) {
    if (typeof lines === 'function') this.provider = lines;
    else this.sorted = lines.map((l, i) => ({ l, i })).sort((a, b) => (a.l.tsNs < b.l.tsNs ? -1 : a.l.tsNs > b.l.tsNs ? 1 : a.i - b.i)).map((x) => x.l);
  }

  /** The stream of a label set, cached by its content. */
  stream(labels: Record<string, string>): StreamInfo {
    const known = this.byObject.get(labels);
    if (known) return known;
    let fast = '';
    for (const k in labels) fast += k + '\u0000' + labels[k] + '\u0001';
    let info = this.streams.get(fast);
    if (!info) {
      const full = withServiceName(labels);
      info = { labels: full, key: labelsString(full), hash: labelsHash(sortedPairs(full)) };
      this.streams.set(fast, info);
    }
    this.byObject.set(labels, info);
    return info;
  }

  /** Lines of streams matching every matcher, fromNs <= ts < toNs, in time order. */
  *read(matchers: readonly Matcher[], fromNs: bigint, toNs: bigint, stats: ReadStats): Generator<ReadLine> {
    const selected = new Map<StreamInfo, boolean>();
    // Loki drops a pushed line identical (timestamp and text) to one already in its stream.
    const lastAt = new Map<StreamInfo, { ts: bigint; first: string; more?: Set<string> }>();
    let seq = 0;
    for (const l of this.raw(matchers, fromNs, toNs)) {
      if (l.tsNs < fromNs || l.tsNs >= toNs) continue;
      const stream = this.stream(l.labels);
      let ok = selected.get(stream);
      if (ok === undefined) {
        ok = matchers.every((m) => matches(m, stream.labels[m.name]));
        selected.set(stream, ok);
      }
      if (!ok) continue;
      const last = lastAt.get(stream);
      if (last && last.ts === l.tsNs) {
        if (last.first === l.line || last.more?.has(l.line)) continue;
        (last.more ??= new Set()).add(l.line);
      } else if (last) {
        last.ts = l.tsNs;
        last.first = l.line;
        last.more = undefined;
      } else lastAt.set(stream, { ts: l.tsNs, first: l.line });
      // Loki counts 8 bytes per structured metadata label (detected_level included) on top of the line.
      const metaBytes = 8 * (1 + (l.structuredMetadata ? Object.keys(l.structuredMetadata).length : 0));
      stats.lines++;
      stats.bytes += Buffer.byteLength(l.line) + metaBytes;
      stats.metadataBytes += metaBytes;
      yield { tsNs: l.tsNs, stream, line: l.line, meta: l.structuredMetadata, seq: seq++ };
    }
  }

  /** Distinct streams with a line in [fromNs, toNs), for the labels and series endpoints. */
  streamsIn(matchers: readonly Matcher[], fromNs: bigint, toNs: bigint): StreamInfo[] {
    const seen = new Map<string, StreamInfo>();
    const stats: ReadStats = { lines: 0, bytes: 0, metadataBytes: 0 };
    for (const l of this.read(matchers, fromNs, toNs, stats)) seen.set(l.stream.key, l.stream);
    return [...seen.values()];
  }

  private raw(matchers: readonly Matcher[], fromNs: bigint, toNs: bigint): Iterable<FakeLogLine> {
    if (this.provider) return this.provider(matchers, fromNs, toNs);
    const lines = this.sorted ?? [];
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((lines[mid]?.tsNs ?? 0n) < fromNs) lo = mid + 1;
      else hi = mid;
    }
    return (function* () {
      for (let i = lo; i < lines.length; i++) {
        const l = lines[i];
        if (!l || l.tsNs >= toNs) return;
        yield l;
      }
    })();
  }
}
