/**
 * The Kafka source on hand-made events at the edges of a window, on a real broker: events just
 * before, at and just after both ends, whose Kafka timestamps lie on the other side of the
 * edge, equal timestamps across partitions, lines without `ts`, with the app in a header,
 * unreadable messages; then retention, a missing topic, and a broker that stops.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appSchema, type KafkaConfig } from '../src/config/schema.js';
import { DatasourceError } from '../src/errors.js';
import { KafkaActivitySource, kafkaDoctor } from '../src/sources/kafka/index.js';
import type { ActivityQuery } from '../src/sources/types.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, type Window } from '../src/time/window.js';
import { startKafka, type RunningKafka } from './harness/kafka.js';
import { createTopic, publish, testKafka, type OutgoingEvent } from './harness/kafka/events.js';

// Berlin, Saturday 2026-03-28 00:00 .. Monday 00:00 (Sunday has 23 h).
const W: Window = { from: Date.UTC(2026, 2, 27, 23), to: Date.UTC(2026, 2, 29, 22), tz: 'Europe/Berlin' };
const SUNDAY = Date.UTC(2026, 2, 28, 23);
const APPS = [appSchema.parse({ id: 'dice', name: 'Dice', features: ['roll'] })];

/** A dice line; `ts` undefined = no ts field (the Kafka timestamp is the event time). */
function ev(ts: number | undefined, kafkaTs: number, user: string | undefined, event: string, partition: number, extra: Record<string, unknown> = {}): OutgoingEvent {
  const line = JSON.stringify({ ...(ts === undefined ? {} : { ts: new Date(ts).toISOString() }), level: 'info', event, user, session: user && `s-${user}`, ...extra });
  return { app: 'dice', line, kafkaTs, partition };
}

const EVENTS: OutgoingEvent[] = [
  ev(W.from - 2 * HOUR_MS, W.from - 2 * HOUR_MS, 'u4', 'page_view', 0), // before, far
  ev(W.from - 1, W.from + MINUTE_MS, 'u1', 'page_view', 0), // 1 ms before, Kafka timestamp inside: out
  ev(W.from, W.from - 5 * MINUTE_MS, 'u1', 'session_start', 1), // at the start, Kafka timestamp before it: in
  ev(undefined, W.from, 'u2', 'page_view', 2), // no ts, Kafka timestamp at the start: in
  ev(undefined, W.from - 1, 'u2', 'page_view', 2), // no ts, 1 ms before: out
  { line: 'not json at all', kafkaTs: W.from + HOUR_MS, partition: 1 },
  ev(W.from + HOUR_MS, W.from + HOUR_MS, undefined, 'app_start', 0, { instance: 'dice:8080' }),
  { app: 'other', line: JSON.stringify({ ts: new Date(W.from + HOUR_MS).toISOString(), event: 'page_view', user: 'u9' }), kafkaTs: W.from + HOUR_MS, partition: 1 },
  ...[0, 1, 2].map((p) => ev(W.from + 30 * MINUTE_MS, W.from + 30 * MINUTE_MS, 'u6', 'page_view', p)), // one Kafka timestamp on every partition
  { line: JSON.stringify({ ts: new Date(W.from + 2 * HOUR_MS).toISOString(), event: 'page_view', user: 'u5' }), kafkaTs: W.from + 2 * HOUR_MS, partition: 2, headers: { app: 'dice' } },
  ev(SUNDAY - 1, SUNDAY - 1, 'u1', 'page_view', 0), // Saturday 23:59:59.999
  ev(SUNDAY, SUNDAY, 'u1', 'page_view', 1, { level: 'error' }), // Sunday 00:00, three partitions, one instant
  ev(SUNDAY, SUNDAY, 'u2', 'session_start', 2),
  ev(SUNDAY, SUNDAY, 'u3', 'feature_used', 0, { feature: 'roll' }),
  ev(Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 2, 29, 1), 'u1', 'page_view', 1), // 03:00 CEST, after the clocks jump
  ev(W.to - 1, W.to + 8 * MINUTE_MS, 'u2', 'page_view', 0), // last ms, Kafka timestamp 8 min late: in
  ev(W.to, W.to - 3 * MINUTE_MS, 'u1', 'session_start', 1), // at the end, Kafka timestamp early: out
  ev(undefined, W.to - 1, 'u3', 'session_end', 2, { duration_ms: 120_000 }),
  ev(undefined, W.to, 'u3', 'page_view', 2), // no ts, at the end: out
  ev(W.to + HOUR_MS, W.to + HOUR_MS, 'u4', 'page_view', 0),
];

let broker: RunningKafka;
let source: KafkaActivitySource;
const config = (topic: string): KafkaConfig => ({ brokers: broker.brokers, topic, clientId: 'obs-report-test', ssl: false });

before(async () => {
  broker = await startKafka();
  const client = testKafka(broker.brokers);
  await createTopic(client, 'edges', 3);
  await publish(client, 'edges', EVENTS);
  source = new KafkaActivitySource({ name: 'kafka', config: config('edges'), apps: APPS, now: () => W.to });
});
after(() => broker?.stop());

const q: ActivityQuery = { app: 'dice', window: W };

