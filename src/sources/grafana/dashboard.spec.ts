/**
 * A Grafana dashboard as report data: the sample dashboard (provisioned, `${DS_LOKI}` left
 * unresolved, a `${datasource}` variable, an "All" query variable, a collapsed row, a logs panel)
 * served by the fake Grafana over a real Prometheus and the fake Loki.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DatasourceError } from '../../errors.js';
import { createHttpClient } from '../../http/client.js';
import type { HttpTransport } from '../../http/types.js';
import { PrometheusApi } from '../prometheus/api.js';
import { DAY, LOKI_UID, MINUTE, PROMETHEUS_UID, T0, TOKEN, startGrafanaScenario, type GrafanaScenario } from '../../../test/fakes/grafana/scenario.js';
import { grafanaSample } from '../../../test/fakes/grafana/samples.js';
import { loadDashboardPanels } from './dashboard.js';

const window = { from: T0, to: T0 + DAY, tz: 'UTC' };
const APPS = '(checkout|payments)';

/** A dashboard of older habits: legacy name strings, null datasource (the default), [[var]] and ${var:raw}. */
const legacyDashboard = {
  title: 'Legacy',
  uid: 'legacy',
  panels: [
    { id: 1, type: 'graph', title: 'By name', datasource: 'Prometheus', targets: [{ refId: 'A', expr: 'sum(increase(http_requests_total{app="[[app]]"}[1h]))' }] },
    { id: 2, type: 'stat', title: 'Default datasource', datasource: null, targets: [{ refId: 'A', expr: 'count(http_requests_total{app=~"${apps:raw}"})' }] },
    { id: 3, type: 'text', title: 'Notes' },
    { id: 4, type: 'timeseries', title: 'Elasticsearch', datasource: { type: 'elasticsearch', uid: 'es1' }, targets: [{ refId: 'A', query: '*' }] },
    { id: 6, type: 'timeseries', title: 'Graphite', datasource: { type: 'graphite', uid: 'g1' }, targets: [{ refId: 'A', expr: 'foo.bar' }] },
    { id: 5, type: 'timeseries', title: 'Bad query', datasource: { type: 'prometheus', uid: PROMETHEUS_UID }, targets: [{ refId: 'A', expr: 'sum(rate(x[5m])' }] },
  ],
  templating: {
    list: [
      { name: 'app', type: 'custom', current: { text: 'check.out', value: 'check.out' }, options: [], query: 'check.out' },
      { name: 'apps', type: 'custom', multi: true, includeAll: true, current: { text: ['All'], value: ['$__all'] }, options: [{ text: 'All', value: '$__all' }, { text: 'a', value: 'a' }, { text: 'b', value: 'b' }] },
    ],
  },
};

