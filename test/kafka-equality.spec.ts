/**
 * The Kafka source against the demo organisation, on a real Apache Kafka broker (KRaft, from
 * Maven Central's jars): the demo's log lines are published as the apps publish them (key =
 * user, value = the line with `app`) over 4 partitions, with Kafka timestamps late, early,
 * rounded (many equal) or standing in for a missing `ts`; every answer must equal the demo's,
 * exactly, for windows with DST, partial days and half-hour offsets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appSchema, type AppConfig, type KafkaConfig } from '../src/config/schema.js';
import { BUILTIN_DEMO_APPS, DemoActivitySource, buildDemoOrg, demoLogLines } from '../src/sources/demo/index.js';
import { KafkaActivitySource } from '../src/sources/kafka/index.js';
import { QueryLog, within } from '../src/sources/query-log.js';
import type { ActivityQuery, ActivitySource, IntervalsQuery, UserSetQuery } from '../src/sources/types.js';
import { addDaysIn, DAY_MS, TzCalendar, type Window } from '../src/time/window.js';
import { startKafka, type RunningKafka } from './harness/kafka.js';
import { createTopic, publish, skewed, testKafka } from './harness/kafka/events.js';

const END = Date.UTC(2026, 3, 3); // data until 2026-04-03: the history holds Berlin's spring DST change
const APPS = BUILTIN_DEMO_APPS.filter((a) => ['dice', 'wiki', 'tickets'].includes(a.id));
const IDS = APPS.map((a) => a.id);
const org = buildDemoOrg({ seed: 11, users: 90, historyDays: 45, end: END, apps: APPS });
const demo = new DemoActivitySource(org);
// Sessions cut from events, so that detail reads keep the events userEvents answers with.
const CONFIGS: AppConfig[] = APPS.map((a) => appSchema.parse({ id: a.id, name: a.name, features: a.features, sessionsFrom: 'events' }));

const WINDOWS: Record<string, Window> = {
  // Berlin, 2026-03-24 00:00 .. 2026-04-02 12:00: a 23 h day, a partial day.
  berlin: { from: Date.UTC(2026, 2, 23, 23), to: Date.UTC(2026, 3, 2, 10), tz: 'Europe/Berlin' },
  // UTC, whole days: answered from the day store.
  utc: { from: Date.UTC(2026, 2, 16), to: Date.UTC(2026, 2, 19), tz: 'UTC' },
  // Kolkata, 4 days not starting at midnight: half-hour offsets and partial days.
  kolkata: { from: Date.UTC(2026, 2, 19, 7, 45), to: Date.UTC(2026, 2, 23, 7, 45), tz: 'Asia/Kolkata' },
};

/** Four Berlin weeks ending Thursday 2026-04-02 00:00, with 10 days of history before them. */
function weeks(): IntervalsQuery {
  const tz = 'Europe/Berlin';
  const end = Date.UTC(2026, 3, 1, 22);
  const intervals = [3, 2, 1, 0].map((k) => ({ from: addDaysIn(end, -7 * (k + 1), tz), to: addDaysIn(end, -7 * k, tz), tz }));
  return { apps: IDS, intervals, historyFrom: addDaysIn(intervals[0]!.from, -10, tz) };
}

let broker: RunningKafka;
let kafka: KafkaActivitySource;
let published = 0;

function config(topic: string, brokers = broker.brokers): KafkaConfig {
  return { brokers, topic, clientId: 'obs-report-test', ssl: false };
}

before(async () => {
  broker = await startKafka();
  const client = testKafka(broker.brokers);
  await createTopic(client, 'app-events', 4);
  // Lines near the windows' edges get Kafka timestamps across the edge: only the margin finds them.
  const edges = [...Object.values(WINDOWS).flatMap((w) => [w.from, w.to]), ...weeks().intervals.flatMap((w) => [w.from, w.to])];
  let i = 0;
  const events = function* () {
    for (const l of demoLogLines(org, { apps: IDS, from: org.range.start, to: org.range.end })) {
      yield skewed(i++, l.labels.app, l.line, Number(l.tsNs / 1_000_000n), edges);
    }
  };
  published = await publish(client, 'app-events', events());
  kafka = new KafkaActivitySource({ name: 'kafka', config: config('app-events'), apps: CONFIGS, now: () => END });
});
after(() => broker?.stop());

