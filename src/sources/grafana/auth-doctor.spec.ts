/**
 * Grafana's refusals as the fake answers them (the samples' 401 and 403 bodies) become
 * DATASOURCE_AUTH errors that say what to do, never naming the token; and the doctor helpers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DatasourceError } from '../../errors.js';
import { createHttpClient } from '../../http/client.js';
import type { HttpTransport } from '../../http/types.js';
import { LOKI_UID, T0, TOKEN, startGrafanaScenario, type GrafanaScenario } from '../../../test/fakes/grafana/scenario.js';
import { grafanaSample } from '../../../test/fakes/grafana/samples.js';
import { createGrafanaDatasourceTransport } from './datasource-transport.js';
import { grafanaDatasources, grafanaDatasourceUid, grafanaHealth, grafanaWhoAmI } from './doctor.js';

const EXPIRED = 'glsa_expired_000000000000';

function grafana(url: string, bearer?: string): HttpTransport {
  return createHttpClient({ name: 'grafana', type: 'grafana', url, timeoutMs: 5_000, retries: 0, concurrency: 2, ...(bearer ? { auth: { bearer } } : {}) });
}

async function failure(promise: Promise<unknown>): Promise<DatasourceError> {
  const error = await promise.then(() => assert.fail('expected an error'), (e: unknown) => e);
  assert.ok(error instanceof DatasourceError, String(error));
  return error;
}

const logQuery = { path: '/loki/api/v1/query_range', query: { query: '{app="checkout"}', start: `${T0}000000`, end: `${T0 + 60_000}000000`, limit: '5' } };

describe('Grafana auth failures', () => {
  let scenario: GrafanaScenario;
  before(async () => {
    scenario = await startGrafanaScenario({
      prometheus: false,
      grafana: { expiredTokens: [EXPIRED], deniedDatasources: ['P1809F7CD0C75ACF3'], deniedPermissions: ['datasources:read'] },
    });
  });
  after(() => scenario.stop());

  const loki = (bearer?: string): HttpTransport => createGrafanaDatasourceTransport(grafana(scenario.grafana.url, bearer), { uid: LOKI_UID, type: 'loki' });

  it('no token: 401 "Unauthorized", hint to create a service-account token', async () => {
    const error = await failure(loki().request(logQuery));
    assert.equal(error.code, 'DATASOURCE_AUTH');
    assert.equal(error.status, 401);
    assert.match(error.message, /refused the service-account token \(HTTP 401\).*: Unauthorized$/);
    assert.match(error.hint ?? '', /service-account token/);
  });

  it('unknown and expired tokens: Grafana\'s own words, and the token never in the error', async () => {
    const bad = 'glsa_wrong_token_abcdef0123';
    const invalid = await failure(loki(bad).request(logQuery));
    assert.match(invalid.message, /Invalid API key$/);
    const expired = await failure(loki(EXPIRED).request(logQuery));
    assert.match(expired.message, /Expired API key$/);
    for (const e of [invalid, expired]) assert.ok(!`${e.message} ${e.hint ?? ''} ${String(e.query)}`.includes('glsa_'), e.message);
  });

  it('a datasource the token may not query: 403 with the permission to grant', async () => {
    const prometheus = createGrafanaDatasourceTransport(grafana(scenario.grafana.url, TOKEN), { uid: 'P1809F7CD0C75ACF3', type: 'prometheus' });
    const error = await failure(prometheus.request({ path: '/api/v1/query', method: 'POST', form: { query: 'up', time: '1773100000' } }));
    assert.equal(error.code, 'DATASOURCE_AUTH');
    assert.equal(error.status, 403);
    assert.match(error.message, /denied access \(HTTP 403\) to queries of the prometheus datasource P1809F7CD0C75ACF3: Access denied to data source/);
    assert.match(error.hint ?? '', /datasources:query/);
  });

  it('an RBAC denial names the permission Grafana asks for', async () => {
    const error = await failure(grafanaDatasources(grafana(scenario.grafana.url, TOKEN)));
    assert.equal(error.status, 403);
    assert.match(error.hint ?? '', /lacks the permission datasources:read/);
  });

  it('an unknown datasource uid says which setting to fix', async () => {
    const ghost = createGrafanaDatasourceTransport(grafana(scenario.grafana.url, TOKEN), { uid: 'nope', type: 'loki' });
    const error = await failure(ghost.request(logQuery));
    assert.equal(error.code, 'DATASOURCE_UNREACHABLE');
    assert.match(error.hint ?? '', /datasources\.grafana\.datasources\.loki/);
  });
});

describe('Grafana doctor helpers', () => {
  let scenario: GrafanaScenario;
  before(async () => {
    scenario = await startGrafanaScenario({ prometheus: false, grafana: { dashboards: { 'app-overview-prod': grafanaSample('dashboard-by-uid.json') } } });
  });
  after(() => scenario.stop());

  it('reports health, version and the datasources', async () => {
    const http = grafana(scenario.grafana.url, TOKEN);
    assert.deepEqual(await grafanaHealth(grafana(scenario.grafana.url)), { database: 'ok', version: '12.2.1', commit: '563109b696e9c1cbaf345f2ab7a11f7f78422982' });
    assert.deepEqual(await grafanaWhoAmI(http), { tokenValid: true, seesDashboards: true });
    assert.deepEqual(await grafanaDatasources(http), [
      { uid: LOKI_UID, name: 'Loki', type: 'loki', isDefault: false },
      { uid: 'P1809F7CD0C75ACF3', name: 'Prometheus', type: 'prometheus', isDefault: true },
    ]);
    assert.equal(await grafanaDatasourceUid(http, 'loki'), LOKI_UID);
    assert.equal(await grafanaDatasourceUid(http, 'prometheus', 'configured-uid'), 'configured-uid');
    const error = await failure(grafanaWhoAmI(grafana(scenario.grafana.url, 'glsa_nope_0000000000')));
    assert.equal(error.code, 'DATASOURCE_AUTH');
  });

  it('a failing database is an answer (503 body), not an error', async () => {
    const failing = await startGrafanaScenario({ prometheus: false, grafana: { databaseFailing: true } });
    try {
      assert.deepEqual(await grafanaHealth(grafana(failing.grafana.url)), { database: 'failing', version: '12.2.1', commit: '563109b696e9c1cbaf345f2ab7a11f7f78422982' });
    } finally {
      await failing.stop();
    }
  });
});