describe('Kafka source at the edges of a window', () => {
  it('counts each event once, by its own time, whatever its Kafka timestamp', async () => {
    const days = await source.userDays(q);
    assert.deepEqual(days.days, [W.from, SUNDAY]);
    assert.deepEqual(
      [...days.users].sort(([a], [b]) => (a < b ? -1 : 1)),
      [
        ['u1', [2, 2]],
        ['u2', [1, 2]],
        ['u3', [0, 2]],
        ['u5', [1, 0]],
        ['u6', [3, 0]],
      ],
    );
    assert.deepEqual(await source.errorLogs(q), [0, 1]);
    assert.deepEqual(await source.features(q), [{ feature: 'roll', events: 1, users: 1 }]);
    assert.deepEqual(await source.lifecycle(q), [{ ts: W.from + HOUR_MS, app: 'dice', instance: 'dice:8080', kind: 'start' }]);
    assert.deepEqual(await source.sessionStarts({ apps: ['dice'], window: W }), [
      { ts: W.from, user: 'u1', app: 'dice', session: 's-u1' },
      { ts: SUNDAY, user: 'u2', app: 'dice', session: 's-u2' },
    ]);
    const sessions = await source.sessions(q);
    assert.deepEqual(sessions.lengths, { bounds: [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000], counts: [0, 1, 0, 0, 0, 0, 0], count: 1, sum: 120_000 });
    assert.deepEqual([sessions.count, sessions.medianMs, sessions.p90Ms, [...sessions.perUser].sort()], [2, 120_000, 120_000, [['u1', 1], ['u2', 1]]]);
  });

  it('puts events in local weekday and hour slots across the DST change', async () => {
    const cells = (await source.hourOfWeek(q)).flatMap((row, day) => row.flatMap((n, hour) => (n > 0 ? [[day, hour, n]] : [])));
    assert.deepEqual(cells, [
      [5, 0, 5],
      [5, 2, 1],
      [5, 23, 1],
      [6, 0, 3],
      [6, 3, 1],
      [6, 23, 2],
    ]);
  });

  it('answers the user-set questions from the same events', async () => {
    assert.equal(await source.distinctUsers({ apps: ['dice'], window: W }), 5);
    // Seen in the day before: u1 (1 ms before), u2 (no ts, 1 ms before), u4.
    assert.equal(await source.newUsers({ apps: ['dice'], window: W, historyFrom: W.from - DAY_MS }), 3);
    assert.deepEqual(await source.activeUsers({ apps: ['dice'], window: W }), { days: [W.from, SUNDAY], dau: [4, 3], wau: [5, 6], mau: [5, 6] });
  });

  it('leaves no consumer group and no committed offset behind', async () => {
    const admin = testKafka(broker.brokers).admin();
    await admin.connect();
    try {
      assert.deepEqual((await admin.listGroups()).groups, []);
    } finally {
      await admin.disconnect();
    }
  });

  it('misses late events when the margin is smaller than their lag (so the margin matters)', async () => {
    const tight = new KafkaActivitySource({ name: 'kafka', config: config('edges'), apps: APPS, now: () => W.to, marginMs: 0 });
    const users = await tight.userDays(q);
    assert.notDeepEqual(users.users.get('u2'), [1, 2]);
  });
});

describe('Kafka source errors', () => {
  it('refuses a window older than what retention kept', async () => {
    const client = testKafka(broker.brokers);
    await createTopic(client, 'short', 1, { 'retention.ms': String(7 * DAY_MS) });
    await publish(client, 'short', Array.from({ length: 10 }, (_, i) => ev(W.from + i * HOUR_MS, W.from + i * HOUR_MS, 'u1', 'page_view', 0)));
    const admin = client.admin();
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: ['short'] });
    await admin.deleteTopicRecords({ topic: 'short', partitions: [{ partition: 0, offset: '5' }] });
    await admin.disconnect();
    const old = new KafkaActivitySource({ name: 'kafka', config: config('short'), apps: APPS, now: () => W.to + 30 * DAY_MS });
    await assert.rejects(old.userDays(q), (e: unknown) => e instanceof DatasourceError && e.code === 'DATASOURCE_LIMIT' && /partition 0 starts at offset 5/.test(e.message) && /retention/.test(e.hint ?? ''));
    const recent = new KafkaActivitySource({ name: 'kafka', config: config('short'), apps: APPS, now: () => W.to + DAY_MS });
    assert.deepEqual((await recent.userTotals(q)).get('u1'), 5);
  });

  it('names a missing topic and the topics there, at once', async () => {
    const started = Date.now();
    const missing = new KafkaActivitySource({ name: 'kafka', config: config('nope'), apps: APPS });
    await assert.rejects(missing.features(q), (e: unknown) => e instanceof DatasourceError && e.code === 'DATASOURCE_QUERY' && /no topic nope/.test(e.message) && /edges/.test(e.hint ?? ''));
    await assert.rejects(kafkaDoctor(config('nope')), { code: 'DATASOURCE_QUERY' });
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('describes the cluster and the topic for the doctor', async () => {
    const report = await kafkaDoctor(config('edges'));
    assert.equal(report.topic, 'edges');
    assert.deepEqual(report.brokers.map((b) => `${b.host}:${b.port}`), broker.brokers);
    assert.deepEqual(report.partitions.map((p) => [p.partition, p.leader, p.low]), [[0, 1, 0], [1, 1, 0], [2, 1, 0]]);
    assert.equal(report.messages, EVENTS.length);
    assert.equal(report.retentionMs, -1);
  });

  it('reports a stopped broker as unreachable, quickly', async () => {
    await broker.stop();
    const started = Date.now();
    const fresh = new KafkaActivitySource({ name: 'kafka', config: config('edges'), apps: APPS });
    await assert.rejects(fresh.userDays(q), (e: unknown) => e instanceof DatasourceError && e.code === 'DATASOURCE_UNREACHABLE' && /brokers/.test(e.hint ?? ''));
    await assert.rejects(kafkaDoctor(config('edges')), { code: 'DATASOURCE_UNREACHABLE' });
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
  });
});
