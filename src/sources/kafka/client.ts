/** A kafkajs client from datasources.kafka, with bounded waits and retries and its logging silenced. */
import { Kafka, type SASLOptions } from 'kafkajs';
import type { KafkaConfig } from '../../config/schema.js';

/** How long to wait for brokers and how often to try again; not in the config file, defaults suit most clusters. */
export interface KafkaLimits {
  /** Connecting to one broker, ms. */
  connectionTimeoutMs: number;
  /** One request, ms. */
  requestTimeoutMs: number;
  /** Retries of a failed request (connection errors included) before giving up. */
  retries: number;
}

/** About 5 s before an unreachable broker is reported. */
export const DEFAULT_LIMITS: KafkaLimits = { connectionTimeoutMs: 3000, requestTimeoutMs: 30_000, retries: 2 };

/** Retry timing shared by the admin client and the consumers. */
export function retryOptions(limits: KafkaLimits): { retries: number; initialRetryTime: number; maxRetryTime: number } {
  return { retries: limits.retries, initialRetryTime: 250, maxRetryTime: 2000 };
}

/** The kafkajs client; it connects only when an admin, producer or consumer does. */
export function createKafka(config: KafkaConfig, limits: KafkaLimits): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    ...(config.sasl ? { sasl: saslOptions(config.sasl) } : {}),
    connectionTimeout: limits.connectionTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    retry: retryOptions(limits),
    // Product code never prints: failures reach the caller as errors instead.
    logCreator: () => () => undefined,
  });
}

function saslOptions(sasl: NonNullable<KafkaConfig['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    default:
      return { mechanism: 'scram-sha-512', username, password };
  }
}
