import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DatasourceError } from '../../errors.js';
import { createHttpClient } from '../../http/client.js';
import type { TestServer } from '../../http/test-server.js';
import { LokiApi, type Tally } from './api.js';
import { readLogs, readLogsInWindows, type LogEntry } from './paging.js';
import { startMiniLoki, type MiniEntry } from './testing/mini-loki.js';

const servers: TestServer[] = [];
after(async () => Promise.all(servers.map((s) => s.close())));

async function apiFor(entries: MiniEntry[]): Promise<{ api: LokiApi; server: TestServer }> {
  const server = await startMiniLoki({ entries });
  servers.push(server);
  const http = createHttpClient({ name: 'loki', type: 'loki', url: server.url, timeoutMs: 5000, retries: 0, concurrency: 2 });
  return { api: new LokiApi(http, 'loki'), server };
}

const MS = 1_000_000n;
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function entry(ms: number, line: string, labels: Record<string, string> = { app: 'dice' }): MiniEntry {
  return { labels, tsNs: BigInt(T0 + ms) * MS, line };
}

async function readAll(api: LokiApi, window: { from: number; to: number }, pageSize: number, intervalMs = 3_600_000): Promise<{ got: LogEntry[]; tally: Tally }> {
  const got: LogEntry[] = [];
  const tally: Tally = { requests: 0 };
  await readLogs(api, '{app="dice"}', window, { pageSize, intervalMs }, tally, (e) => got.push(e));
  return { got, tally };
}

describe('readLogs', () => {
  it('pages forward from the last timestamp, dropping the line already seen there', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => entry(i * 1000, `line ${i}`));
    const { api, server } = await apiFor(entries);
    const { got, tally } = await readAll(api, { from: T0, to: T0 + 60_000 }, 5);
    assert.deepEqual(
      got.map((e) => e.line),
      entries.map((e) => e.line),
    );
    // Pages: lines 0-4; from line 4: 4-8 (4 dropped); from line 8: 8-11, short, so the end.
    assert.equal(tally.requests, 3);
    assert.deepEqual(
      server.requests.map((r) => BigInt(r.query.get('start')!)),
      [entries[0]!.tsNs, entries[4]!.tsNs, entries[8]!.tsNs],
    );
  });

  it('delivers every line exactly once when many share one nanosecond, across streams', async () => {
    const entries: MiniEntry[] = [];
    for (let i = 0; i < 4; i++) entries.push(entry(1000, `same ${i}`, { app: 'dice', n: String(i % 3) }));
    for (let i = 0; i < 4; i++) entries.push(entry(2000, `tie ${i}`));
    entries.push(entry(2000, 'tie 0', { app: 'dice', n: 'other' })); // same line, other stream: a different line
    for (let i = 0; i < 6; i++) entries.push(entry(3000 + i, `after ${i}`));
    const { api } = await apiFor(entries);
    // Pages of 6: the first ends inside the 5 lines at 2000, the second starts there again.
    const { got, tally } = await readAll(api, { from: T0, to: T0 + 60_000 }, 6);
    assert.equal(tally.requests, 4);
    const key = (e: { labels: Record<string, string>; line: string; tsNs: bigint }): string => `${JSON.stringify(e.labels)} ${e.line} ${e.tsNs}`;
    assert.deepEqual(got.map(key).sort(), entries.map(key).sort());
    assert.equal(new Set(got.map(key)).size, entries.length);
    for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]!.tsNs <= got[i]!.tsNs, 'out of time order');
  });

  it('reads [from, to) one split interval at a time, the intervals aligned to multiples of it since the epoch', async () => {
    const entries = [entry(0, 'at from'), entry(59_999, 'last inside'), entry(60_000, 'at to'), entry(30_000, 'middle')];
    entries.sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1));
    const { api, server } = await apiFor(entries);
    const { got } = await readAll(api, { from: T0, to: T0 + 60_000 }, 100, 25_000);
    assert.deepEqual(
      got.map((e) => e.line),
      ['at from', 'middle', 'last inside'],
    );
    assert.deepEqual(
      server.requests.map((r) => [Number(BigInt(r.query.get('start')!) / MS) - T0, Number(BigInt(r.query.get('end')!) / MS) - T0]),
      [
        [0, 25_000],
        [25_000, 50_000],
        [50_000, 60_000],
      ],
    );
  });

  it('refuses, with a hint, when a whole page shares one timestamp', async () => {
    const entries = [entry(0, 'before'), ...Array.from({ length: 5 }, (_, i) => entry(1000, `same ${i}`)), entry(2000, 'after')];
    const { api } = await apiFor(entries);
    await assert.rejects(readAll(api, { from: T0, to: T0 + 60_000 }, 5), (error: unknown) => {
      assert.ok(error instanceof DatasourceError);
      assert.equal(error.code, 'DATASOURCE_LIMIT');
      assert.match(error.hint ?? '', /maxEntriesPerQuery/);
      return true;
    });
  });
});

