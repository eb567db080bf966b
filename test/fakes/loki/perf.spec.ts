// 2 million generated lines over 30 days for one app: the per-user daily count stays fast.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFakeLoki, type FakeLogLine, type LineProvider } from './index.js';
import { call } from './spec-helpers.js';

const N = 2_000_000;
const USERS = 400;
const START = 1793491200n * 1_000_000_000n; // 2026-11-01T00:00Z
const DAY = 86_400_000_000_000n;
const SPACING = (30n * DAY) / BigInt(N);

const provider: LineProvider = function* (_matchers, fromNs, toNs): Generator<FakeLogLine> {
  const labels = { app: 'dice', env: 'prod' };
  const first = fromNs <= START ? 0 : Number((fromNs - START) / SPACING);
  for (let i = first; i < N; i++) {
    const tsNs = START + BigInt(i) * SPACING;
    if (tsNs >= toNs) return;
    if (tsNs < fromNs) continue;
    yield { tsNs, labels, line: `{"level":"info","event":"page_view","user":"u${String(i % USERS).padStart(4, '0')}","session":"s${i >> 4}"}` };
  }
};

describe('performance with a LineProvider', () => {
  it('sum by (user) over 2M lines and 29 days answers in a few seconds', { timeout: 120_000 }, async () => {
    const loki = await startFakeLoki({ lines: provider });
    try {
      const t0 = performance.now();
      const r = await call(loki.url, '/loki/api/v1/query_range', {
        query: 'sum by (user) (count_over_time({app="dice"} | json user="user" | __error__="" | user!="" [1d]))',
        start: String(START),
        end: String(START + 29n * DAY),
        step: '1d',
      }, { timeoutMs: 60_000 });
      const ms = performance.now() - t0;
      console.log(`2M-line sum by (user) range query: ${Math.round(ms)} ms`);
      assert.equal(r.status, 200, r.body.slice(0, 300));
      const result = (JSON.parse(r.body) as { data: { result: { values: [number, string][] }[]; stats: { summary: { totalLinesProcessed: number } } } }).data;
      assert.equal(result.result.length, USERS);
      // Every line is counted once: the day windows (t - 1d, t] tile the 29 days plus the first
      // midnight's window, so the total equals the lines read.
      const total = result.result.reduce((n, s) => n + s.values.reduce((m, v) => m + Number(v[1]), 0), 0);
      assert.equal(total, result.stats.summary.totalLinesProcessed);
      assert.ok(total > 1_900_000);
      assert.ok(ms < 30_000, `took ${ms} ms`);
    } finally {
      await loki.stop();
    }
  });
});