describe('loadDashboardPanels', { timeout: 180_000 }, () => {
  let scenario: GrafanaScenario;
  let grafana: HttpTransport;

  before(async () => {
    scenario = await startGrafanaScenario({
      prometheus: true,
      grafana: { dashboards: { 'app-overview-prod': grafanaSample('dashboard-by-uid.json'), legacy: legacyDashboard }, v2Dashboards: ['adkr7vq9fbfnkc'] },
    });
    grafana = createHttpClient({ name: 'grafana', type: 'grafana', url: scenario.grafana.url, timeoutMs: 20_000, retries: 0, concurrency: 4, auth: { bearer: TOKEN } });
  });
  after(() => scenario?.stop());

  it('walks every panel, collapsed rows included, with variables and datasource references resolved', async () => {
    const dashboard = await loadDashboardPanels(grafana, 'app-overview-prod', window, { datasources: { loki: LOKI_UID } });
    assert.equal(dashboard.title, 'App Overview (prod)');
    assert.deepEqual(dashboard.notes, []);
    assert.deepEqual(
      dashboard.panels.map((p) => [p.title, p.type, p.unit, p.error]),
      [
        ['Requests / s', 'stat', 'reqps', undefined],
        ['HTTP request rate by app', 'timeseries', 'reqps', undefined],
        ['Error logs', 'logs', undefined, 'panels of type "logs" are not drawn in reports'],
        ['p95 latency', 'timeseries', 's', undefined],
        ['Error log lines by app', 'timeseries', 'short', undefined],
      ],
    );
    // 1 day / 1000 points rounds to a 1m interval; $__rate_interval = max(1m + 15s scrape, 4 x 15s) = 75s.
    assert.deepEqual(
      dashboard.panels.flatMap((p) => p.queries),
      [
        { datasourceUid: PROMETHEUS_UID, expr: `sum(rate(http_requests_total{env="prod", app=~"${APPS}"}[75s]))` },
        { datasourceUid: PROMETHEUS_UID, expr: `sum by (app) (rate(http_requests_total{env="prod", app=~"${APPS}"}[75s]))` },
        { datasourceUid: PROMETHEUS_UID, expr: `sum by (app) (rate(http_requests_total{env="prod", app=~"${APPS}", code=~"5.."}[75s]))` },
        { datasourceUid: PROMETHEUS_UID, expr: `histogram_quantile(0.95, sum by (le, app) (rate(http_request_duration_seconds_bucket{env="prod", app=~"${APPS}"}[75s])))` },
        { datasourceUid: LOKI_UID, expr: `sum by (app) (count_over_time({env="prod", app=~"${APPS}"} |= "error" [1m]))` },
      ],
    );
  });

  it('returns the series Grafana computes, named by their legends', async () => {
    const dashboard = await loadDashboardPanels(grafana, 'app-overview-prod', window, { datasources: { loki: LOKI_UID } });
    const rates = dashboard.panels[1];
    assert.deepEqual(rates?.series.map((s) => s.name), ['checkout', 'payments', 'checkout 5xx']);
    const direct = new PrometheusApi(createHttpClient({ name: 'prometheus', type: 'prometheus', url: scenario.prometheus?.url ?? '', timeoutMs: 20_000, retries: 0, concurrency: 2 }));
    const [checkout] = await direct.range(`sum by (app) (rate(http_requests_total{env="prod", app="checkout"}[75s]))`, T0, T0 + DAY, MINUTE, 'test');
    assert.deepEqual(rates?.series[0]?.points, checkout?.samples.map((s) => [s.t, s.v]));
    // 10 + 1 requests a minute.
    assert.deepEqual(rates?.series[0]?.points.find(([t]) => t === T0 + DAY / 2), [T0 + DAY / 2, 11 / 60]);
    assert.deepEqual(dashboard.panels[3]?.series, []);
    const errors = dashboard.panels[4];
    assert.deepEqual(errors?.series.map((s) => [s.name, s.points.length, s.points.every(([, v]) => v === 1)]), [
      ['checkout', 40, true],
      ['payments', 40, true],
    ]);
    assert.deepEqual(errors?.series[0]?.points[0], [T0 + MINUTE, 1]);
  });

  it('maps ${DS_LOKI} to Grafana\'s Loki datasource when none is configured', async () => {
    const dashboard = await loadDashboardPanels(grafana, 'app-overview-prod', window);
    assert.equal(dashboard.panels[4]?.queries[0]?.datasourceUid, LOKI_UID);
    assert.equal(dashboard.panels[4]?.series.length, 2);
  });

  it('handles legacy references, formats, unsupported panels and failing queries panel by panel', async () => {
    const dashboard = await loadDashboardPanels(grafana, 'legacy', window);
    const [byName, byDefault, text, es, graphite, bad] = dashboard.panels;
    assert.deepEqual(byName?.queries, [{ datasourceUid: PROMETHEUS_UID, expr: 'sum(increase(http_requests_total{app="check.out"}[1h]))' }]);
    assert.equal(byName?.error, undefined);
    assert.deepEqual(byDefault?.queries, [{ datasourceUid: PROMETHEUS_UID, expr: 'count(http_requests_total{app=~"a,b"})' }]);
    assert.equal(text?.error, 'panels of type "text" are not drawn in reports');
    assert.equal(es?.error, 'the panel has no Prometheus or Loki queries');
    assert.equal(graphite?.error, 'query A cannot run: Grafana has no datasource "g1"');
    assert.match(bad?.error ?? '', /^the prometheus query failed: bad_data: .*parse error/);
    assert.equal(dashboard.panels.length, 6);
  });

  it('says what to do for an unknown dashboard (404) and a v2-schema one (406)', async () => {
    const missing = await loadDashboardPanels(grafana, 'nope', window).then(() => assert.fail('no error'), (e: unknown) => e);
    assert.ok(missing instanceof DatasourceError);
    assert.equal(missing.status, 404);
    assert.match(missing.message, /Dashboard not found/);
    assert.match(missing.hint ?? '', /datasources\.grafana\.dashboards/);
    const v2 = await loadDashboardPanels(grafana, 'adkr7vq9fbfnkc', window).then(() => assert.fail('no error'), (e: unknown) => e);
    assert.ok(v2 instanceof DatasourceError);
    assert.equal(v2.status, 406);
    assert.match(v2.message, /v2 dashboard schema/);
  });
});