describe('readLogsInWindows', () => {
  const HOUR = 3_600_000;
  const windows = (server: TestServer): [number, number][] =>
    server.requests.map((r) => [Number(BigInt(r.query.get('start')!) / MS) - T0, Number(BigInt(r.query.get('end')!) / MS) - T0]);
  async function read(entries: MiniEntry[], window: { from: number; to: number }, pageSize: number): Promise<{ got: LogEntry[]; fullPages: number; server: TestServer }> {
    const { api, server } = await apiFor(entries);
    const got: LogEntry[] = [];
    const { fullPages } = await readLogsInWindows(api, '{app="dice"}', window, { pageSize, maxLengthMs: 1e12, intervalMs: HOUR }, { requests: 0 }, (e) => got.push(e));
    return { got, fullPages, server };
  }

  it('asks again, shorter, for a window whose page came back full across intervals, and keeps only short pages', async () => {
    // 40 lines, one every 6 minutes over 4 hours; pages of 10.
    const entries = Array.from({ length: 40 }, (_, i) => entry(i * 360_000, `line ${i}`));
    const { got, fullPages, server } = await read(entries, { from: T0, to: T0 + 4 * HOUR }, 10);
    assert.deepEqual(
      got.map((e) => e.line),
      entries.map((e) => e.line),
    );
    assert.equal(fullPages, 0);
    const asked = windows(server);
    // The whole window (4 h, under the first day) is full: lines 0-9 covered 54 minutes, so
    // the next window is 27 minutes (5 lines), then about half a page each, never past an hour
    // when shorter than one.
    assert.deepEqual(asked.slice(0, 3), [
      [0, 4 * HOUR],
      [0, 27 * 60_000],
      [27 * 60_000, 54 * 60_000],
    ]);
    for (let i = 1; i < asked.length; i++) {
      const [from, to] = asked[i]!;
      if (from !== asked[i - 1]![0]) assert.equal(from, asked[i - 1]![1], 'windows follow one another');
      if (to - from < HOUR) assert.ok(Math.floor(from / HOUR) === Math.floor((to - 1) / HOUR), `[${from}, ${to}) crosses an hour`);
    }
  });

  it('grows the window while it finds few lines, up to eight times the last', async () => {
    const entries = [entry(5 * 86_400_000, 'day 5'), entry(20 * 86_400_000, 'day 20')];
    const { got, server } = await read(entries, { from: T0, to: T0 + 30 * 86_400_000 }, 100);
    assert.deepEqual(
      got.map((e) => e.line),
      ['day 5', 'day 20'],
    );
    const DAY = 86_400_000;
    assert.deepEqual(windows(server), [
      [0, DAY],
      [DAY, 9 * DAY],
      [9 * DAY, 30 * DAY],
    ]);
  });

  it('leaves no sliver for a last window: one request for a day and a millisecond', async () => {
    const DAY = 86_400_000;
    const entries = [entry(-1, 'a millisecond before'), entry(DAY - 1, 'last of the day')];
    const { got, server } = await read(entries, { from: T0 - 1, to: T0 + DAY }, 100);
    assert.deepEqual(
      got.map((e) => e.line),
      ['a millisecond before', 'last of the day'],
    );
    assert.deepEqual(windows(server), [[-1, DAY]]);
    // Four hours past a day is more than an eighth of it (three hours): a window of its own, as before.
    const longer = await read(entries, { from: T0, to: T0 + DAY + 4 * 3_600_000 }, 100);
    assert.deepEqual(windows(longer.server), [
      [0, DAY],
      [DAY, DAY + 4 * 3_600_000],
    ]);
  });

  it('pages through a window within one interval as it comes (Loki does not split it) and reports its full pages', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => entry(i * 1000, `line ${i}`));
    const { got, fullPages, server } = await read(entries, { from: T0, to: T0 + 60_000 }, 5);
    assert.deepEqual(
      got.map((e) => e.line),
      entries.map((e) => e.line),
    );
    assert.equal(fullPages, 2);
    assert.deepEqual(
      server.requests.map((r) => BigInt(r.query.get('start')!)),
      [entries[0]!.tsNs, entries[4]!.tsNs, entries[8]!.tsNs],
    );
  });
});
