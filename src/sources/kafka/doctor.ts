/** Checks for `obs-report doctor`: the brokers answer, the topic exists, its partitions and latest offsets. */
import type { KafkaConfig } from '../../config/schema.js';
import { createKafka, DEFAULT_LIMITS, type KafkaLimits } from './client.js';
import { kafkaError, type KafkaErrorContext } from './errors.js';
import { requireTopic, topicRetentionMs } from './plan.js';

/** One partition of the event topic as the brokers describe it now. */
export interface KafkaPartitionState {
  partition: number;
  /** Broker id of the leader; -1 without one (the partition cannot be read). */
  leader: number;
  replicas: number;
  inSync: number;
  /** First kept offset and next offset (the latest offset + 1). */
  low: number;
  high: number;
}

/** What `obs-report doctor` shows about the Kafka datasource. */
export interface KafkaDoctorReport {
  clusterId: string;
  brokers: { nodeId: number; host: string; port: number }[];
  controller: number | null;
  topic: string;
  partitions: KafkaPartitionState[];
  /** Messages on the topic now: the sum of high - low. */
  messages: number;
  /** The topic's retention.ms (-1 = forever), null when the brokers do not tell. */
  retentionMs: number | null;
}

/** Describes the cluster and the topic; throws a DatasourceError (unreachable, auth, missing topic) with a hint. */
export async function kafkaDoctor(config: KafkaConfig, opts: { name?: string; limits?: Partial<KafkaLimits> } = {}): Promise<KafkaDoctorReport> {
  const name = opts.name ?? 'kafka';
  const ctx: KafkaErrorContext = { datasource: name, brokers: config.brokers, topic: config.topic, clientId: config.clientId, authenticated: config.sasl !== undefined, query: `metadata and offsets of topic ${config.topic}` };
  const admin = createKafka(config, { ...DEFAULT_LIMITS, ...opts.limits }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await requireTopic(admin, ctx);
    const [metadata, offsets, retentionMs] = await Promise.all([
      admin.fetchTopicMetadata({ topics: [config.topic] }),
      admin.fetchTopicOffsets(config.topic),
      topicRetentionMs(admin, config.topic),
    ]);
    const described = metadata.topics[0]?.partitions ?? [];
    const partitions = offsets
      .map((o): KafkaPartitionState => {
        const meta = described.find((p) => p.partitionId === o.partition);
        return { partition: o.partition, leader: meta?.leader ?? -1, replicas: meta?.replicas.length ?? 0, inSync: meta?.isr.length ?? 0, low: Number(o.low), high: Number(o.high) };
      })
      .sort((a, b) => a.partition - b.partition);
    return {
      clusterId: cluster.clusterId,
      brokers: cluster.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port })),
      controller: cluster.controller,
      topic: config.topic,
      partitions,
      messages: partitions.reduce((sum, p) => sum + (p.high - p.low), 0),
      retentionMs,
    };
  } catch (error) {
    throw kafkaError(error, ctx);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
