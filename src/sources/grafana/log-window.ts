/**
 * One page of a log query, read through Grafana with Loki's own bounds. Grafana takes the time
 * range in milliseconds, while Loki's pages start and end at a nanosecond (start inclusive, end
 * exclusive): the range is widened to whole milliseconds and the lines outside dropped. When
 * dropping leaves a full page short, the rest is read from the millisecond of the last line on,
 * skipping lines already seen, so a page is never shorter than Loki's would be.
 */
import { DatasourceError } from '../../errors.js';
import type { Frame } from './frame-schema.js';
import { isLogsFrame, labelsKey, logRows, type LogRow } from './loki-answer.js';
import { lokiStats, sumLokiStats, type LokiStats } from './loki-stats.js';

/** Loki's default `limit` when a request has none. */
export const LOKI_DEFAULT_LIMIT = 100;

/** What one page asks for. */
export interface LogPage {
  expr: string;
  startNs: bigint;
  endNs: bigint;
  limit: number | undefined;
  direction: 'forward' | 'backward';
}

/** Asks Grafana for at most `limit` lines in [fromMs, toMs) (ms bounds). */
export type FetchLogs = (range: { fromMs: number; toMs: number }, limit: number) => Promise<Frame[]>;

/** Floor of a nanosecond time in ms. */
export function floorMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

/** Ceiling of a nanosecond time in ms. */
export function ceilMs(ns: bigint): number {
  return Number((ns + 999_999n) / 1_000_000n);
}

function key(row: LogRow): string {
  return `${row.tsNs}\u0000${labelsKey(row.labels)}\u0000${row.line}`;
}

function order(direction: 'forward' | 'backward'): (a: LogRow, b: LogRow) => number {
  const sign = direction === 'forward' ? 1 : -1;
  return (a, b) => (a.tsNs < b.tsNs ? -sign : a.tsNs > b.tsNs ? sign : 0);
}

/** Reads the page, starting from the answer already received for the widened range with Loki's limit. */
export async function readLogPage(name: string, page: LogPage, first: Frame[], fetch: FetchLogs): Promise<{ rows: LogRow[]; stats: LokiStats }> {
  const limit = page.limit ?? LOKI_DEFAULT_LIMIT;
  const range = { fromMs: floorMs(page.startNs), toMs: ceilMs(page.endNs) };
  const rows: LogRow[] = [];
  const seen = new Set<string>();
  const parts: LokiStats[] = [];
  let frames = first;
  let asked = limit;
  for (;;) {
    const frame = frames.find(isLogsFrame);
    const received = frame ? logRows(frame).sort(order(page.direction)) : [];
    parts.push(lokiStats(frame, 0));
    let fresh = 0;
    for (const row of received) {
      if (row.tsNs < page.startNs || row.tsNs >= page.endNs || seen.has(key(row))) continue;
      seen.add(key(row));
      rows.push(row);
      fresh++;
    }
    const last = received[received.length - 1];
    if (received.length < asked || rows.length >= limit || !last) break;
    if (fresh === 0) {
      throw new DatasourceError('DATASOURCE_LIMIT', name, `More than ${asked} log lines fall within one millisecond, which is as fine as Grafana can page`, {
        query: page.expr,
        hint: "Raise datasources.loki.maxEntriesPerQuery (up to Loki's max_entries_limit_per_query), or narrow the selector.",
      });
    }
    // Go on from the millisecond of the last line; the lines of that millisecond come again and are skipped.
    const boundary = floorMs(last.tsNs);
    if (page.direction === 'forward') range.fromMs = boundary;
    else range.toMs = boundary + 1;
    asked = limit - rows.length + received.filter((r) => floorMs(r.tsNs) === boundary).length;
    frames = await fetch(range, asked);
  }
  const kept = rows.sort(order(page.direction)).slice(0, limit);
  const stats = sumLokiStats(parts);
  return { rows: kept, stats: { ...stats, summary: { ...stats.summary, totalEntriesReturned: kept.length } } };
}
