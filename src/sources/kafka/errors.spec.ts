import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatasourceError, ObsReportError } from '../../errors.js';
import { appSchema } from '../../config/schema.js';
import { kafkaError, type KafkaErrorContext } from './errors.js';
import { KafkaActivitySource } from './source.js';

const ctx: KafkaErrorContext = { datasource: 'kafka', brokers: ['kafka-1:9092'], topic: 'app-events', clientId: 'obs-report', authenticated: true, query: 'topic app-events' };

/** An error shaped like kafkajs': name, optional protocol `type`, wrapped in "retries exceeded". */
function kafkajsError(name: string, message: string, type?: string): Error {
  const inner = Object.assign(new Error(message), { name, ...(type ? { type } : {}) });
  return Object.assign(new Error(message, { cause: inner }), { name: 'KafkaJSNumberOfRetriesExceeded' });
}

describe('kafkaError', () => {
  const cases: [Error, string, RegExp][] = [
    [kafkajsError('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED 10.0.0.1:9092'), 'DATASOURCE_UNREACHABLE', /brokers/],
    [kafkajsError('KafkaJSError', 'getaddrinfo ENOTFOUND kafka-1'), 'DATASOURCE_UNREACHABLE', /advertised listener/],
    [kafkajsError('KafkaJSSASLAuthenticationError', 'SASL PLAIN authentication failed'), 'DATASOURCE_AUTH', /datasources\.kafka\.sasl/],
    [kafkajsError('KafkaJSProtocolError', 'Not authorized to access topics', 'TOPIC_AUTHORIZATION_FAILED'), 'DATASOURCE_AUTH', /Read on topic app-events/],
    [kafkajsError('KafkaJSProtocolError', 'Not authorized to access group', 'GROUP_AUTHORIZATION_FAILED'), 'DATASOURCE_AUTH', /prefix obs-report-scan-/],
    [kafkajsError('KafkaJSGroupCoordinatorNotFound', 'Failed to find group coordinator'), 'DATASOURCE_AUTH', /prefix obs-report-scan-/],
    [kafkajsError('KafkaJSProtocolError', 'This server does not host this topic-partition', 'UNKNOWN_TOPIC_OR_PARTITION'), 'DATASOURCE_QUERY', /datasources\.kafka\.topic/],
    [kafkajsError('KafkaJSProtocolError', 'The coordinator is loading', 'COORDINATOR_LOAD_IN_PROGRESS'), 'DATASOURCE_RESPONSE', /logs/],
  ];
  for (const [error, code, hint] of cases) {
    it(`maps ${(error.cause as Error).name} ${(error.cause as { type?: string }).type ?? ''} to ${code}`, () => {
      const mapped = kafkaError(error, ctx);
      assert.ok(mapped instanceof DatasourceError);
      assert.equal(mapped.code, code);
      assert.match(mapped.hint ?? '', hint);
      assert.equal(mapped.datasource, 'kafka');
      assert.equal(mapped.query, 'topic app-events');
    });
  }

  it('passes obs-report errors through unchanged', () => {
    const own = new ObsReportError('UNKNOWN_APP', 'no such app');
    assert.equal(kafkaError(own, ctx), own);
  });

  it('never lets the SASL password reach the error', async () => {
    // Nothing listens on port 1 of the loopback: the connection is refused at once.
    const source = new KafkaActivitySource({
      name: 'kafka',
      config: { brokers: ['127.0.0.1:1'], topic: 'app-events', clientId: 'obs-report', ssl: false, sasl: { mechanism: 'plain', username: 'reporter', password: 's3cret-pw' } },
      apps: [appSchema.parse({ id: 'dice', name: 'Dice' })],
      limits: { retries: 0, connectionTimeoutMs: 1000 },
    });
    const error = await source.userDays({ app: 'dice', window: { from: 0, to: 86_400_000, tz: 'UTC' } }).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_UNREACHABLE');
    const text = JSON.stringify({ message: error.message, hint: error.hint, query: error.query, stack: error.stack, cause: String(error.cause) });
    assert.doesNotMatch(text, /s3cret-pw/);
  });
});
