/**
 * Which offsets of which partitions hold a time window. Kafka finds offsets by the message
 * timestamp, which can differ from the event's own `ts` (a producer that batches, a replay):
 * the read starts `margin` before the window and ends `margin` after it (or at the partition's
 * end as it is now: nothing newer is waited for), and events are then cut on their own time.
 * A window that reaches back before what retention has kept is refused, not answered short.
 */
import kafkajs, { type Admin } from 'kafkajs';
import { DatasourceError } from '../../errors.js';
import { kafkaError, missingTopic, type KafkaErrorContext } from './errors.js';

/** The offsets to read in one partition: [start, end). */
export interface PartitionSpan {
  partition: number;
  start: number;
  end: number;
  /** The partition's first and next offsets when the plan was made. */
  low: number;
  high: number;
}

/** A read of one topic for one time window. */
export interface ReadPlan {
  topic: string;
  /** The event-time window, epoch ms, and the Kafka-timestamp range read for it. */
  from: number;
  to: number;
  readFrom: number;
  readTo: number;
  partitions: PartitionSpan[];
}

/** Offsets of the topic's partitions for events in [from, to), read `marginMs` wider. */
export async function planRead(admin: Admin, ctx: KafkaErrorContext, window: { from: number; to: number }, marginMs: number, now: number): Promise<ReadPlan> {
  await requireTopic(admin, ctx);
  const readFrom = window.from - marginMs;
  const readTo = window.to + marginMs;
  const [bounds, starts, ends] = await Promise.all([
    admin.fetchTopicOffsets(ctx.topic),
    admin.fetchTopicOffsetsByTimestamp(ctx.topic, Math.max(0, readFrom)),
    admin.fetchTopicOffsetsByTimestamp(ctx.topic, Math.max(0, readTo)),
  ]);
  const offsetOf = (list: { partition: number; offset: string }[], partition: number): number | undefined => {
    const found = list.find((o) => o.partition === partition);
    return found === undefined ? undefined : Number(found.offset);
  };
  const partitions = bounds
    .map((b): PartitionSpan => {
      const low = Number(b.low);
      const high = Number(b.high);
      // kafkajs answers the high watermark where no message is that late; never read past `high`.
      const start = Math.min(high, Math.max(low, offsetOf(starts, b.partition) ?? low));
      const end = Math.max(start, Math.min(high, offsetOf(ends, b.partition) ?? high));
      return { partition: b.partition, start, end, low, high };
    })
    .sort((a, b) => a.partition - b.partition);
  const plan: ReadPlan = { topic: ctx.topic, from: window.from, to: window.to, readFrom, readTo, partitions };
  await checkRetention(admin, ctx, plan, now);
  return plan;
}

/**
 * Fails with a clear error when the topic is missing. With ACLs, a topic the user may not
 * describe is absent from the list too: asking for it by name tells the two apart.
 */
export async function requireTopic(admin: Admin, ctx: KafkaErrorContext): Promise<void> {
  const topics = await admin.listTopics();
  if (topics.includes(ctx.topic)) return;
  try {
    await admin.fetchTopicMetadata({ topics: [ctx.topic] });
  } catch (error) {
    const denied = kafkaError(error, ctx);
    throw denied.code === 'DATASOURCE_AUTH' ? denied : missingTopic(ctx, topics);
  }
}

/**
 * A partition whose first kept offset is also where the read starts may have lost events of
 * the window to retention. That is only possible when the read starts before `now - retention.ms`
 * (or retention.ms is unknown); then the answer would be short, so it is refused.
 */
async function checkRetention(admin: Admin, ctx: KafkaErrorContext, plan: ReadPlan, now: number): Promise<void> {
  const suspects = plan.partitions.filter((p) => p.low > 0 && p.start === p.low);
  if (suspects.length === 0) return;
  const retentionMs = await topicRetentionMs(admin, ctx.topic);
  if (retentionMs !== null && (retentionMs < 0 || plan.readFrom >= now - retentionMs)) return;
  const first = suspects[0]!;
  const kept = retentionMs === null ? 'retention.ms unknown' : `retention.ms ${retentionMs}`;
  throw new DatasourceError(
    'DATASOURCE_LIMIT',
    ctx.datasource,
    `Kafka topic ${ctx.topic} may no longer hold the events from ${new Date(plan.from).toISOString()}: partition ${first.partition} starts at offset ${first.low}, older events were deleted (${kept})`,
    {
      query: ctx.query,
      hint: 'Choose a shorter period or less history (analytics.historyDays), raise the topic\'s retention.ms, or read activity from Loki (sources.activity: loki).',
    },
  );
}

/** The topic's retention.ms (-1 = forever), or null when the brokers do not tell. */
export async function topicRetentionMs(admin: Admin, topic: string): Promise<number | null> {
  try {
    const answer = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    });
    const value = answer.resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
    const ms = value === undefined ? NaN : Number(value);
    return Number.isFinite(ms) ? ms : null;
  } catch {
    // Without DescribeConfigs permission the check falls back to assuming the worst.
    return null;
  }
}

/** `0:[12,480) 1:[0,455)`: the offsets read, for the query log. */
export function describeSpans(plan: ReadPlan): string {
  const read = plan.partitions.filter((p) => p.end > p.start);
  if (read.length === 0) return 'no messages';
  return read.map((p) => `${p.partition}:[${p.start},${p.end})`).join(' ');
}