async function same(label: string, ask: (source: ActivitySource) => Promise<unknown>): Promise<void> {
  assert.deepEqual(await ask(kafka), await ask(demo), label);
}

const QUESTIONS = ['userDays', 'userTotals', 'features', 'sessions', 'hourOfWeek', 'lifecycle', 'errorLogs', 'userEvents'] as const;

/**
 * Users of `apps` with an event in [from, to), from the demo's per-app totals: of the part from
 * where its data starts (it refuses a window that begins before, and there were none there).
 */
async function demoUsers(apps: readonly string[], since: number, to: number, tz: string, user?: string): Promise<Set<string>> {
  const from = Math.max(since, org.range.start);
  const users = new Set<string>();
  if (to <= from) return users;
  for (const app of apps) for (const u of (await demo.userTotals({ app, window: { from, to, tz }, ...(user === undefined ? {} : { user }) })).keys()) users.add(u);
  return users;
}

/** The user-set answers, built independently from demo windows (the demo source does not answer them itself yet). */
const reference = {
  async activeUsers(q: UserSetQuery): Promise<unknown> {
    const { tz } = q.window;
    const days = [...new TzCalendar(q.window).days];
    const count = async (from: number, to: number): Promise<number> => (await demoUsers(q.apps, from, to, tz, q.user)).size;
    const out = { days, dau: [] as number[], wau: [] as number[], mau: [] as number[] };
    for (const day of days) {
      const end = Math.min(addDaysIn(day, 1, tz), q.window.to);
      out.dau.push(await count(Math.max(day, q.window.from), end));
      out.wau.push(await count(addDaysIn(day, -6, tz), end));
      out.mau.push(await count(addDaysIn(day, -29, tz), end));
    }
    return out;
  },
  async distinctUsers(q: UserSetQuery): Promise<unknown> {
    return (await demoUsers(q.apps, q.window.from, q.window.to, q.window.tz, q.user)).size;
  },
  async newUsers(q: UserSetQuery & { historyFrom: number }): Promise<unknown> {
    const seen = await demoUsers(q.apps, q.historyFrom, q.window.from, q.window.tz, q.user);
    return [...(await demoUsers(q.apps, q.window.from, q.window.to, q.window.tz, q.user))].filter((u) => !seen.has(u)).length;
  },
  async sets(q: IntervalsQuery): Promise<{ active: Set<string>[]; before: Set<string>[] }> {
    const tz = q.intervals[0]!.tz;
    const active = await Promise.all(q.intervals.map((i) => demoUsers(q.apps, i.from, i.to, tz)));
    const before = await Promise.all(q.intervals.map((i) => demoUsers(q.apps, q.historyFrom, i.from, tz)));
    return { active, before };
  },
  async userLifecycle(q: IntervalsQuery): Promise<unknown> {
    const { active, before } = await this.sets(q);
    return q.intervals.slice(1).map((interval, j) => {
      const [now, prev] = [active[j + 1]!, active[j]!];
      const row = { start: interval.from, new: 0, returning: 0, resurrecting: 0, dormant: [...prev].filter((u) => !now.has(u)).length };
      for (const u of now) {
        if (prev.has(u)) row.returning++;
        else if (before[j + 1]!.has(u)) row.resurrecting++;
        else row.new++;
      }
      return row;
    });
  },
  async retention(q: IntervalsQuery): Promise<unknown> {
    const { active, before } = await this.sets(q);
    return active.map((users, i) => {
      const cohort = [...users].filter((u) => !before[i]!.has(u));
      return { start: q.intervals[i]!.from, size: cohort.length, retained: active.slice(i).map((later) => cohort.filter((u) => later.has(u)).length) };
    });
  },
};

