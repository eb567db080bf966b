// The demo's raw log lines: the data conventions of design.md, and the story they tell
// (an unused feature, an outage with no sessions, lifecycle lines without users).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoAnnotationSource, demoLogLines } from './index.js';

const DAY = 86_400_000;
const END = Date.UTC(2025, 5, 1);
const org = buildDemoOrg({ seed: 3, users: 60, historyDays: 21, end: END, apps: BUILTIN_DEMO_APPS });
const apps = BUILTIN_DEMO_APPS.map((a) => a.id);
const all = [...demoLogLines(org, { apps, from: END - 30 * DAY, to: END + DAY })];
type Parsed = Record<string, unknown> & { tsNs: bigint; labels: { app: string; env: string } };
const parsed = all.map((l): Parsed => ({ ...(JSON.parse(l.line) as Record<string, unknown>), tsNs: l.tsNs, labels: l.labels }));

describe('demo log lines', () => {
  it('exist only in [end - historyDays, end), in timestamp order', () => {
    assert.ok(all.length > 1000, `${all.length} lines`);
    assert.ok(all[0]!.tsNs >= BigInt(END - 21 * DAY) * 1_000_000n, 'nothing before the history');
    assert.ok(all[all.length - 1]!.tsNs < BigInt(END) * 1_000_000n, 'nothing after the end');
    for (let i = 1; i < all.length; i++) assert.ok(all[i]!.tsNs >= all[i - 1]!.tsNs, `line ${i} out of order`);
  });

  it('never repeat a line at the same instant (Loki would keep only one of them)', () => {
    // Seed 42 with 2,000 users once gave u00069 two identical feature_used lines in one millisecond.
    const big = buildDemoOrg({ seed: 42, users: 2000, historyDays: 45, end: Date.UTC(2026, 3, 3), apps: BUILTIN_DEMO_APPS });
    const day = Date.UTC(2026, 2, 14);
    const seen = new Set<string>();
    for (const l of [...all, ...demoLogLines(big, { apps: ['wiki'], from: day, to: day + DAY })]) {
      const key = `${l.tsNs}|${l.labels.app}|${l.line}`;
      assert.ok(!seen.has(key), `duplicate line ${key}`);
      seen.add(key);
    }
  });

  it('follow the data conventions', () => {
    const events = new Set(['session_start', 'login', 'page_view', 'feature_used', 'error', 'logout', 'session_end', 'app_start', 'app_stop']);
    for (const l of parsed) {
      assert.equal(l.labels.env, 'prod');
      assert.ok(apps.includes(l.labels.app), l.labels.app);
      assert.equal(l.ts, new Date(Number(l.tsNs / 1_000_000n)).toISOString(), 'ts is RFC 3339 with ms, equal to the Loki time');
      assert.ok(['info', 'warn', 'error'].includes(l.level as string));
      assert.ok(events.has(l.event as string), String(l.event));
      assert.equal(typeof l.msg, 'string');
      const lifecycle = l.event === 'app_start' || l.event === 'app_stop';
      if (lifecycle) {
        assert.equal(l.user, undefined);
        assert.equal(l.instance, `${l.labels.app}:8080`);
      } else {
        assert.match(l.user as string, /^u\d{5}$/);
        assert.match(l.session as string, /^s-[0-9a-f]{8}$/);
      }
      assert.equal(l.feature !== undefined, l.event === 'feature_used');
      if (l.event === 'error') assert.equal(l.level, 'error');
      if (l.level === 'error') assert.equal(l.event, 'error');
    }
  });

  it('give every session one start, a login at the same nanosecond, and one end with its length', () => {
    const sessions = new Map<string, { start?: bigint; login?: bigint; end?: bigint; duration?: number; user: string; app: string; n: number }>();
    for (const l of parsed) {
      if (typeof l.session !== 'string') continue;
      const s = sessions.get(l.session) ?? { user: l.user as string, app: l.labels.app, n: 0 };
      assert.equal(s.user, l.user, 'a session belongs to one user');
      assert.equal(s.app, l.labels.app, 'a session is in one app');
      if (l.event === 'session_start') s.start = s.start === undefined ? l.tsNs : -1n;
      if (l.event === 'login') s.login = l.tsNs;
      if (l.event === 'session_end') {
        s.end = s.end === undefined ? l.tsNs : -1n;
        s.duration = l.duration_ms as number;
      }
      s.n++;
      sessions.set(l.session, s);
    }
    assert.ok(sessions.size > 100, `${sessions.size} sessions`);
    for (const [id, s] of sessions) {
      assert.ok(s.start !== undefined && s.start >= 0n, `${id} has one session_start`);
      assert.ok(s.end !== undefined && s.end >= 0n, `${id} has one session_end`);
      assert.equal(s.login, s.start, `${id}: login shares the session_start timestamp`);
      assert.equal(BigInt(s.duration!) * 1_000_000n, s.end - s.start, `${id}: duration_ms is the session length`);
      assert.ok(s.n >= 4, 'start, login, at least one event, end');
    }
  });

  it('never show the unused feature, and show the others', () => {
    const used = new Set(parsed.filter((l) => l.labels.app === 'dice' && l.event === 'feature_used').map((l) => l.feature));
    assert.equal(used.has('export_csv'), false);
    assert.ok(used.has('roll') && used.has('reroll'), [...used].join());
  });

  it('have an outage of one app with no session lines of that app meanwhile', async () => {
    const incidents = await new DemoAnnotationSource(org).annotations({ window: { from: END - 21 * DAY, to: END, tz: 'UTC' } });
    const outages = incidents.filter((a) => a.tags.includes('incident'));
    assert.equal(outages.length, 1);
    const outage = outages[0]!;
    const app = outage.tags.find((t) => t !== 'incident')!;
    assert.ok(outage.tsEnd! - outage.ts >= 2 * 3_600_000, 'the outage lasts hours');
    const inside = parsed.filter((l) => {
      const ms = Number(l.tsNs / 1_000_000n);
      return l.labels.app === app && ms >= outage.ts && ms < outage.tsEnd!;
    });
    assert.deepEqual(inside, []);
    const restart = parsed.find((l) => l.labels.app === app && l.event === 'app_start' && Number(l.tsNs / 1_000_000n) === outage.tsEnd);
    assert.ok(restart, 'the app starts again when the outage ends');
    assert.equal(restart.level, 'warn', 'after a crash, without app_stop');
  });

  it('give the same lines for a sub-window as filtering the whole', () => {
    const from = END - 9 * DAY + 12_345;
    const to = END - 4 * DAY - 999;
    const part = [...demoLogLines(org, { apps: ['wiki', 'tickets'], from, to })];
    const expected = all.filter(
      (l) => ['wiki', 'tickets'].includes(l.labels.app) && l.tsNs >= BigInt(from) * 1_000_000n && l.tsNs < BigInt(to) * 1_000_000n,
    );
    assert.deepEqual(part, expected);
  });
});
