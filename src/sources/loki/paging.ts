/**
 * Reads every line of a log query, oldest first, page by page. Loki has no continuation
 * token: the next page starts at the last timestamp returned, and the lines already seen at
 * that timestamp (several can share one nanosecond) are dropped by stream labels + line.
 * Windows longer than max_query_length are read in consecutive parts.
 */
import { DatasourceError } from '../../errors.js';
import { msToNs, type LokiApi, type Tally } from './api.js';
import { labelsKey } from './metric.js';

/** One log line as read. */
export interface LogEntry {
  labels: Record<string, string>;
  tsNs: bigint;
  line: string;
}

/** How to read: page size and length limit. */
export interface ReadOptions {
  pageSize: number;
  maxLengthMs: number;
  /**
   * Read in parts that each lie within one interval of this length, aligned as Loki's query
   * frontend aligns split_queries_by_interval (to multiples of it since the epoch), so that Loki
   * never splits a page and merges the pieces (see readLines in raw.ts).
   */
  splitMs?: number;
}

function entryKey(e: LogEntry): string {
  return `${labelsKey(e.labels)}\u0000${e.line}`;
}

function byTime(a: LogEntry, b: LogEntry): number {
  return a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0;
}

/**
 * Calls `onEntry` for every line of `query` in [fromMs, toMs), in time order. Returns how many
 * pages came back full (as many lines as asked for): only those can have lost lines to Loki's
 * merge of split queries (see readLines in raw.ts).
 */
export async function readLogs(
  api: LokiApi,
  query: string,
  window: { from: number; to: number },
  opts: ReadOptions,
  tally: Tally,
  onEntry: (entry: LogEntry) => void,
): Promise<{ fullPages: number }> {
  const split = opts.splitMs;
  let fullPages = 0;
  for (let from = window.from; from < window.to; ) {
    const to = Math.min(window.to, split ? from - (((from % split) + split) % split) + split : from + opts.maxLengthMs);
    fullPages += await readPart(api, query, msToNs(from), msToNs(to), opts.pageSize, tally, onEntry);
    from = to;
  }
  return { fullPages };
}

async function readPart(
  api: LokiApi,
  query: string,
  startNs: bigint,
  endNs: bigint,
  pageSize: number,
  tally: Tally,
  onEntry: (entry: LogEntry) => void,
): Promise<number> {
  let start = startNs;
  let fullPages = 0;
  /** Keys of the lines already delivered whose timestamp is `start`. */
  let seenAtStart = new Set<string>();
  for (;;) {
    const streams = await api.logs(query, start, endNs, pageSize, tally);
    const page = streams.flatMap((s) => s.values.map((v) => ({ labels: s.stream, tsNs: v.tsNs, line: v.line }))).sort(byTime);
    for (const entry of page) {
      if (entry.tsNs === start && seenAtStart.has(entryKey(entry))) continue;
      onEntry(entry);
    }
    const last = page[page.length - 1];
    if (page.length < pageSize || !last) return fullPages;
    fullPages++;
    // A full page that never leaves `start`: Loki cannot say whether more lines share it.
    if (last.tsNs === start) {
      throw new DatasourceError('DATASOURCE_LIMIT', api.name, `${pageSize} or more log lines share the timestamp ${start} ns, so they cannot be paged through`, {
        query,
        hint: 'Raise datasources.loki.maxEntriesPerQuery (up to Loki\'s max_entries_limit_per_query), or narrow the selector.',
      });
    }
    const atLast = page.filter((e) => e.tsNs === last.tsNs).map(entryKey);
    seenAtStart = last.tsNs === start ? new Set([...seenAtStart, ...atLast]) : new Set(atLast);
    start = last.tsNs;
  }
}
