/**
 * Prometheus through Grafana: a real Prometheus (two days of counters) asked directly and
 * through the fake Grafana (createGrafanaDatasourceTransport) answers the same JSON for the
 * Prometheus source's instant and range queries, including day steps aligned to a time zone's
 * midnight, NaN/+Inf values, and its refusals (bad PromQL, too many points).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DatasourceError } from '../../errors.js';
import { createHttpClient } from '../../http/client.js';
import type { HttpTransport } from '../../http/types.js';
import { PrometheusApi } from '../prometheus/api.js';
import { jobExists, prometheusBuildInfo } from '../prometheus/doctor.js';
import { DAY, MINUTE, PROMETHEUS_UID, T0, TOKEN, startGrafanaScenario, type GrafanaScenario } from '../../../test/fakes/grafana/scenario.js';
import { createGrafanaDatasourceTransport } from './datasource-transport.js';

const client = (name: string, url: string, bearer?: string): HttpTransport =>
  createHttpClient({ name, type: name, url, timeoutMs: 20_000, retries: 0, concurrency: 4, ...(bearer ? { auth: { bearer } } : {}) });

describe('Prometheus through Grafana', { timeout: 180_000 }, () => {
  let scenario: GrafanaScenario;
  let direct: HttpTransport;
  let viaGrafana: HttpTransport;

  before(async () => {
    scenario = await startGrafanaScenario({ prometheus: true });
    direct = client('prometheus', scenario.prometheus?.url ?? '');
    viaGrafana = createGrafanaDatasourceTransport(client('grafana', scenario.grafana.url, TOKEN), { uid: PROMETHEUS_UID, type: 'prometheus' });
  });
  after(() => scenario?.stop());

  const both = async (path: string, form: Record<string, string>): Promise<[unknown, unknown]> => {
    const req = { path, method: 'POST' as const, form };
    const [a, b] = await Promise.all([direct.request(req), viaGrafana.request(req)]);
    return [JSON.parse(a.body), JSON.parse(b.body)];
  };

  it('answers instant queries with the same vector', async () => {
    const [native, grafana] = await both('/api/v1/query', { query: 'sum by (app) (increase(http_requests_total[1h]))', time: String((T0 + DAY) / 1000) });
    assert.deepEqual(grafana, native);
    const [nativeRate] = await both('/api/v1/query', { query: 'sum(rate(http_requests_total{code="500"}[10m]))', time: String((T0 + DAY) / 1000) });
    // One error per minute.
    assert.deepEqual((nativeRate as { data: { result: { value: [number, string] }[] } }).data.result[0]?.value, [(T0 + DAY) / 1000, '0.016666666666666666']);
  });

  it('answers range queries with the same matrix, minute and day steps', async () => {
    const minute = { query: 'sum by (app, code) (rate(http_requests_total[5m]))', start: String((T0 + 3_600_000) / 1000), end: String((T0 + 5 * 3_600_000) / 1000), step: '60' };
    const [native, grafana] = await both('/api/v1/query_range', minute);
    assert.equal((native as { data: { result: unknown[] } }).data.result.length, 3);
    assert.deepEqual(grafana, native);
    // Midnight in Europe/Berlin is 23:00 UTC: Grafana aligns to the step unless told the offset.
    const berlinDays = { query: 'sum(increase(http_requests_total{app="checkout"}[1d]))', start: String((T0 + DAY - 3_600_000) / 1000), end: String((T0 + 2 * DAY - 3_600_000) / 1000), step: '86400' };
    const [nativeDays, grafanaDays] = await both('/api/v1/query_range', berlinDays);
    assert.deepEqual(grafanaDays, nativeDays);
    const times = (nativeDays as { data: { result: { values: [number][] }[] } }).data.result[0]?.values.map(([t]) => t);
    assert.deepEqual(times, [(T0 + DAY - 3_600_000) / 1000, (T0 + 2 * DAY - 3_600_000) / 1000]);
  });

  it('keeps NaN and +Inf, and scalars', async () => {
    const [native, grafana] = await both('/api/v1/query_range', { query: 'odd_gauge', start: String(T0 / 1000), end: String((T0 + 10 * MINUTE) / 1000), step: '60' });
    assert.deepEqual(grafana, native);
    const values = (grafana as { data: { result: { values: [number, string][] }[] } }).data.result.map((s) => s.values[0]?.[1]).sort();
    assert.deepEqual(values, ['+Inf', 'NaN']);
    const [nativeScalar, grafanaScalar] = await both('/api/v1/query', { query: 'scalar(sum(odd_gauge{kind="inf"})) * 0 + 2', time: String(T0 / 1000) });
    assert.deepEqual(grafanaScalar, nativeScalar);
  });

  it('gives the Prometheus source the same series and the same errors', async () => {
    const [apiDirect, apiGrafana] = [new PrometheusApi(direct), new PrometheusApi(viaGrafana)];
    const expr = 'sum by (app) (increase(http_requests_total[1h]))';
    const range = [T0 + 3_600_000, T0 + DAY, 3_600_000] as const;
    assert.deepEqual(await apiGrafana.range(expr, ...range, 'test'), await apiDirect.range(expr, ...range, 'test'));
    const bad = 'sum(rate(http_requests_total[5m]) by (app)';
    const errors = await Promise.all([apiDirect, apiGrafana].map((api) => api.instant(bad, T0 + DAY, 'test').then(() => assert.fail('no error'), (e: unknown) => e)));
    const [a, b] = errors;
    assert.ok(a instanceof DatasourceError && b instanceof DatasourceError);
    assert.equal(b.code, 'DATASOURCE_QUERY');
    assert.equal(b.message.replace('grafana', 'prometheus'), a.message);
  });

  it('passes doctor calls (build info, job values, series) through Grafana\'s resource proxy', async () => {
    assert.deepEqual(await prometheusBuildInfo(viaGrafana), await prometheusBuildInfo(direct));
    assert.equal(await jobExists(viaGrafana, 'checkout'), true);
    assert.equal(await jobExists(viaGrafana, 'nope'), false);
    const series = { path: '/api/v1/series', method: 'POST' as const, form: { 'match[]': 'odd_gauge', start: String(T0 / 1000), end: String((T0 + DAY) / 1000) } };
    const [a, b] = await Promise.all([direct.request(series), viaGrafana.request(series)]);
    assert.deepEqual(JSON.parse(b.body), JSON.parse(a.body));
  });

  it('refuses more than 11,000 points per series like Prometheus, rather than let Grafana widen the step', async () => {
    const req = { path: '/api/v1/query_range', method: 'POST' as const, form: { query: 'up', start: String(T0 / 1000), end: String((T0 + 2 * DAY) / 1000), step: '10' } };
    const answers = await Promise.all([direct, viaGrafana].map((http) => http.request(req).then(() => assert.fail('no error'), (e: unknown) => e)));
    const [a, b] = answers as { status: number; body: string }[];
    assert.equal(b?.status, a?.status);
    assert.deepEqual(JSON.parse(b?.body ?? ''), JSON.parse(a?.body ?? ''));
  });
});
