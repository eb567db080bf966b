// A forward log query spanning several 1 h intervals is split by Loki's frontend and merged by
// mergeOrderedNonOverlappingStreams, whose priority queue (Loki 3.4.6) can leave a line out of a
// full page. The case below was measured on a real Loki 3.4.6 (2026-11-26): lines of two users,
// parsed into one stream each, asked for over [13:30, 14:30) with limit 2.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLoki, type FakeLogLine, type FakeLoki } from './index.js';
import { call, type StreamsAnswer } from './spec-helpers.js';

const at = (h: number, m: number): bigint => BigInt(Date.UTC(2026, 10, 25, h, m)) * 1_000_000n;
const line = (tsNs: bigint, user: string): FakeLogLine => ({ tsNs, labels: { app: 'dice', env: 'prod' }, line: JSON.stringify({ event: 'page_view', user }) });
const LINES = [line(at(13, 50), 'u1'), line(at(14, 0), 'u1'), line(at(14, 20), 'u2'), line(at(14, 25), 'u1')];

describe('log queries split at the hour, merged as Loki 3.4.6 merges them', () => {
  let loki: FakeLoki;
  before(async () => {
    loki = await startFakeLoki({ lines: LINES });
  });
  after(() => loki.stop());

  const times = async (query: string, from: bigint, to: bigint, limit: number): Promise<string[]> => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query, start: String(from), end: String(to), limit: String(limit), direction: 'forward' });
    assert.equal(r.status, 200, r.body);
    const body = JSON.parse(r.body) as StreamsAnswer;
    return body.data.result
      .flatMap((s) => s.values.map(([ts]) => BigInt(ts)))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((ts) => new Date(Number(ts / 1_000_000n)).toISOString().slice(11, 16));
  };

  it('leaves 14:00 out of a full page that crosses 14:00 with one stream per user (as measured)', async () => {
    assert.deepEqual(await times('{app="dice"} | json user="user"', at(13, 30), at(14, 30), 2), ['13:50', '14:20']);
  });

  it('answers right within one interval, with one stream, or when the page is not full', async () => {
    assert.deepEqual(await times('{app="dice"} | json user="user"', at(14, 0), at(14, 30), 2), ['14:00', '14:20']);
    assert.deepEqual(await times('{app="dice"}', at(13, 30), at(14, 30), 2), ['13:50', '14:00']);
    assert.deepEqual(await times('{app="dice"} | json user="user"', at(13, 30), at(14, 30), 10), ['13:50', '14:00', '14:20', '14:25']);
  });
});
