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
import { withCutSessions } from '../src/sources/cut-sessions.js';
import { LokiActivitySource } from '../src/sources/loki/index.js';
import type { ActivityQuery, ActivitySource } from '../src/sources/types.js';
import { addDaysIn, type Window } from '../src/time/window.js';
import { startFakeLoki, type FakeLogLine, type FakeLoki, type Matcher } from './fakes/loki/index.js';

const END = Date.UTC(2026, 3, 3); // data until 2026-04-03, so the history holds Berlin's spring DST change
const APPS = BUILTIN_DEMO_APPS.filter((a) => ['dice', 'wiki', 'tickets'].includes(a.id));
const org = buildDemoOrg({ seed: 11, users: 90, historyDays: 20, end: END, apps: APPS });
const demo = new DemoActivitySource(org);
const LIMITS = { maxQuerySeries: 20, maxEntriesLimitPerQuery: 50, maxQueryLength: '3d' };
// A small budget of log time per request, so that packed counts take several requests.
const SOURCE_LIMITS = { maxEntriesPerQuery: 50, maxSeriesPerQuery: 20, maxQueryLengthHours: 72, maxRawEvents: 100_000, maxRangeDaysPerRequest: 60 };

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
/** Distinct users formed from per-user daily counts (the default). */
let loki: LokiActivitySource;
/** Distinct users counted by Loki as set expressions (countUsers: on-server). */
let lokiOnServer: LokiActivitySource;

before(async () => {
  bypassProxyForLoopback();
  fake = await startFakeLoki({ lines: provider, limits: LIMITS, now: () => new Date(END) });
  const http = createHttpClient({ name: 'loki', type: 'loki', url: fake.url, timeoutMs: 60_000, retries: 0, concurrency: 4 });
  const apps: AppConfig[] = APPS.map((a) => appSchema.parse({ id: a.id, name: a.name, features: a.features }));
  loki = new LokiActivitySource({ name: 'loki', http, apps, limits: SOURCE_LIMITS });
  lokiOnServer = new LokiActivitySource({ name: 'loki', http, apps, limits: { ...SOURCE_LIMITS, countUsers: 'on-server' } });
});

/** Both ways of counting distinct users, by name (after `before`). */
const counting = (): [string, LokiActivitySource][] => [
  ['per-day', loki],
  ['on-server', lokiOnServer],
];
after(() => fake.stop());

/** Runs one question on the demo and a Loki source and compares; returns the fake's requests it took. */
async function same(label: string, ask: (source: ActivitySource) => Promise<unknown>, source: ActivitySource = loki): Promise<number> {
  const before = fake.requests.length;
  const expected = await ask(demo);
  const actual = await ask(source);
  assert.deepEqual(actual, expected, label);
  return fake.requests.length - before;
}

const DAY = 86_400_000;
const APP_SETS = [['wiki'], ['dice', 'wiki'], ['dice', 'wiki', 'tickets']];

