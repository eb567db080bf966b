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

/** How to read one interval at a time: page size and Loki's split_queries_by_interval. */
export interface ReadOptions {
  pageSize: number;
  /**
   * Read in parts that each lie within one interval of this length, aligned as Loki's query
   * frontend aligns split_queries_by_interval (to multiples of it since the epoch), so that Loki
   * never splits a page and merges the pieces (see readLines in raw.ts).
   */
  intervalMs: number;
}

/** The end of the interval `t` lies in, intervals aligned to multiples of `intervalMs` since the epoch. */
function intervalEnd(t: number, intervalMs: number): number {
  return t - (((t % intervalMs) + intervalMs) % intervalMs) + intervalMs;
}

function entryKey(e: LogEntry): string {
  return `${labelsKey(e.labels)}\u0000${e.line}`;
}

function byTime(a: LogEntry, b: LogEntry): number {
  return a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0;
}

/**
 * Calls `onEntry` for every line of `query` in [fromMs, toMs), in time order, one of Loki's split
 * intervals at a time (pages Loki does not split). Returns how many pages came back full (as many
 * lines as asked for).
 */
export async function readLogs(
  api: LokiApi,
  query: string,
  window: { from: number; to: number },
  opts: ReadOptions,
  tally: Tally,
  onEntry: (entry: LogEntry) => void,
): Promise<{ fullPages: number }> {
  let fullPages = 0;
  for (let from = window.from; from < window.to; ) {
    const to = Math.min(window.to, intervalEnd(from, opts.intervalMs));
    fullPages += await readPart(api, query, msToNs(from), msToNs(to), opts.pageSize, tally, onEntry);
    from = to;
  }
  return { fullPages };
}

/** The first window of a read in windows: a day, then as long as about half a page of its lines. */
const FIRST_WINDOW_MS = 86_400_000;

/** How much longer each window may be than the last. */
const MAX_GROWTH = 8;

/**
 * Calls `onEntry` for every line of `query` in [fromMs, toMs), in time order, read in
 * consecutive windows sized to hold about half a page each, so that pages come back short.
 * Loki's frontend splits a log query into `intervalMs` pieces (split_queries_by_interval);
 * when a page fills up, it cancels the pieces still running, but Loki works through them anyway
 * (a month of one app's session starts: 4 pages took 5.6 s, then delayed the next request by
 * ~4 s each; 10 short windows 1.2 s, on Loki 3.4.6), and a full page spanning several pieces can
 * miss a line (grafana/loki#20453). A full page that spans several intervals is therefore not
 * kept: the window is cut to half of what the page covered and asked again. A window within one
 * interval, which Loki does not split, is paged through as it comes. Returns how many pages came
 * back full and were kept (only within one interval).
 */
export async function readLogsInWindows(
  api: LokiApi,
  query: string,
  window: { from: number; to: number },
  opts: { pageSize: number; maxLengthMs: number; intervalMs: number },
  tally: Tally,
  onEntry: (entry: LogEntry) => void,
): Promise<{ fullPages: number }> {
  const { pageSize, intervalMs } = opts;
  let fullPages = 0;
  let span = FIRST_WINDOW_MS;
  for (let from = window.from; from < window.to; ) {
    const nextInterval = intervalEnd(from, intervalMs);
    let to = Math.min(window.to, from + span, from + opts.maxLengthMs);
    // A window shorter than an interval stops at the interval's end, where Loki would split it.
    if (to > nextInterval && to - from < intervalMs) to = nextInterval;
    // One that would leave a sliver (an eighth of its length or less) takes it too: one request,
    // not two or three (one user's active day is read from a millisecond before midnight).
    if (to < window.to && (window.to - to) * 8 <= to - from && window.to - from <= opts.maxLengthMs) to = window.to;
    let lines = 0;
    const count = (entry: LogEntry): void => {
      lines++;
      onEntry(entry);
    };
    if (to <= nextInterval) {
      fullPages += await readPart(api, query, msToNs(from), msToNs(to), pageSize, tally, count);
    } else {
      const page = sortedPage(await api.logs(query, msToNs(from), msToNs(to), pageSize, tally));
      const last = page[page.length - 1];
      if (page.length >= pageSize && last) {
        // Not kept: the window is cut to half of what the page covered (always shorter than it was).
        span = Math.max(1, Math.floor((Number(last.tsNs / 1_000_000n) + 1 - from) / 2));
        continue;
      }
      page.forEach(count);
    }
    const length = to - from;
    span = lines === 0 ? length * MAX_GROWTH : Math.max(1, Math.min(length * MAX_GROWTH, Math.floor((length * pageSize) / 2 / lines)));
    from = to;
  }
  return { fullPages };
}

function sortedPage(streams: Awaited<ReturnType<LokiApi['logs']>>): LogEntry[] {
  return streams.flatMap((s) => s.values.map((v) => ({ labels: s.stream, tsNs: v.tsNs, line: v.line }))).sort(byTime);
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
    const page = sortedPage(streams);
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
