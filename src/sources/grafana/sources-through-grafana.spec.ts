/**
 * The promise of the adapter: the unchanged Loki and Prometheus sources give the same answers
 * with only a Grafana token as with direct access (fake Loki, real Prometheus, fake Grafana).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appSchema } from '../../config/schema.js';
import { createHttpClient } from '../../http/client.js';
import type { HttpTransport } from '../../http/types.js';
import { LokiActivitySource } from '../loki/source.js';
import { PrometheusMetricsSource } from '../prometheus/index.js';
import { DAY, LOKI_UID, PROMETHEUS_UID, T0, TOKEN, startGrafanaScenario, type GrafanaScenario } from '../../../test/fakes/grafana/scenario.js';
import { createGrafanaDatasourceTransport } from './datasource-transport.js';

const client = (name: string, url: string, bearer?: string): HttpTransport =>
  createHttpClient({ name, type: name, url, timeoutMs: 20_000, retries: 0, concurrency: 4, ...(bearer ? { auth: { bearer } } : {}) });

const apps = [appSchema.parse({ id: 'checkout', name: 'Checkout' }), appSchema.parse({ id: 'payments', name: 'Payments' })];
const limits = { maxEntriesPerQuery: 5000, maxSeriesPerQuery: 500, maxQueryLengthHours: 721, maxRawEvents: 100_000 };
const window = { from: T0, to: T0 + 2 * DAY, tz: 'Europe/Berlin' };

describe('the Loki and Prometheus sources through Grafana', { timeout: 180_000 }, () => {
  let scenario: GrafanaScenario;
  let grafana: HttpTransport;
  before(async () => {
    scenario = await startGrafanaScenario({ prometheus: true });
    grafana = client('grafana', scenario.grafana.url, TOKEN);
  });
  after(() => scenario?.stop());

  it('LokiActivitySource answers the same', async () => {
    const direct = new LokiActivitySource({ name: 'loki', http: client('loki', scenario.loki.url), apps, limits });
    const via = new LokiActivitySource({ name: 'loki', http: createGrafanaDatasourceTransport(grafana, { uid: LOKI_UID, type: 'loki' }), apps, limits });
    const q = { app: 'checkout', window };
    const days = await direct.userDays(q);
    assert.equal(days.users.size, 13 + 5 + 3);
    assert.deepEqual(await via.userDays(q), days);
    assert.deepEqual(await via.userTotals(q), await direct.userTotals(q));
    assert.deepEqual(await via.hourOfWeek(q), await direct.hourOfWeek(q));
    assert.deepEqual(await via.errorLogs(q), await direct.errorLogs(q));
    const starts = await direct.sessionStarts({ apps: ['checkout', 'payments'], window });
    assert.equal(starts.length, 5);
    assert.deepEqual(await via.sessionStarts({ apps: ['checkout', 'payments'], window }), starts);
  });

  it('PrometheusSource answers the same', async () => {
    const direct = new PrometheusMetricsSource({ name: 'prometheus', http: client('prometheus', scenario.prometheus?.url ?? ''), stepSeconds: 60, apps });
    const via = new PrometheusMetricsSource({ name: 'prometheus', http: createGrafanaDatasourceTransport(grafana, { uid: PROMETHEUS_UID, type: 'prometheus' }), stepSeconds: 60, apps });
    const q = { app: 'checkout', window: { from: T0 + 3_600_000, to: T0 + 2 * DAY - 3_600_000, tz: 'Europe/Berlin' } };
    const requests = await direct.requests(q);
    assert.ok(requests.total > 0 && requests.errors > 0);
    assert.deepEqual(await via.requests(q), requests);
    assert.deepEqual(await via.latency(q), await direct.latency(q));
  });
});
