/**
 * Reads the planned offsets of every partition once, handing each message to a callback, and
 * stops when every partition reached its planned end: it never waits for new messages.
 *
 * kafkajs has no group-less consumer, so each read joins a throw-away consumer group of its
 * own (one member, all partitions), seeks every partition to its planned start, and never
 * commits (autoCommit off: kafkajs then only resolves offsets in memory). Messages outside the
 * plan (fetched before a seek took effect) and offsets already seen are dropped, so every
 * planned message is handed over exactly once. Memory: one fetch at a time, of at most maxBytes.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { DatasourceError } from '../../errors.js';
import { retryOptions, type KafkaLimits } from './client.js';
import { isUnreachable, type KafkaErrorContext } from './errors.js';
import type { ReadPlan } from './plan.js';

/** Bounds of one read. */
export interface ReadLimits extends KafkaLimits {
  /** Fails the read when no planned message arrived for this long, ms. */
  stallMs: number;
  /** Largest fetch response, bytes: bounds the memory of one batch. */
  maxBytes: number;
}

/** What a read saw. */
export interface ReadStats {
  messages: number;
  /** The throw-away consumer group it used (none when there was nothing to read). */
  groupId: string | undefined;
}

/** Reads `plan`; `onMessage` must not throw (collect problems and report them after). The caller may delete `groupId` after. */
export async function readPlan(kafka: Kafka, ctx: KafkaErrorContext, plan: ReadPlan, limits: ReadLimits, onMessage: (message: KafkaMessage) => void): Promise<ReadStats> {
  const next = new Map<number, number>();
  const end = new Map<number, number>();
  for (const p of plan.partitions) {
    if (p.end <= p.start) continue;
    next.set(p.partition, p.start);
    end.set(p.partition, p.end);
  }
  const stats: ReadStats = { messages: 0, groupId: undefined };
  if (end.size === 0) return stats;
  let restarts = 0;

  stats.groupId = `${ctx.clientId}-scan-${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId: stats.groupId,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    maxBytes: limits.maxBytes,
    maxBytesPerPartition: Math.min(limits.maxBytes, 1 << 20),
    // kafkajs restarts a crashed consumer (e.g. a coordinator still loading on a fresh broker) if
    // this allows; a few times at most, and never for brokers that cannot be reached.
    retry: { ...retryOptions(limits), restartOnFailure: async (error) => !isUnreachable(error) && ++restarts <= MAX_RESTARTS },
  });
  let lastProgress = Date.now();
  let settle: (error?: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  // Awaited below, unless start-up fails first: then nobody else would handle it.
  finished.catch(() => undefined);

  /** Moves a partition's position forward; a partition at its planned end is paused and done. */
  const advance = (partition: number, to: number): void => {
    const stop = end.get(partition);
    if (stop === undefined || to <= next.get(partition)!) return;
    next.set(partition, to);
    lastProgress = Date.now();
    if (to < stop) return;
    end.delete(partition);
    consumer.pause([{ topic: plan.topic, partitions: [partition] }]);
    if (end.size === 0) settle();
  };
  const seekAll = (): void => {
    try {
      for (const [partition, offset] of next) {
        if (end.has(partition)) consumer.seek({ topic: plan.topic, partition, offset: String(offset) });
      }
    } catch {
      // Not in the group yet (or restarting): GROUP_JOIN seeks once it is.
    }
  };

  // A (re)join resets positions to the group's committed offsets (none): seek again.
  consumer.on(consumer.events.GROUP_JOIN, () => seekAll());
  consumer.on(consumer.events.CRASH, ({ payload }) => payload.restart || settle(payload.error));
  // Batches of only transaction markers reach no handler, but still move the position.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    // kafkajs reports null for a batch with nothing at or after the fetched offset.
    const first: string | null = payload.firstOffset;
    if (payload.topic !== plan.topic || first === null) return;
    if (Number(first) <= (next.get(payload.partition) ?? -1)) advance(payload.partition, Number(payload.lastOffset) + 1);
  });
  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress > limits.stallMs) settle(stalled(ctx, plan, next, end, limits.stallMs));
  }, Math.min(1000, limits.stallMs));
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: plan.topic, fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const { partition } = batch;
        const stop = end.get(partition);
        if (batch.topic !== plan.topic || stop === undefined) return;
        let position = next.get(partition)!;
        for (const message of batch.messages) {
          const offset = Number(message.offset);
          if (offset < position || offset >= stop) continue;
          stats.messages++;
          onMessage(message);
          position = offset + 1;
        }
        advance(partition, position);
      },
    });
    seekAll();
    await finished;
    return stats;
  } finally {
    clearInterval(watchdog);
    await disconnect(consumer);
  }
}

/** Restarts of a crashed consumer within one read. */
const MAX_RESTARTS = 3;

async function disconnect(consumer: Consumer): Promise<void> {
  try {
    await consumer.disconnect();
  } catch {
    // Leaving the group is a courtesy; the broker expires it anyway.
  }
}

function stalled(ctx: KafkaErrorContext, plan: ReadPlan, next: Map<number, number>, end: Map<number, number>, stallMs: number): DatasourceError {
  const waiting = [...end.keys()].map((p) => `${p} at ${next.get(p)} of ${end.get(p)}`).join(', ');
  return new DatasourceError('DATASOURCE_RESPONSE', ctx.datasource, `Kafka (${ctx.datasource}) delivered nothing from topic ${plan.topic} for ${Math.round(stallMs / 1000)} s (partitions ${waiting})`, {
    query: ctx.query,
    hint: 'Check that the brokers are healthy and the partitions have leaders (kafka-topics --describe), then try again.',
  });
}