/** Compares with the demo's own answer when it has one, and always with the reference. */
async function sameSet<Q>(label: string, question: 'activeUsers' | 'distinctUsers' | 'newUsers' | 'userLifecycle' | 'retention', q: Q): Promise<void> {
  const ask = (s: Partial<ActivitySource>): Promise<unknown> | undefined => (s[question] as ((q: Q) => Promise<unknown>) | undefined)?.call(s, q);
  const actual = await ask(kafka);
  assert.deepEqual(actual, await (reference[question] as (q: Q) => Promise<unknown>).call(reference, q), `${label} (reference)`);
  const own = ask(demo as Partial<ActivitySource>);
  if (own) assert.deepEqual(actual, await own, `${label} (demo)`);
}

describe('Kafka source equals the demo organisation', () => {
  it('published every demo line', () => {
    assert.ok(published > 10_000, `only ${published} messages`);
  });

  for (const [name, window] of Object.entries(WINDOWS)) {
    it(`answers every question like the demo (${name} window)`, async () => {
      for (const app of IDS) {
        const q: ActivityQuery = { app, window };
        for (const question of QUESTIONS) await same(`${question} ${app} ${name}`, (s) => s[question](q) as Promise<unknown>);
      }
      await same(`sessionStarts ${name}`, (s) => s.sessionStarts({ apps: IDS, window }));
      for (const apps of [['dice'], IDS]) {
        const q: UserSetQuery = { apps, window };
        await sameSet(`activeUsers ${apps} ${name}`, 'activeUsers', q);
        await sameSet(`distinctUsers ${apps} ${name}`, 'distinctUsers', q);
        await sameSet(`newUsers ${apps} ${name}`, 'newUsers', { ...q, historyFrom: window.from - 10 * DAY_MS });
      }
    });
  }

  it('answers lifecycle and retention over weeks like the demo', async () => {
    const q = weeks();
    const intervals = q.intervals;
    await sameSet('userLifecycle', 'userLifecycle', q);
    await sameSet('retention', 'retention', { ...q, intervals: intervals.slice(1) });
    await sameSet('userLifecycle, one app', 'userLifecycle', { ...q, apps: ['wiki'] });
  });

  it('answers one-user questions like the demo', async () => {
    const window = WINDOWS.berlin!;
    const totals = await demo.userTotals({ app: 'wiki', window });
    const [user] = [...totals.entries()].sort((a, b) => b[1] - a[1])[0]!;
    for (const app of IDS) {
      const q: ActivityQuery = { app, window, user };
      for (const question of QUESTIONS) await same(`${question} ${app} user ${user}`, (s) => s[question](q) as Promise<unknown>);
    }
    await same('sessionStarts one user', (s) => s.sessionStarts({ apps: IDS, window, user }));
    await sameSet('activeUsers one user', 'activeUsers', { apps: IDS, window, user });
  });

  it('notes what it read: topic, partitions, offsets, purpose', async () => {
    const log = new QueryLog();
    const window = WINDOWS.utc!;
    await within(log, 'features', () => kafka.features({ app: 'dice', window }));
    const [record] = log.all();
    assert.equal(record?.datasourceType, 'kafka');
    assert.match(record!.query, /^kafka app-events: feature_used events and distinct users per feature, app=dice, \[2026-03-16T00:00:00\.000Z, 2026-03-19T00:00:00\.000Z\) UTC; read app-events 0:\[\d+,\d+\) 1:\[\d+,\d+\) 2:\[\d+,\d+\) 3:\[\d+,\d+\) \(\d+ messages/);
    assert.equal(record!.purpose, 'feature use');
  });

  it('refuses an app that is not configured', async () => {
    await assert.rejects(kafka.features({ app: 'nope', window: WINDOWS.utc! }), { code: 'UNKNOWN_APP' });
  });
});
