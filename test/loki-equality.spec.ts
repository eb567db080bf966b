/**
 * The Loki source against the demo organisation: the demo's log lines are served by the fake
 * Loki with lowered limits (20 series, 50 lines per query, 3 days per query), so sharding,
 * splitting and paging really happen, and every answer must equal the demo's own, exactly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appSchema, type AppConfig } from '../src/config/schema.js';
import { createHttpClient } from '../src/http/client.js';
import { bypassProxyForLoopback } from '../src/http/test-server.js';
import { BUILTIN_DEMO_APPS, DemoActivitySource, buildDemoOrg, demoLogLines } from '../src/sources/demo/index.js';
import { LokiActivitySource } from '../src/sources/loki/index.js';
import type { ActivityQuery, ActivitySource } from '../src/sources/types.js';
import type { Window } from '../src/time/window.js';
import { startFakeLoki, type FakeLoki, type Matcher } from './fakes/loki/index.js';

const END = Date.UTC(2026, 3, 3); // data until 2026-04-03, so the history holds Berlin's spring DST change
const APPS = BUILTIN_DEMO_APPS.filter((a) => ['dice', 'wiki', 'tickets'].includes(a.id));
const org = buildDemoOrg({ seed: 11, users: 90, historyDays: 20, end: END, apps: APPS });
const demo = new DemoActivitySource(org);
const LIMITS = { maxQuerySeries: 20, maxEntriesLimitPerQuery: 50, maxQueryLength: '3d' };

const WINDOWS: Record<string, Window> = {
  // Berlin, 2026-03-24 00:00 .. 2026-04-02 12:00: a 23 h day, a partial day, more than 3 days.
  berlin: { from: Date.UTC(2026, 2, 23, 23), to: Date.UTC(2026, 3, 2, 10), tz: 'Europe/Berlin' },
  // UTC, exactly the 3-day limit: one range query per shard, quantiles read raw (Loki wants range + 1 ns).
  utc: { from: Date.UTC(2026, 2, 16), to: Date.UTC(2026, 2, 19), tz: 'UTC' },
  // Kolkata, 4 days not starting at midnight: half-hour offsets and partial days.
  kolkata: { from: Date.UTC(2026, 2, 19, 7, 45), to: Date.UTC(2026, 2, 23, 7, 45), tz: 'Asia/Kolkata' },
};

/** Lines of the apps the selector names (the fake filters again). */
function provider(matchers: readonly Matcher[], fromNs: bigint, toNs: bigint): Iterable<{ tsNs: bigint; labels: Record<string, string>; line: string }> {
  const app = matchers.find((m) => m.name === 'app' && m.op === '=')?.value;
  const apps = app === undefined ? APPS.map((a) => a.id) : [app];
  const from = Number(fromNs / 1_000_000n);
  const to = Number((toNs + 999_999n) / 1_000_000n);
  return demoLogLines(org, { apps, from, to });
}

let fake: FakeLoki;
let loki: LokiActivitySource;

before(async () => {
  bypassProxyForLoopback();
  fake = await startFakeLoki({ lines: provider, limits: LIMITS, now: () => new Date(END) });
  const http = createHttpClient({ name: 'loki', type: 'loki', url: fake.url, timeoutMs: 60_000, retries: 0, concurrency: 4 });
  const apps: AppConfig[] = APPS.map((a) => appSchema.parse({ id: a.id, name: a.name, features: a.features }));
  loki = new LokiActivitySource({ name: 'loki', http, apps, limits: { maxEntriesPerQuery: 50, maxSeriesPerQuery: 20, maxQueryLengthHours: 72, maxRawEvents: 100_000 } });
});
after(() => fake.stop());

/** Runs one question on both sources and compares; returns the fake's requests it took. */
async function same(label: string, ask: (source: ActivitySource) => Promise<unknown>): Promise<number> {
  const before = fake.requests.length;
  const expected = await ask(demo);
  const actual = await ask(loki);
  assert.deepEqual(actual, expected, label);
  return fake.requests.length - before;
}

const QUESTIONS = ['userDays', 'userTotals', 'features', 'sessions', 'hourOfWeek', 'lifecycle', 'errorLogs'] as const;

/** One per-app question of an ActivitySource. */
function ask(source: ActivitySource, question: (typeof QUESTIONS)[number], q: ActivityQuery): Promise<unknown> {
  return source[question](q);
}

