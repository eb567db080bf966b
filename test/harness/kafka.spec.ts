import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { startKafka } from './kafka.js';
import { createTopic, publish, testKafka } from './kafka/events.js';

function accepts(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host: host!, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('startKafka', () => {
  it('starts a broker that stores and serves messages, and removes everything on stop', async () => {
    const started = Date.now();
    const kafka = await startKafka({ properties: { 'num.partitions': '2' } });
    console.log(`broker ready in ${Date.now() - started} ms on ${kafka.brokers[0]}`);
    try {
      assert.match(kafka.brokers[0]!, /^127\.0\.0\.1:\d+$/);
      assert.ok(existsSync(`${kafka.dir}/data`));
      const client = testKafka(kafka.brokers);
      await createTopic(client, 't', 2);
      assert.equal(await publish(client, 't', [{ app: 'dice', line: '{"user":"u1"}', kafkaTs: 1000 }]), 1);
      const admin = client.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets('t');
      await admin.disconnect();
      assert.equal(offsets.reduce((n, o) => n + Number(o.high), 0), 1);
    } finally {
      await kafka.stop();
    }
    assert.equal(existsSync(kafka.dir), false);
    assert.equal(await accepts(kafka.brokers[0]!), false);
    await kafka.stop();
  });
});
