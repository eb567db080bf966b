/**
 * The Kafka source reading about 200,000 messages (the demo organisation with 1,550 users and
 * 5 apps over 30 days, on 6 partitions of a real broker): the answers still equal the demo's,
 * and the process's memory grows with what the answers hold, not with the messages read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { appSchema } from '../src/config/schema.js';
import { BUILTIN_DEMO_APPS, DemoActivitySource, buildDemoOrg, demoLogLines } from '../src/sources/demo/index.js';
import { KafkaActivitySource } from '../src/sources/kafka/index.js';
import { DAY_MS } from '../src/time/window.js';
import { startKafka, type RunningKafka } from './harness/kafka.js';
import { createTopic, publish, testKafka } from './harness/kafka/events.js';

const END = Date.UTC(2026, 3, 3);
const IDS = BUILTIN_DEMO_APPS.map((a) => a.id);
const org = buildDemoOrg({ seed: 7, users: 1550, historyDays: 30, end: END, apps: BUILTIN_DEMO_APPS });
const demo = new DemoActivitySource(org);
const window = { from: END - 30 * DAY_MS, to: END, tz: 'UTC' };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1 << 20;

let broker: RunningKafka;
let published = 0;
let publishMs = 0;

before(async () => {
  broker = await startKafka();
  const client = testKafka(broker.brokers);
  await createTopic(client, 'scale', 6);
  const started = Date.now();
  const events = function* () {
    for (const l of demoLogLines(org, { apps: IDS, from: window.from, to: window.to })) yield { app: l.labels.app, line: l.line, kafkaTs: Number(l.tsNs / 1_000_000n) };
  };
  published = await publish(client, 'scale', events(), 5000);
  publishMs = Date.now() - started;
});
after(() => broker?.stop());

describe('Kafka source at scale', () => {
  it('reads 200,000 messages in bounded memory and answers like the demo', async () => {
    assert.ok(published >= 200_000, `only ${published} messages`);
    const source = new KafkaActivitySource({
      name: 'kafka',
      config: { brokers: broker.brokers, topic: 'scale', clientId: 'obs-report-test', ssl: false },
      apps: BUILTIN_DEMO_APPS.map((a) => appSchema.parse({ id: a.id, name: a.name, features: a.features })),
      now: () => END,
    });
    gc();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const started = Date.now();
    // Two reads of the whole topic: per-user days (for the user-set questions), then every aggregate.
    const distinct = await source.distinctUsers({ apps: IDS, window });
    const daysMs = Date.now() - started;
    const features = await source.features({ app: 'dice', window });
    const readMs = Date.now() - started;
    clearInterval(sampler);
    gc();
    const held = process.memoryUsage().heapUsed - base.heapUsed;
    const growth = peakRss - base.rss;
    console.log(
      `${published} messages (${Math.round(publishMs / 1000)} s to publish); read twice in ${readMs} ms ` +
        `(${Math.round(published / (daysMs / 1000))} messages/s for per-user days); RSS ${Math.round(base.rss / MB)} MB, ` +
        `peak growth ${Math.round(growth / MB)} MB; heap held after the reads ${Math.round(held / MB)} MB`,
    );
    assert.deepEqual(features, await demo.features({ app: 'dice', window }));
    const users = new Set<string>();
    for (const app of IDS) for (const u of (await demo.userTotals({ app, window })).keys()) users.add(u);
    assert.equal(distinct, users.size);
    for (const app of IDS) assert.deepEqual(await source.userTotals({ app, window }), await demo.userTotals({ app, window }), app);
    assert.deepEqual(await source.sessions({ app: 'wiki', window }), await demo.sessions({ app: 'wiki', window }));
    // The messages' JSON alone is about 28 MB; kafkajs holds at most one 10 MB fetch at a time.
    assert.ok(growth < 160 * MB, `RSS grew by ${Math.round(growth / MB)} MB`);
    assert.ok(held < 40 * MB, `${Math.round(held / MB)} MB still held`);
  });
});
