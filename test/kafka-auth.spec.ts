/**
 * The Kafka source against a broker that authenticates (SASL/PLAIN) and authorises (ACLs):
 * a wrong password, a topic the user may not read, and a consumer group it may not use each
 * give a DATASOURCE_AUTH error that says what to grant; with the grants, it reads.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import { appSchema, type KafkaConfig } from '../src/config/schema.js';
import { DatasourceError } from '../src/errors.js';
import { KafkaActivitySource, kafkaDoctor } from '../src/sources/kafka/index.js';
import { startKafka, type RunningKafka } from './harness/kafka.js';
import { createTopic, publish, testKafka } from './harness/kafka/events.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;
const PASSWORD = 'reporterSecret42';
const APPS = [appSchema.parse({ id: 'dice', name: 'Dice' })];
const window = { from: 0, to: 86_400_000, tz: 'UTC' };

let broker: RunningKafka;

function source(password: string): KafkaActivitySource {
  const config: KafkaConfig = { brokers: broker.brokers, topic: 'app-events', clientId: 'obs-report', ssl: false, sasl: { mechanism: 'plain', username: 'reporter', password } };
  return new KafkaActivitySource({ name: 'kafka', config, apps: APPS, limits: { retries: 1 } });
}

async function grant(acl: { resourceType: number; resourceName: string; pattern: number; operation: number }): Promise<void> {
  const admin = testKafka(broker.brokers, broker.superUser).admin();
  await admin.connect();
  try {
    await admin.createAcls({
      acl: [{ resourceType: acl.resourceType, resourceName: acl.resourceName, resourcePatternType: acl.pattern, principal: 'User:reporter', host: '*', operation: acl.operation, permissionType: AclPermissionTypes.ALLOW }],
    });
  } finally {
    await admin.disconnect();
  }
}

/** Runs `ask` and checks it fails with DATASOURCE_AUTH, a hint matching `hint`, and no password anywhere. */
async function deniedWith(ask: Promise<unknown>, hint: RegExp): Promise<void> {
  const error = await ask.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof DatasourceError, String(error));
  assert.equal(error.code, 'DATASOURCE_AUTH', error.message);
  assert.match(error.hint ?? '', hint);
  assert.doesNotMatch(`${error.message} ${error.hint} ${error.query} ${error.stack}`, new RegExp(PASSWORD));
}

before(async () => {
  broker = await startKafka({ sasl: { users: { reporter: PASSWORD }, acls: true } });
  const client = testKafka(broker.brokers, broker.superUser);
  await createTopic(client, 'app-events', 2);
  await publish(client, 'app-events', [{ app: 'dice', line: JSON.stringify({ ts: '1970-01-01T01:00:00Z', event: 'login', user: 'u1' }), kafkaTs: 3_600_000 }]);
});
after(() => broker?.stop());

describe('Kafka source with SASL and ACLs', () => {
  it('reports a wrong password as an authentication failure', async () => {
    await deniedWith(source('wrong').userTotals({ app: 'dice', window }), /datasources\.kafka\.sasl/);
    const config: KafkaConfig = { brokers: broker.brokers, topic: 'app-events', clientId: 'obs-report', ssl: false, sasl: { mechanism: 'plain', username: 'reporter', password: 'wrong' } };
    await deniedWith(kafkaDoctor(config), /sasl/);
  });

  it('reports a topic the user may not read as denied, not as missing', async () => {
    await deniedWith(source(PASSWORD).userTotals({ app: 'dice', window }), /Describe and Read on topic app-events/);
  });

  it('reports a consumer group the user may not use, naming the prefix to grant', async () => {
    for (const operation of [AclOperationTypes.DESCRIBE, AclOperationTypes.READ]) {
      await grant({ resourceType: AclResourceTypes.TOPIC, resourceName: 'app-events', pattern: ResourcePatternTypes.LITERAL, operation });
    }
    await deniedWith(source(PASSWORD).userTotals({ app: 'dice', window }), /prefix obs-report-scan-/);
  });

  it('reads once the grants are there', async () => {
    await grant({ resourceType: AclResourceTypes.GROUP, resourceName: 'obs-report-scan-', pattern: ResourcePatternTypes.PREFIXED, operation: AclOperationTypes.READ });
    assert.deepEqual(await source(PASSWORD).userTotals({ app: 'dice', window }), new Map([['u1', 1]]));
  });
});
