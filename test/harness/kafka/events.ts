/**
 * Publishing app events to a test broker the way the apps do (key = user, value = the JSON line
 * with an `app` field), with Kafka timestamps that differ from the events' own time as they do in
 * real life: late, early, rounded (many equal), and some lines without `ts` at all.
 */
import { Kafka, Partitioners, logLevel, type Message } from 'kafkajs';

/** A line to publish and the Kafka timestamp to give it. */
export interface OutgoingEvent {
  /** Added to the line as `app`; absent: the line goes as it is (e.g. with an `app` header instead). */
  app?: string;
  line: string;
  kafkaTs: number;
  /** A fixed partition; default: by key. */
  partition?: number;
  headers?: Record<string, string>;
}

/** A client for tests: quiet, few retries; SASL/PLAIN when a user is given (e.g. the harness's superUser). */
export function testKafka(brokers: string[], user?: { username: string; password: string }): Kafka {
  return new Kafka({ brokers, clientId: 'test', logLevel: logLevel.NOTHING, retry: { retries: 3 }, ...(user ? { sasl: { mechanism: 'plain', ...user } } : {}) });
}

/** Creates the topic with `partitions` partitions and optional topic configs. */
export async function createTopic(kafka: Kafka, topic: string, partitions: number, configs: Record<string, string> = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) }],
    });
  } finally {
    await admin.disconnect();
  }
}

/** The message for one line: value = the line with `"app"` added first, key = its user (none for lifecycle lines). */
export function toMessage(e: OutgoingEvent): Message {
  let user: string | undefined;
  try {
    user = (JSON.parse(e.line) as { user?: string }).user;
  } catch {
    // Not JSON: sent as is, without a key.
  }
  const value = e.app === undefined ? e.line : `{"app":${JSON.stringify(e.app)},${e.line.slice(1)}`;
  return {
    key: user ?? null,
    value,
    timestamp: String(e.kafkaTs),
    ...(e.partition === undefined ? {} : { partition: e.partition }),
    ...(e.headers ? { headers: e.headers } : {}),
  };
}

/**
 * Publishes in order, in batches; returns how many messages were sent. The producer is
 * idempotent: a send that times out on a freshly started broker and is retried must not write
 * its messages twice (seen once in CI: 37 messages in a topic that was sent 22).
 */
export async function publish(kafka: Kafka, topic: string, events: Iterable<OutgoingEvent>, batch = 2000): Promise<number> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let sent = 0;
  try {
    let messages: Message[] = [];
    for (const e of events) {
      messages.push(toMessage(e));
      if (messages.length < batch) continue;
      await producer.send({ topic, messages });
      sent += messages.length;
      messages = [];
    }
    if (messages.length > 0) await producer.send({ topic, messages });
    return sent + messages.length;
  } finally {
    await producer.disconnect();
  }
}

/**
 * Kafka timestamps for the i-th line with event time `ts`: mostly equal to it, some up to 8
 * minutes late or 5 minutes early, some rounded down to the minute; every 7th line loses its
 * `ts` field (its event time is then the Kafka timestamp, which equals the old `ts`). Lines
 * within 8 minutes of one of `edges` get a Kafka timestamp on the other side of that edge.
 */
export function skewed(i: number, app: string, line: string, ts: number, edges: readonly number[] = []): OutgoingEvent {
  if (i % 7 === 3) {
    const { ts: _dropped, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return { app, line: JSON.stringify(rest), kafkaTs: ts };
  }
  const edge = edges.find((e) => Math.abs(ts - e) < 480_000);
  if (edge !== undefined) return { app, line, kafkaTs: ts < edge ? 2 * edge - ts : 2 * edge - ts - 1 };
  const lag = i % 5 === 0 ? (i * 7919) % 480_000 : i % 5 === 1 ? -((i * 104_729) % 300_000) : 0;
  const kafkaTs = i % 11 === 4 ? Math.floor(ts / 60_000) * 60_000 : ts + lag;
  return { app, line, kafkaTs };
}
