// Paging a log query the way api-notes.md describes loses and repeats no line, even when many
// lines share one nanosecond across streams, and a limit cuts through them like Loki does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLoki, type FakeLogLine, type FakeLoki } from './index.js';
import { call, type StreamsAnswer } from './spec-helpers.js';

const T = 1795168800000000000n; // 2026-11-20T10:00Z
// 12 lines at T over 3 streams, then 8 lines one second apart (the layout measured on Loki 3.4.6).
const LINES: FakeLogLine[] = [
  ...Array.from({ length: 12 }, (_, k) => ({ tsNs: T, labels: { app: 'page', env: 'prod', shard: String(k % 3) }, line: `page line ${String(k).padStart(2, '0')}` })),
  ...Array.from({ length: 8 }, (_, k) => ({ tsNs: T + BigInt(k + 1) * 1_000_000_000n, labels: { app: 'page', env: 'prod', shard: String(k % 3) }, line: `after line ${String(k).padStart(2, '0')}` })),
];

describe('paging log queries over lines sharing a nanosecond', () => {
  let loki: FakeLoki;
  before(async () => {
    loki = await startFakeLoki({ lines: LINES });
  });
  after(() => loki.stop());

  const page = async (params: Record<string, string>): Promise<{ ts: bigint; key: string }[]> => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="page"}', limit: '4', ...params });
    assert.equal(r.status, 200, r.body);
    const body = JSON.parse(r.body) as StreamsAnswer;
    return body.data.result.flatMap((s) => s.values.map(([ts, line]) => ({ ts: BigInt(ts), key: `${JSON.stringify(s.stream)}|${ts}|${line}` })));
  };

  it('a limit cutting through a tie takes streams in labels-hash order (measured: shard 2, then 0, then 1)', async () => {
    const first = await page({ start: String(T), end: String(T + 100_000_000_000n), direction: 'forward', limit: '5' });
    const lines = first.map((l) => l.key.split('|')[2]);
    assert.deepEqual(lines, ['page line 00', 'page line 02', 'page line 05', 'page line 08', 'page line 11']);
  });

  it('the naive algorithm stalls when more than `limit` lines share one nanosecond (as on Loki)', async () => {
    const seen = new Set<string>();
    let start = T - 1n;
    for (let i = 0; i < 10; i++) {
      const lines = await page({ start: String(start), end: String(T + 100_000_000_000n), direction: 'forward' });
      const fresh = lines.filter((l) => !seen.has(l.key));
      for (const l of fresh) seen.add(l.key);
      if (lines.length < 4 || fresh.length === 0) break;
      start = lines.reduce((m, l) => (l.ts > m ? l.ts : m), 0n);
    }
    // 12 lines at T, limit 4: every page from start = T returns the same 4 lines.
    assert.equal(seen.size, 4);
  });

  it('forward: next start = last timestamp, drop seen lines; a page stuck on one nanosecond reads it whole', async () => {
    const seen = new Set<string>();
    let start = T - 1n;
    const end = T + 100_000_000_000n;
    for (let i = 0; i < 50; i++) {
      const lines = await page({ start: String(start), end: String(end), direction: 'forward' });
      const fresh = lines.filter((l) => !seen.has(l.key));
      for (const l of fresh) seen.add(l.key);
      if (lines.length < 4) break;
      const last = lines.reduce((m, l) => (l.ts > m ? l.ts : m), 0n);
      if (fresh.length === 0 || lines.every((l) => l.ts === last)) {
        // Every line of the page shares `last`: read [last, last + 1 ns) with the largest limit.
        const tie = await page({ start: String(last), end: String(last + 1n), direction: 'forward', limit: '5000' });
        for (const l of tie) seen.add(l.key);
        start = last + 1n;
        continue;
      }
      start = last;
    }
    assert.equal(seen.size, 20);
  });

  it('backward: next end = oldest timestamp + 1 ns, with the same rule for a stuck nanosecond', async () => {
    const seen = new Set<string>();
    let end = T + 100_000_000_000n;
    for (let i = 0; i < 50; i++) {
      const lines = await page({ start: String(T - 1n), end: String(end), direction: 'backward' });
      const fresh = lines.filter((l) => !seen.has(l.key));
      for (const l of fresh) seen.add(l.key);
      if (lines.length < 4) break;
      const oldest = lines.reduce((m, l) => (l.ts < m ? l.ts : m), end);
      if (fresh.length === 0 || lines.every((l) => l.ts === oldest)) {
        const tie = await page({ start: String(oldest), end: String(oldest + 1n), direction: 'backward', limit: '5000' });
        for (const l of tie) seen.add(l.key);
        end = oldest;
        continue;
      }
      end = oldest + 1n;
    }
    assert.equal(seen.size, 20);
  });

  it('a page never holds more than limit lines, counted across streams', async () => {
    const lines = await page({ start: String(T), end: String(T + 1n), direction: 'backward', limit: '7' });
    assert.equal(lines.length, 7);
    assert.ok(lines.every((l) => l.ts === T));
  });
});
