// The demo organisation's generator plugged in as a LineProvider: the fake's per-user counts equal
// counting the generated lines directly (with Loki's (t - range, t] window).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_DEMO_APPS, buildDemoOrg, demoLogLines } from '../../../src/sources/demo/index.js';
import { startFakeLoki, type LineProvider } from './index.js';
import { call } from './spec-helpers.js';

const END = Date.parse('2026-03-01T00:00:00Z');
const org = buildDemoOrg({ seed: 11, users: 40, historyDays: 14, end: END, apps: BUILTIN_DEMO_APPS });
const MS = 1_000_000n;

/** Lines of the app named by an `app="..."` matcher (all apps otherwise), in [fromNs, toNs). */
const provider: LineProvider = (matchers, fromNs, toNs) => {
  const app = matchers.find((m) => m.name === 'app' && m.op === '=')?.value;
  const apps = app ? [app] : BUILTIN_DEMO_APPS.map((a) => a.id);
  return demoLogLines(org, { apps, from: Number(fromNs / MS), to: Number((toNs + MS - 1n) / MS) });
};

describe('demo organisation served through a LineProvider', () => {
  it('sum by (user) over 7 days equals a direct count', { timeout: 60_000 }, async () => {
    const t = END - 86_400_000;
    const from = t - 7 * 86_400_000;
    const expected = new Map<string, number>();
    for (const l of demoLogLines(org, { apps: ['dice'], from, to: t + 1 })) {
      const ts = Number(l.tsNs / MS);
      if (ts <= from) continue; // Loki's window is (t - 7d, t]
      const user = (JSON.parse(l.line) as { user?: string }).user ?? '';
      if (user !== '') expected.set(user, (expected.get(user) ?? 0) + 1);
    }
    assert.ok(expected.size > 5);
    const loki = await startFakeLoki({ lines: provider });
    try {
      const r = await call(loki.url, '/loki/api/v1/query', {
        query: 'sum by (user) (count_over_time({app="dice"} | json user="user" | __error__="" | user!="" [7d]))',
        time: String(t / 1000),
      }, { timeoutMs: 60_000 });
      assert.equal(r.status, 200, r.body.slice(0, 300));
      const got = new Map((JSON.parse(r.body) as { data: { result: { metric: { user: string }; value: [number, string] }[] } }).data.result.map((s) => [s.metric.user, Number(s.value[1])]));
      assert.deepEqual(got, expected);
    } finally {
      await loki.stop();
    }
  });
});
