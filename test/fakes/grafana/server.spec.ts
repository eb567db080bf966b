/**
 * The fake Grafana over HTTP: as strict as Grafana about credentials and bodies, and a
 * multi-query /api/ds/query with one failing refId answered in the partial-error shape.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { grafanaSample } from './samples.js';
import { LOKI_UID, T0, TOKEN, startGrafanaScenario, type GrafanaScenario } from './scenario.js';

describe('fake Grafana server', () => {
  let scenario: GrafanaScenario;
  before(async () => {
    scenario = await startGrafanaScenario({ prometheus: false });
  });
  after(() => scenario.stop());

  const post = async (body: unknown, token: string | null = TOKEN): Promise<{ status: number; json: unknown }> => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`${scenario.grafana.url}/api/ds/query`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
  const loki = { type: 'loki', uid: LOKI_UID };
  const range = { from: String(T0), to: String(T0 + 3_600_000) };

  it('answers missing and wrong credentials with Grafana\'s 401 bodies', async () => {
    assert.deepEqual(await post({ queries: [], ...range }, null), { status: 401, json: grafanaSample('error-401-no-credentials.json') });
    assert.deepEqual(await post({ queries: [], ...range }, 'glsa_other'), { status: 401, json: grafanaSample('error-401-invalid-api-key.json') });
    const health = await fetch(`${scenario.grafana.url}/api/health`);
    assert.equal(health.status, 200);
  });

  it('refuses malformed bodies, empty query lists and unknown datasources', async () => {
    assert.deepEqual(await post('{"queries":'), { status: 400, json: { message: 'bad request data' } });
    assert.deepEqual(await post({ queries: [{ refId: 'A', datasource: loki, expr: '{app="x"}' }], from: T0, to: T0 + 1 }), { status: 400, json: { message: 'bad request data' } });
    assert.equal((await post({ queries: [], ...range })).status, 400);
    assert.deepEqual(await post({ queries: [{ refId: 'A', datasource: { uid: 'nope' }, expr: 'up' }], ...range }), { status: 404, json: { message: 'Data source not found' } });
  });

  it('answers 400 with the good refId kept when another fails', async () => {
    const { status, json } = await post({
      queries: [
        { refId: 'A', datasource: loki, expr: 'sum(count_over_time({app="checkout"}[1h]))', queryType: 'instant' },
        { refId: 'B', datasource: loki, expr: 'sum(count_over_time({app="checkout"[1h]))', queryType: 'instant' },
      ],
      ...range,
    });
    assert.equal(status, 400);
    const results = (json as { results: Record<string, { status: number; error?: string; errorSource?: string; frames?: unknown[] }> }).results;
    assert.deepEqual(Object.keys(results), ['A', 'B']);
    assert.equal(results.A?.status, 200);
    assert.equal(results.A?.frames?.length, 1);
    assert.equal(results.B?.status, 500);
    assert.equal(results.B?.errorSource, 'downstream');
    assert.match(results.B?.error ?? '', /^parse error at line \d+, col \d+/);
    assert.equal(results.B?.frames, undefined);
  });

  it('forwards with categorize-labels, the ms range as nanoseconds and the limit', async () => {
    const before = scenario.loki.requests.length;
    await post({ queries: [{ refId: 'A', datasource: loki, expr: '{app="checkout"}', queryType: 'range', maxLines: 7, direction: 'forward' }], ...range });
    const sent = scenario.loki.requests.slice(before);
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]?.query, { query: '{app="checkout"}', direction: 'forward', limit: '7', start: `${T0}000000`, end: `${T0 + 3_600_000}000000`, step: '1000ms' });
  });
});
