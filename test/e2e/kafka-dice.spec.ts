/**
 * Dice publishes its events to a real Kafka broker (test/harness/kafka.ts) while the traffic
 * generator plays people for a few seconds; obs-report's Kafka source must then read exactly
 * the events dice wrote on stdout for a window inside the run: none lost, none doubled, none
 * from outside the window. Expected figures are counted from dice's own stdout lines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appSchema } from '../../src/config/schema.js';
import { KafkaActivitySource } from '../../src/sources/kafka/index.js';
import { startKafka, type RunningKafka } from '../harness/kafka.js';
import { createTopic, testKafka } from '../harness/kafka/events.js';
import { ROOT } from '../helpers/cli.js';
import { startApp, type LoggedLine } from '../stack/helpers/app-process.js';
import { runCommand } from '../stack/helpers/run.js';

const TOPIC = 'app-events';

/** A stdout line of dice with its time in ms. */
interface LoggedEvent {
  event: string;
  user?: string;
  session?: string;
  feature?: string;
  instance?: string;
  msg?: string;
  ms: number;
}
const dice = appSchema.parse({ id: 'dice', name: 'Dice', features: ['roll', 'reroll', 'history', 'leaderboard', 'share_result', 'custom_dice', 'export_csv'] });

describe('dice events through Kafka', { timeout: 300_000 }, () => {
  let kafka: RunningKafka;
  const log: LoggedLine[] = [];
  let runFrom = 0;
  let runTo = 0;

  before(async () => {
    kafka = await startKafka();
    await createTopic(testKafka(kafka.brokers), TOPIC, 3);
    runFrom = Date.now();
    const app = await startApp(
      { cmd: process.execPath, args: ['--import', 'tsx', 'demo/dice/src/main.ts'], cwd: ROOT, env: { KAFKA_BROKERS: kafka.brokers.join(','), KAFKA_TOPIC: TOPIC } },
      0,
      log,
    );
    try {
      const traffic = await runCommand(
        process.execPath,
        ['--import', 'tsx', 'demo/traffic/src/main.ts', '--app', `dice=http://127.0.0.1:${app.port}`, '--users', '6', '--duration', '8', '--pace', '0.02'],
        { cwd: ROOT, timeoutMs: 60_000 },
      );
      assert.equal(traffic.code, 0, traffic.stderr);
    } finally {
      // A graceful stop sends what is still queued before app_stop's process exits.
      assert.equal(await app.stop(), 0);
    }
    runTo = Date.now() + 1;
  });

  after(() => kafka?.stop());

  it('reads exactly the events dice logged in a window', async () => {
    const events = log.flatMap((l): LoggedEvent[] => (l.json ? [{ ...(l.json as Omit<LoggedEvent, 'ms'>), ms: Date.parse(String(l.json.ts)) }] : []));
    // The client may log retries (a fresh broker elects its coordinators), but every batch was delivered.
    const undelivered = events.filter((e) => e.event === 'kafka_client' && /not delivered|cannot connect/.test(String(e.msg)));
    assert.deepEqual(undelivered, []);
    // A window that leaves events out on both sides.
    const mid = events.filter((e) => e.user !== undefined);
    const from = mid[Math.floor(mid.length / 4)]!.ms;
    const to = mid[Math.floor((3 * mid.length) / 4)]!.ms;
    const window = { from, to, tz: 'UTC' };
    const inside = events.filter((e) => e.ms >= from && e.ms < to);
    assert.ok(inside.length > 50 && inside.length < events.length - 50, `${inside.length} of ${events.length} events in the window`);

    const source = new KafkaActivitySource({ name: 'kafka', config: { brokers: kafka.brokers, topic: TOPIC, clientId: 'obs-report-test', ssl: false }, apps: [dice] });

    const totals = new Map<string, number>();
    for (const e of inside) if (typeof e.user === 'string') totals.set(e.user, (totals.get(e.user) ?? 0) + 1);
    assert.deepEqual(new Map([...(await source.userTotals({ app: 'dice', window }))].sort()), new Map([...totals].sort()));

    const used = inside.filter((e) => e.event === 'feature_used');
    const features = (await source.features({ app: 'dice', window })).map((f) => [f.feature, f.events, f.users]);
    const expected = dice.features.flatMap((f) => {
      const of = used.filter((e) => e.feature === f);
      return of.length === 0 ? [] : [[f, of.length, new Set(of.map((e) => e.user)).size]];
    });
    assert.deepEqual(features.sort(), expected.sort());

    const starts = (await source.sessionStarts({ apps: ['dice'], window })).map((s) => `${s.ts} ${s.user} ${s.session}`);
    assert.deepEqual(starts, inside.filter((e) => e.event === 'session_start').map((e) => `${e.ms} ${e.user} ${e.session}`));

    // The whole run: one app_start and one app_stop, each once.
    const lifecycle = await source.lifecycle({ app: 'dice', window: { from: runFrom, to: runTo, tz: 'UTC' } });
    const logged = events.filter((e) => e.event === 'app_start' || e.event === 'app_stop');
    assert.deepEqual(lifecycle.map((e) => [e.ts, e.kind, e.instance]), logged.map((e) => [e.ms, e.event === 'app_start' ? 'start' : 'stop', e.instance]));
  });
});