/** The most active user of wiki in the window. */
async function topUser(window: Window): Promise<string> {
  const totals = await demo.userTotals({ app: 'wiki', window });
  return [...totals.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** Runs `check` on a Loki source (lowered limits) over a fake serving `lines` (apps dice and wiki). */
async function withSource(lines: FakeLogLine[], check: (source: LokiActivitySource) => Promise<void>, countUsers: 'per-day' | 'on-server' = 'per-day'): Promise<void> {
  const edge = await startFakeLoki({ lines, limits: LIMITS, now: () => new Date(END) });
  try {
    const http = createHttpClient({ name: 'loki', type: 'loki', url: edge.url, timeoutMs: 60_000, retries: 0, concurrency: 4 });
    const apps = ['dice', 'wiki'].map((id) => appSchema.parse({ id, name: id }));
    await check(new LokiActivitySource({ name: 'loki', http, apps, limits: { ...SOURCE_LIMITS, countUsers } }));
  } finally {
    await edge.stop();
  }
}

const QUESTIONS = ['userDays', 'userTotals', 'features', 'sessions', 'hourOfWeek', 'lifecycle', 'errorLogs', 'userEvents'] as const;

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
    const user = await topUser(window);
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
    // Range queries (runs of whole hours or days) place their windows to the millisecond only (a
    // sub-millisecond offset empties Loki's answer), so the lines next to a boundary are 1 ms away;
    // instant queries (whole-window and distinct-user figures) are checked to the nanosecond below.
    const lines = [
      line(ns(window.from - 1), 'u1'), // 1 ms before the window: out
      line(ns(window.from), 'u1', 'session_start'), // Saturday 00:00 exactly
      line(ns(Date.UTC(2026, 2, 28, 22, 59, 59, 999)), 'u1'), // Saturday 23:59:59.999
      line(ns(Date.UTC(2026, 2, 28, 23)), 'u1', 'page_view', 'error'), // Sunday 00:00 exactly
      line(ns(Date.UTC(2026, 2, 28, 23)), 'u2', 'session_start'), // same nanosecond, another user
      line(ns(Date.UTC(2026, 2, 29, 1)), 'u1'), // Sunday 03:00 CEST, right after the clocks jump
      line(ns(window.to - 1), 'u2'), // the last millisecond of Sunday
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

  for (const [mode, source] of [['per-day', () => loki], ['on-server', () => lokiOnServer]] as const) {
    it(`answers the distinct-user questions like the demo, counted ${mode} (several windows, apps and one user)`, async () => {
      const counts: Record<string, number> = {};
      const note = (key: string, n: number): void => void (counts[key] = (counts[key] ?? 0) + n);
      for (const [name, window] of Object.entries(WINDOWS)) {
        for (const apps of APP_SETS) {
          const q = { apps, window };
          note('activeUsers', await same(`activeUsers ${apps} ${name}`, (s) => s.activeUsers(q), source()));
          note('distinctUsers', await same(`distinctUsers ${apps} ${name}`, (s) => s.distinctUsers(q), source()));
          note('newUsers', await same(`newUsers ${apps} ${name}`, (s) => s.newUsers({ ...q, historyFrom: window.from - 7 * DAY }), source()));
        }
      }
      const window = WINDOWS.berlin!;
      for (const user of [await topUser(window), 'nobody']) {
        const q = { apps: ['dice', 'wiki'], window, user };
        await same(`activeUsers one user ${user}`, (s) => s.activeUsers(q), source());
        await same(`distinctUsers one user ${user}`, (s) => s.distinctUsers(q), source());
        await same(`newUsers one user ${user}`, (s) => s.newUsers({ ...q, historyFrom: window.from - 3 * DAY }), source());
      }
      console.log(`requests per distinct-user question counted ${mode}, all windows and app sets`, counts);
    });
  }

  it('answers lifecycle and retention like the demo', async () => {
    // Five 3-day Berlin intervals ending 2026-04-02 (one holds the spring DST change), history from 2026-03-16.
    const tz = 'Europe/Berlin';
    const end = Date.UTC(2026, 3, 1, 22);
    const berlin = Array.from({ length: 5 }, (_, k) => ({ from: addDaysIn(end, -3 * (5 - k), tz), to: addDaysIn(end, -3 * (4 - k), tz), tz }));
    // UTC at odd hours: a 45-minute interval, a gap, and history starting after the first interval did.
    const odd: Window[] = [
      { from: Date.UTC(2026, 2, 20, 5), to: Date.UTC(2026, 2, 22, 5), tz: 'UTC' },
      { from: Date.UTC(2026, 2, 22, 5), to: Date.UTC(2026, 2, 22, 5, 45), tz: 'UTC' },
      { from: Date.UTC(2026, 2, 23), to: Date.UTC(2026, 2, 26, 7), tz: 'UTC' },
    ];
    const cases = [
      { apps: ['dice', 'wiki', 'tickets'], intervals: berlin, historyFrom: Date.UTC(2026, 2, 15, 23) },
      { apps: ['wiki'], intervals: berlin, historyFrom: Date.UTC(2026, 2, 15, 23) },
      { apps: ['dice', 'tickets'], intervals: odd, historyFrom: Date.UTC(2026, 2, 21) },
    ];
    for (const [mode, source] of counting()) {
      for (const q of cases) {
        const lifecycle = await same(`userLifecycle ${q.apps} ${mode}`, (s) => s.userLifecycle(q), source);
        const retention = await same(`retention ${q.apps} ${mode}`, (s) => s.retention(q), source);
        console.log(`lifecycle and retention of ${q.apps}, counted ${mode}: ${lifecycle} and ${retention} requests`);
      }
    }
    // Not all zero: the Berlin weeks have new, returning and dormant users.
    const rows = await demo.userLifecycle(cases[0]!);
    assert.ok(rows.some((r) => r.new > 0) && rows.some((r) => r.returning > 0) && rows.some((r) => r.dormant > 0));
  });

  it('asks apps apart, then in user shards, when an hour has more users than the series limit', async () => {
    const tight = await startFakeLoki({ lines: provider, limits: { ...LIMITS, maxQuerySeries: 3 }, now: () => new Date(END) });
    try {
      const http = createHttpClient({ name: 'loki', type: 'loki', url: tight.url, timeoutMs: 60_000, retries: 0, concurrency: 4 });
      const apps: AppConfig[] = APPS.map((a) => appSchema.parse({ id: a.id, name: a.name, features: a.features }));
      const source = new LokiActivitySource({ name: 'loki', http, apps, limits: { ...SOURCE_LIMITS, maxSeriesPerQuery: 3, countUsers: 'on-server' } });
      const q = { apps: APPS.map((a) => a.id), window: WINDOWS.berlin! };
      const refusals = (): number => tight.requests.filter((r) => r.status === 400).length;
      assert.deepEqual(await source.activeUsers(q), await demo.activeUsers(q));
      const first = refusals();
      assert.deepEqual(await source.distinctUsers(q), await demo.distinctUsers(q));
      const history = { ...q, historyFrom: q.window.from - 5 * DAY };
      assert.deepEqual(await source.newUsers(history), await demo.newUsers(history));
      const queries = tight.requests.map((r) => r.query.query ?? '');
      assert.ok(first > 0, 'no count was refused');
      assert.ok(queries.some((x) => x.includes('{app="dice"}') && x.includes(' or ') && x.includes('{app="wiki"}')), 'apps were not asked apart');
      assert.ok(queries.some((x) => /user=~"/.test(x)), 'users were not sharded');
      // What worked is remembered: the later questions start where the first one ended.
      assert.ok(refusals() - first < first, `later questions were refused ${refusals() - first} times, the first ${first}`);
    } finally {
      await tight.stop();
    }
  });

  it('counts distinct users to the nanosecond at window boundaries, once across apps', async () => {
    // Berlin, Saturday 2026-03-28 00:00 .. Monday 00:00 (Sunday has 23 h).
    const window: Window = { from: Date.UTC(2026, 2, 27, 23), to: Date.UTC(2026, 2, 29, 22), tz: 'Europe/Berlin' };
    const sunday = Date.UTC(2026, 2, 28, 23);
    const ns = (ms: number, extra = 0n): bigint => BigInt(ms) * 1_000_000n + extra;
    const line = (app: string, tsNs: bigint, user: string): { tsNs: bigint; labels: Record<string, string>; line: string } => ({
      tsNs,
      labels: { app, env: 'prod' },
      line: JSON.stringify({ level: 'info', event: 'page_view', user }),
    });
    const lines = [
      line('dice', ns(window.from - 10 * DAY), 'b'), // 10 days before: within 30 days, not 7
      line('dice', ns(window.from - 8 * DAY), 'f'),
      line('dice', ns(window.from, -1n), 'a'), // 1 ns before the window
      line('dice', ns(window.from), 'b'), // Saturday 00:00 exactly
      line('dice', ns(sunday), 'c'),
      line('wiki', ns(sunday), 'c'), // the same user in another app
      line('wiki', ns(window.from + 3_600_000), 'g'),
      line('dice', ns(window.to, -1n), 'd'), // the last nanosecond of Sunday
      line('dice', ns(window.to), 'e'), // Monday 00:00: out
    ];
    await withSource(lines, async (source) => {
      const dice = { apps: ['dice'], window };
      assert.equal(await source.distinctUsers(dice), 3); // b, c, d
      assert.equal(await source.distinctUsers({ apps: ['dice', 'wiki'], window }), 4); // b, c, d, g
      // Saturday: b; Sunday: c, d. 7 days to Saturday: a, b; to Sunday: a, b, c, d. 30 days: f and b's older line too.
      assert.deepEqual(await source.activeUsers(dice), { days: [window.from, sunday], dau: [1, 2], wau: [2, 4], mau: [3, 5] });
      // History of 9 days holds a and f: b, c, d are new; 11 days also hold b's older line.
      assert.equal(await source.newUsers({ ...dice, historyFrom: window.from - 9 * DAY }), 3);
      assert.equal(await source.newUsers({ ...dice, historyFrom: window.from - 11 * DAY }), 2);
    }, 'on-server');
    // Counted per day, whole days are read by range queries, placed to the millisecond only (see
    // plan.ts): the same lines 1 ms (not 1 ns) from the boundaries give the same figures.
    const ms = (l: FakeLogLine): FakeLogLine => ({ ...l, tsNs: (l.tsNs / 1_000_000n) * 1_000_000n });
    await withSource(lines.map(ms), async (source) => {
      const dice = { apps: ['dice'], window };
      assert.equal(await source.distinctUsers(dice), 3);
      assert.equal(await source.distinctUsers({ apps: ['dice', 'wiki'], window }), 4);
      assert.deepEqual(await source.activeUsers(dice), { days: [window.from, sunday], dau: [1, 2], wau: [2, 4], mau: [3, 5] });
      assert.equal(await source.newUsers({ ...dice, historyFrom: window.from - 9 * DAY }), 3);
      assert.equal(await source.newUsers({ ...dice, historyFrom: window.from - 11 * DAY }), 2);
    });
  });

  it('really sharded, split and paged, and stayed within the limits', () => {
    const queries = fake.requests.map((r) => r.query.query ?? '');
    assert.ok(queries.some((q) => /\| user=~"/.test(q)), 'no query was sharded by user');
    assert.ok(queries.some((q) => / offset \d+h1ms\)/.test(q)), 'no range query used a local-midnight offset');
    assert.ok(queries.some((q) => q.startsWith('count by (k) (label_replace(')), 'no distinct-user counts were packed');
    assert.ok(queries.some((q) => q.includes('{app=~"dice|wiki|tickets"}')), 'no apps shared one selector');
    assert.ok(queries.some((q) => q.includes(' unless ') && q.includes(' and ')), 'no set operations were asked');
    const logPages = fake.requests.filter((r) => r.query.limit !== undefined);
    assert.ok(logPages.length > APPS.length * 3, 'log queries were not paged');
    // Sessions per user add up across days: asked a day at a time (Loki splits an instant query
    // over the window into 1 h pieces; 30 days of dice at 10,000 users: 23.2 M lines scanned against 14.1 M).
    const startsPerUser = fake.requests.filter((r) => /^sum by \(user\) \(count_over_time\(.*event="session_start"/.test(r.query.query ?? ''));
    assert.ok(startsPerUser.length > 0, 'sessions per user were not asked');
    for (const r of startsPerUser) assert.match(r.query.query!, /\[(1d|\d+h|\d+h\d+m|\d+m)\]/, `not asked by the day: ${r.query.query}`);
    const refused = fake.requests.filter((r) => r.status !== 200);
    // Only series-limit refusals are expected (they make a shard split): never a length, points or entries error.
    for (const r of refused) assert.equal(r.status, 400);
    console.log(`fake Loki: ${fake.requests.length} requests, ${refused.length} refused, ${logPages.length} log pages, ${fake.bytesSent} bytes sent`);
  });

  it('cuts sessions from lines without a session id (apps[].sessionsFrom: events), read raw', async () => {
    const at = (h: number, m: number): bigint => BigInt(Date.UTC(2026, 2, 16, h, m)) * 1_000_000n;
    const line = (tsNs: bigint, user: string, app = 'dice'): FakeLogLine => ({ tsNs, labels: { app, env: 'prod' }, line: JSON.stringify({ level: 'info', event: 'page_view', user }) });
    const lines = [
      // u1: 10:00, 10:10, then 40 min without an event: a new session at 10:50. u2: 10:05 alone.
      line(at(10, 0), 'u1'),
      line(at(10, 5), 'u2'),
      line(at(10, 10), 'u1'),
      line(at(10, 50), 'u1'),
      // 09:50: read (6 hours before the window), so u1's 10:00 continues a session begun before it.
      line(at(9, 50), 'u3'),
      line(at(10, 15), 'u3'),
      // Another app's line: not dice's.
      line(at(10, 20), 'u4', 'wiki'),
    ];
    await withSource(lines, async (loki) => {
      const apps = ['dice', 'wiki'].map((id) => appSchema.parse({ id, name: id, sessionsFrom: 'events' }));
      const source = withCutSessions(loki, apps, 30, END);
      const window: Window = { from: Date.UTC(2026, 2, 16, 10), to: Date.UTC(2026, 2, 16, 12), tz: 'UTC' };
      const stats = await source.sessions({ app: 'dice', window });
      // Started in the window: u1 10:00, u2 10:05, u1 10:50 (u3's began at 09:50).
      assert.equal(stats.count, 3);
      assert.deepEqual([...stats.perUser].sort(), [['u1', 2], ['u2', 1]]);
      // Lengths of the four that ended in it: 0 (u2), 0 (u1 10:50), 10 min (u1), 25 min (u3, 09:50-10:15).
      assert.deepEqual([stats.lengths.count, stats.lengths.sum], [4, 35 * 60_000]);
      assert.equal(stats.medianMs, 5 * 60_000);
      const starts = await source.sessionStarts({ apps: ['dice', 'wiki'], window });
      assert.deepEqual(starts.map((s) => [new Date(s.ts).toISOString().slice(11, 16), s.app, s.user, s.session]), [
        ['10:00', 'dice', 'u1', ''],
        ['10:05', 'dice', 'u2', ''],
        ['10:20', 'wiki', 'u4', ''],
        ['10:50', 'dice', 'u1', ''],
      ]);
    });
  });
});

