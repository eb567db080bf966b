// Loki's limits with their exact bodies, including the rules measured on Loki 3.4.6 (README.md).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLoki, type FakeLogLine, type FakeLoki } from './index.js';
import { call } from './spec-helpers.js';

const E = 1795564800; // 2026-11-25T00:00Z
const D = 86400;
const users = (n: number, app: string): FakeLogLine[] =>
  Array.from({ length: n }, (_, k) => ({ tsNs: BigInt(E - D / 2) * 1_000_000_000n + BigInt(k), labels: { app }, line: `{"user":"u${k}"}` }));

describe('limits', () => {
  let loki: FakeLoki;
  before(async () => {
    loki = await startFakeLoki({ lines: [...users(500, 'five'), ...users(501, 'six')] });
  });
  after(() => loki.stop());

  const q = (path: string, params: Record<string, string>): Promise<{ status: number; body: string }> => call(loki.url, path, params);

  it('max entries per query: 5001 refused, 5000 accepted', async () => {
    const over = await q('/loki/api/v1/query_range', { query: '{app="five"}', start: String(E - D), end: String(E), limit: '5001' });
    assert.deepEqual([over.status, over.body], [400, 'max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)']);
    const ok = await q('/loki/api/v1/query_range', { query: '{app="five"}', start: String(E - D), end: String(E), limit: '5000' });
    assert.equal(ok.status, 200);
    assert.equal((JSON.parse(ok.body) as { data: { result: unknown[] } }).data.result.length, 1);
  });

  it('max series: 500 pass, 501 fail, also inside count(...)', async () => {
    const body = 'maximum of series (500) reached for a single query';
    const five = await q('/loki/api/v1/query', { query: 'sum by (user) (count_over_time({app="five"} | json [1d]))', time: String(E) });
    assert.equal(five.status, 200);
    const six = await q('/loki/api/v1/query', { query: 'sum by (user) (count_over_time({app="six"} | json [1d]))', time: String(E) });
    assert.deepEqual([six.status, six.body], [400, body]);
    const inner = await q('/loki/api/v1/query', { query: 'count(sum by (user) (count_over_time({app="six"} | json [1d])))', time: String(E) });
    assert.deepEqual([inner.status, inner.body], [400, body]);
    const pushed = await q('/loki/api/v1/query', { query: 'sum(count_over_time({app="six"} | json [1d]))', time: String(E) });
    assert.equal(pushed.status, 200);
    const ranged = await q('/loki/api/v1/query_range', { query: 'sum by (user) (count_over_time({app="six"} | json [1h]))', start: String(E - D), end: String(E), step: '1h' });
    assert.deepEqual([ranged.status, ranged.body], [400, body]);
  });

  it('query length: the whole range, then each sub-query with its range vector', async () => {
    const len = (s: string): string => `the query time range exceeds the limit (query length: ${s}, limit: 30d1h)`;
    const logs = await q('/loki/api/v1/query_range', { query: '{app="five"}', start: String(E - 722 * 3600), end: String(E) });
    assert.equal(logs.body, len('722h0m0s'));
    assert.equal((await q('/loki/api/v1/query_range', { query: '{app="five"}', start: String(E - 721 * 3600), end: String(E) })).status, 200);
    const vec = await q('/loki/api/v1/query_range', { query: 'count_over_time({app="five"}[40d])', start: String(E - D), end: String(E), step: '1d' });
    assert.equal(vec.body, len('984h0m0s'));
    const edge = await q('/loki/api/v1/query_range', { query: 'count_over_time({app="five"}[697h])', start: String(E - D), end: String(E), step: '1d' });
    assert.equal(edge.body, len('721h0m0.000000001s'));
    const month = await q('/loki/api/v1/query_range', { query: 'count_over_time({app="five"}[1d])', start: String(E - 30 * D), end: String(E), step: '1d' });
    assert.equal(month.status, 200);
    const offset = await q('/loki/api/v1/query_range', { query: 'count_over_time({app="five"}[1d] offset 40d)', start: String(E - D), end: String(E), step: '1d' });
    assert.equal(offset.status, 200);
    const splittable = await q('/loki/api/v1/query', { query: 'sum(count_over_time({app="five"}[100d]))', time: String(E) });
    assert.equal(splittable.status, 200);
    const quantile = await q('/loki/api/v1/query', { query: 'quantile_over_time(0.5, {app="five"} | json | unwrap n [40d]) by (app)', time: String(E) });
    assert.equal(quantile.body, len('960h0m0s'));
  });

  it('points per series: (end - start) / step > 11000 is refused', async () => {
    const msg = 'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter';
    const over = await q('/loki/api/v1/query_range', { query: 'count_over_time({app="five"}[1m])', start: String(E - 11001), end: String(E), step: '1' });
    assert.deepEqual([over.status, over.body], [400, msg]);
    const at = await q('/loki/api/v1/query_range', { query: 'count_over_time({app="five"}[1m])', start: String(E - 11000), end: String(E), step: '1' });
    assert.equal(at.status, 200);
  });

  it('lowered limits apply with the same wording', async () => {
    const small = await startFakeLoki({ lines: users(30, 'few'), limits: { maxQuerySeries: 20, maxEntriesLimitPerQuery: 50, maxQueryLength: '3d' } });
    try {
      const s = await call(small.url, '/loki/api/v1/query', { query: 'sum by (user) (count_over_time({app="few"} | json [1d]))', time: String(E) });
      assert.deepEqual([s.status, s.body], [400, 'maximum of series (20) reached for a single query']);
      const l = await call(small.url, '/loki/api/v1/query_range', { query: '{app="few"}', start: String(E - D), end: String(E), limit: '51' });
      assert.equal(l.body, 'max entries limit per query exceeded, limit > max_entries_limit_per_query (51 > 50)');
      const r = await call(small.url, '/loki/api/v1/query_range', { query: '{app="few"}', start: String(E - 4 * D), end: String(E), limit: '10' });
      assert.equal(r.body, 'the query time range exceeds the limit (query length: 96h0m0s, limit: 3d)');
    } finally {
      await small.stop();
    }
  });
});
