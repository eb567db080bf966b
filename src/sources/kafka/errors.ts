/**
 * kafkajs failures turned into DatasourceErrors that say what to fix: unreachable brokers,
 * refused credentials or permissions, a missing topic. kafkajs wraps the first failure in
 * "retries exceeded" errors, so the whole cause chain is examined.
 */
import { DatasourceError, ObsReportError } from '../../errors.js';

interface KafkaFailure {
  name?: string;
  type?: string;
  message: string;
}

const AUTH_TYPES = new Set(['SASL_AUTHENTICATION_FAILED', 'ILLEGAL_SASL_STATE', 'UNSUPPORTED_SASL_MECHANISM']);
const UNREACHABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSRequestTimeoutError',
]);

/** The error and its causes, outermost first (bounded: cause chains can loop). */
function chain(error: unknown): KafkaFailure[] {
  const out: KafkaFailure[] = [];
  let node: unknown = error;
  while (node instanceof Error && out.length < 10) {
    const { type } = node as { type?: unknown };
    out.push({ name: node.name, ...(typeof type === 'string' ? { type } : {}), message: node.message });
    node = node.cause;
  }
  return out;
}

/** Whether a failure (or one of its causes) is a broker that cannot be reached. */
export function isUnreachable(error: unknown): boolean {
  return chain(error).some((f) => UNREACHABLE_NAMES.has(f.name ?? '') || /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(f.message));
}

/** Where the query failed, for the error. */
export interface KafkaErrorContext {
  datasource: string;
  brokers: readonly string[];
  topic: string;
  clientId: string;
  /** Whether the client authenticates (SASL): then ACLs are the likely reason for a refusal. */
  authenticated: boolean;
  /** What was being read, e.g. `offsets of app-events`. */
  query: string;
}

/** A DatasourceError for a failed Kafka call; ObsReportErrors pass through unchanged. */
export function kafkaError(error: unknown, ctx: KafkaErrorContext): ObsReportError {
  if (error instanceof ObsReportError) return error;
  const causes = chain(error);
  const root = causes[causes.length - 1]?.message ?? String(error);
  const options = { query: ctx.query, cause: error };
  const where = `Kafka (${ctx.datasource}, brokers ${ctx.brokers.join(', ')})`;
  const has = (test: (f: KafkaFailure) => boolean): boolean => causes.some(test);
  if (has((f) => f.name === 'KafkaJSSASLAuthenticationError' || AUTH_TYPES.has(f.type ?? ''))) {
    return new DatasourceError('DATASOURCE_AUTH', ctx.datasource, `${where} refused the credentials: ${root}`, {
      ...options,
      hint: 'Check datasources.kafka.sasl (mechanism, username, password) against the listener\'s SASL settings, and ssl: true if the listener uses TLS.',
    });
  }
  if (has((f) => f.type === 'TOPIC_AUTHORIZATION_FAILED')) {
    return new DatasourceError('DATASOURCE_AUTH', ctx.datasource, `${where} denied access to topic ${ctx.topic}: ${root}`, {
      ...options,
      hint: `Grant the SASL user Describe and Read on topic ${ctx.topic} (and DescribeConfigs, to check its retention).`,
    });
  }
  if (has((f) => f.type === 'GROUP_AUTHORIZATION_FAILED')) {
    return new DatasourceError('DATASOURCE_AUTH', ctx.datasource, `${where} denied the consumer group: ${root}`, {
      ...options,
      hint: `obs-report reads with throw-away consumer groups named "${ctx.clientId}-scan-…" and never commits offsets: grant Read on groups with the prefix ${ctx.clientId}-scan-.`,
    });
  }
  if (has((f) => f.name === 'KafkaJSGroupCoordinatorNotFound')) {
    // kafkajs drops the broker's reason here; with ACLs it is nearly always a group the user may not use.
    return new DatasourceError(ctx.authenticated ? 'DATASOURCE_AUTH' : 'DATASOURCE_RESPONSE', ctx.datasource, `${where} named no coordinator for obs-report's consumer group: ${root}`, {
      ...options,
      hint: `If the brokers use ACLs, grant Read on consumer groups with the prefix ${ctx.clientId}-scan- (obs-report never commits offsets); otherwise check that the __consumer_offsets topic is healthy.`,
    });
  }
  if (has((f) => f.type === 'CLUSTER_AUTHORIZATION_FAILED')) {
    return new DatasourceError('DATASOURCE_AUTH', ctx.datasource, `${where} denied a cluster operation: ${root}`, {
      ...options,
      hint: 'Grant the SASL user Describe on the cluster, or ask the Kafka administrators which operations it may use.',
    });
  }
  if (has((f) => f.type === 'UNKNOWN_TOPIC_OR_PARTITION')) return missingTopic(ctx, [], error);
  if (isUnreachable(error)) {
    return new DatasourceError('DATASOURCE_UNREACHABLE', ctx.datasource, `${where} cannot be reached: ${root}`, {
      ...options,
      hint: 'Check datasources.kafka.brokers (host:port of the brokers\' advertised listener), that the brokers run, and that ssl matches the listener (TLS or plaintext).',
    });
  }
  return new DatasourceError('DATASOURCE_RESPONSE', ctx.datasource, `${where} failed while reading ${ctx.query}: ${root}`, {
    ...options,
    hint: 'Check the brokers\' logs and the topic\'s state (kafka-topics --describe), then try again.',
  });
}

/** The error for a topic the brokers do not have. */
export function missingTopic(ctx: KafkaErrorContext, existing: readonly string[], cause?: unknown): DatasourceError {
  const shown = existing.filter((t) => !t.startsWith('__')).slice(0, 10);
  const known = shown.length > 0 ? ` Topics there: ${shown.join(', ')}${existing.length > shown.length ? ', …' : ''}.` : '';
  return new DatasourceError('DATASOURCE_QUERY', ctx.datasource, `Kafka (${ctx.datasource}) has no topic ${ctx.topic}`, {
    query: ctx.query,
    ...(cause === undefined ? {} : { cause }),
    hint: `Check datasources.kafka.topic (the topic the apps publish their events to).${known}`,
  });
}