describe('Loki source equals the demo organisation', () => {
  for (const [name, window] of Object.entries(WINDOWS)) {
    it(`answers every question like the demo (${name} window)`, async () => {
      const counts: Record<string, number> = {};
      for (const app of APPS) {
        const q: ActivityQuery = { app: app.id, window };
        for (const question of QUESTIONS) {
          counts[question] = (counts[question] ?? 0) + (await same(`${question} ${app.id} ${name}`, (s) => ask(s, question, q)));
        }
      }
      counts.sessionStarts = await same(`sessionStarts ${name}`, (s) => s.sessionStarts({ apps: APPS.map((a) => a.id), window }));
      console.log(`${name}: requests per question over ${APPS.length} apps`, counts);
    });
  }

  it('answers one-user questions like the demo', async () => {
    const window = WINDOWS.berlin!;
    const totals = await demo.userTotals({ app: 'wiki', window });
    const [user] = [...totals.entries()].sort((a, b) => b[1] - a[1])[0]!;
    for (const app of APPS) {
      const q: ActivityQuery = { app: app.id, window, user };
      for (const question of QUESTIONS) await same(`${question} ${app.id} user ${user}`, (s) => ask(s, question, q));
    }
    await same('sessionStarts one user', (s) => s.sessionStarts({ apps: APPS.map((a) => a.id), window, user }));
  });

  it('counts lines exactly on day, hour and window boundaries in the slot they open', async () => {
    // Berlin, Saturday 2026-03-28 00:00 .. Monday 00:00 (Sunday has 23 h).
    const window: Window = { from: Date.UTC(2026, 2, 27, 23), to: Date.UTC(2026, 2, 29, 22), tz: 'Europe/Berlin' };
    const ns = (ms: number, extra = 0n): bigint => BigInt(ms) * 1_000_000n + extra;
    const line = (tsNs: bigint, user: string, event = 'page_view', level = 'info'): { tsNs: bigint; labels: Record<string, string>; line: string } => ({
      tsNs,
      labels: { app: 'dice', env: 'prod' },
      line: JSON.stringify({ level, event, user, session: `s-${user}` }),
    });
    const lines = [
      line(ns(window.from, -1n), 'u1'), // 1 ns before the window: out
      line(ns(window.from), 'u1', 'session_start'), // Saturday 00:00 exactly
      line(ns(Date.UTC(2026, 2, 28, 22, 59, 59, 999)), 'u1'), // Saturday 23:59:59.999
      line(ns(Date.UTC(2026, 2, 28, 23)), 'u1', 'page_view', 'error'), // Sunday 00:00 exactly
      line(ns(Date.UTC(2026, 2, 28, 23)), 'u2', 'session_start'), // same nanosecond, another user
      line(ns(Date.UTC(2026, 2, 29, 1)), 'u1'), // Sunday 03:00 CEST, right after the clocks jump
      line(ns(window.to, -1n), 'u2'), // the last nanosecond of Sunday
      line(ns(window.to), 'u1', 'session_start'), // Monday 00:00: out
    ];
    const edge = await startFakeLoki({ lines, limits: LIMITS, now: () => new Date(END) });
    try {
      const http = createHttpClient({ name: 'loki', type: 'loki', url: edge.url, timeoutMs: 60_000, retries: 0, concurrency: 4 });
      const apps = [appSchema.parse({ id: 'dice', name: 'Dice' })];
      const source = new LokiActivitySource({ name: 'loki', http, apps, limits: { maxEntriesPerQuery: 50, maxSeriesPerQuery: 20, maxQueryLengthHours: 72, maxRawEvents: 100 } });
      const q: ActivityQuery = { app: 'dice', window };
      assert.deepEqual(await source.userDays(q), {
        days: [window.from, Date.UTC(2026, 2, 28, 23)],
        users: new Map([
          ['u1', [2, 2]],
          ['u2', [0, 2]],
        ]),
      });
      assert.deepEqual(await source.errorLogs(q), [0, 1]);
      const hours = await source.hourOfWeek(q);
      const nonZero = hours.flatMap((row, day) => row.flatMap((n, hour) => (n > 0 ? [[day, hour, n]] : [])));
      assert.deepEqual(nonZero, [
        [5, 0, 1],
        [5, 23, 1],
        [6, 0, 2],
        [6, 3, 1],
        [6, 23, 1],
      ]);
      assert.deepEqual(
        (await source.sessionStarts({ apps: ['dice'], window })).map((s) => [s.ts, s.user]),
        [
          [window.from, 'u1'],
          [Date.UTC(2026, 2, 28, 23), 'u2'],
        ],
      );
    } finally {
      await edge.stop();
    }
  });

  it('really sharded, split and paged, and stayed within the limits', () => {
    const queries = fake.requests.map((r) => r.query.query ?? '');
    assert.ok(queries.some((q) => /\| user=~"/.test(q)), 'no query was sharded by user');
    assert.ok(queries.some((q) => / offset \d+h1ns\)/.test(q)), 'no range query used a local-midnight offset');
    const logPages = fake.requests.filter((r) => r.query.limit !== undefined);
    assert.ok(logPages.length > APPS.length * 3, 'log queries were not paged');
    const refused = fake.requests.filter((r) => r.status !== 200);
    // Only series-limit refusals are expected (they make a shard split): never a length, points or entries error.
    for (const r of refused) assert.equal(r.status, 400);
    console.log(`fake Loki: ${fake.requests.length} requests, ${refused.length} refused, ${logPages.length} log pages, ${fake.bytesSent} bytes sent`);
  });
});
