/**
 * Annotations (points and regions, app filter, windows, splitting full answers) and alert rules
 * with their state history from both state-history backends, against the fake Grafana serving
 * the samples.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../../http/client.js';
import type { HttpTransport } from '../../http/types.js';
import type { FakeAnnotation, FakeHistoryEntry } from '../../../test/fakes/grafana/index.js';
import { DAY, TOKEN, startGrafanaScenario, type GrafanaScenario } from '../../../test/fakes/grafana/scenario.js';
import { grafanaSample } from '../../../test/fakes/grafana/samples.js';
import { GrafanaAlertRuleSource } from './alert-rules.js';
import { GrafanaAnnotationSource } from './annotations.js';

const DAY_10 = Date.UTC(2026, 2, 10);
const HOUR = 3_600_000;
const window = (from: number, to: number) => ({ from, to, tz: 'UTC' });
const samples = grafanaSample('annotations.json') as FakeAnnotation[];
const LABEL_TEXT = '{alertname=High 5xx ratio, app=checkout, grafana_folder=Apps, severity=critical, team=payments}';
const ALERT_LABELS = { alertname: 'High 5xx ratio', app: 'checkout', grafana_folder: 'Apps', severity: 'critical', team: 'payments' };

function alertAnnotation(id: number, time: number, prevState: string, newState: string): FakeAnnotation {
  return { id, alertId: 18, dashboardUID: 'app-overview-prod', panelId: 2, time, timeEnd: time, text: `High 5xx ratio ${LABEL_TEXT} - B=0.0, C=1.0`, tags: [], prevState, newState, data: {} };
}

const client = (url: string): HttpTransport => createHttpClient({ name: 'grafana', type: 'grafana', url, timeoutMs: 5_000, retries: 0, concurrency: 2, auth: { bearer: TOKEN } });

describe('GrafanaAnnotationSource', () => {
  const extra: FakeAnnotation[] = [1, 2, 3, 4, 5].map((i) => ({ id: 100 + i, alertId: 0, dashboardUID: null, panelId: 0, time: DAY_10 + 20 * HOUR + i * 60_000, timeEnd: DAY_10 + 20 * HOUR + i * 60_000, text: `restart ${i}`, tags: ['app:payments', 'restart'] }));
  let scenario: GrafanaScenario;
  before(async () => {
    scenario = await startGrafanaScenario({ prometheus: false, grafana: { annotations: [...samples, ...extra] } });
  });
  after(() => scenario.stop());

  it('lists the window\'s annotations oldest first, regions with their end, alert states left out', async () => {
    const source = new GrafanaAnnotationSource({ name: 'grafana', http: client(scenario.grafana.url) });
    const found = await source.annotations({ window: window(DAY_10, DAY_10 + 12 * HOUR) });
    assert.deepEqual(found, [
      { ts: 1773130320000, tsEnd: 1773132420000, text: 'Checkout latency incident INC-2291: payment provider degraded', tags: ['env:prod', 'incident'] },
      { ts: 1773136440000, text: 'Deployed checkout v2.14.0 (build 5121)', tags: ['app:checkout', 'deploy', 'env:prod'] },
    ]);
  });

  it('filters by app: its tag, or one of its dashboards', async () => {
    const http = client(scenario.grafana.url);
    const byTag = new GrafanaAnnotationSource({ name: 'grafana', http });
    const byDashboard = new GrafanaAnnotationSource({ name: 'grafana', http, appDashboards: { checkout: ['app-overview-prod'] } });
    const w = window(DAY_10, DAY_10 + 12 * HOUR);
    assert.deepEqual((await byTag.annotations({ window: w, app: 'checkout' })).map((a) => a.ts), [1773136440000]);
    assert.deepEqual((await byDashboard.annotations({ window: w, app: 'checkout' })).map((a) => a.ts), [1773130320000, 1773136440000]);
    assert.deepEqual((await byTag.annotations({ window: window(DAY_10 - 12 * HOUR, DAY_10), app: 'payments' })).map((a) => a.text), ['Deployed payments v1.31.2 (build 5098)']);
  });

  it('keeps a region that began before the window, and none that starts at its end', async () => {
    const source = new GrafanaAnnotationSource({ name: 'grafana', http: client(scenario.grafana.url) });
    assert.deepEqual((await source.annotations({ window: window(1773131000000, 1773136440000) })).map((a) => a.ts), [1773130320000]);
  });

  it('splits the window when an answer is full, so no annotation is cut off', async () => {
    const source = new GrafanaAnnotationSource({ name: 'grafana', http: client(scenario.grafana.url), pageLimit: 2 });
    const before = scenario.grafana.requests.length;
    const found = await source.annotations({ window: window(DAY_10, DAY_10 + DAY), app: 'payments' });
    assert.deepEqual(found.map((a) => a.text), ['restart 1', 'restart 2', 'restart 3', 'restart 4', 'restart 5']);
    assert.ok(scenario.grafana.requests.length - before > 3);
  });
});

describe('GrafanaAlertRuleSource', () => {
  const lokiSample = grafanaSample('rules-history-loki.json') as { data: { values: [number[], FakeHistoryEntry['line'][], Record<string, string>[]] } };
  const [times, lines, streams] = lokiSample.data.values;
  const entries: FakeHistoryEntry[] = times.map((time, i) => ({ time, line: lines[i]!, labels: streams[i]! }));
  const transitions = [alertAnnotation(9305, 1773135660000, 'Normal', 'Pending'), alertAnnotation(9307, 1773135960000, 'Pending', 'Alerting'), alertAnnotation(9320, 1773137160000, 'Alerting', 'Normal (MissingSeries)')];
  const expected = [
    { ts: 1773135660000, ruleUid: 'de8h5u3rq9mo0b', ruleTitle: 'High 5xx ratio', from: 'inactive', to: 'pending', labels: ALERT_LABELS },
    { ts: 1773135960000, ruleUid: 'de8h5u3rq9mo0b', ruleTitle: 'High 5xx ratio', from: 'pending', to: 'firing', labels: ALERT_LABELS },
    { ts: 1773137160000, ruleUid: 'de8h5u3rq9mo0b', ruleTitle: 'High 5xx ratio', from: 'firing', to: 'inactive', labels: ALERT_LABELS },
  ];
  const historyWindow = window(DAY_10 + 9 * HOUR, DAY_10 + 11 * HOUR);

  it('lists rules with their state, folder, labels and since when they are active', async () => {
    const scenario = await startGrafanaScenario({ prometheus: false });
    try {
      const source = new GrafanaAlertRuleSource({ name: 'grafana', http: client(scenario.grafana.url) });
      assert.deepEqual(await source.rules(), [
        { uid: 'de8h5u3rq9mo0b', title: 'High 5xx ratio', folder: 'Apps', state: 'firing', health: 'ok', labels: { severity: 'critical', team: 'payments' }, activeSince: Date.parse('2026-03-10T09:41:00Z') },
        { uid: 'ae8h5x0kq2b40c', title: 'Checkout p95 latency', folder: 'Apps', state: 'inactive', health: 'ok', labels: { severity: 'warning', team: 'payments' }, activeSince: null },
      ]);
    } finally {
      await scenario.stop();
    }
  });

  it('reads the Loki state-history backend (epoch seconds, all rules at once)', async () => {
    const scenario = await startGrafanaScenario({ prometheus: false, grafana: { stateHistory: { backend: 'loki', entries } } });
    try {
      const source = new GrafanaAlertRuleSource({ name: 'grafana', http: client(scenario.grafana.url) });
      assert.deepEqual(await source.stateHistory({ window: historyWindow }), expected);
      assert.deepEqual(await source.stateHistory({ window: window(DAY_10 + 9 * HOUR, 1773135960000) }), expected.slice(0, 1));
      const asked = scenario.grafana.requests.find((r) => r.path === '/api/v1/rules/history');
      assert.equal(asked?.query.get('from'), String((DAY_10 + 9 * HOUR) / 1000));
      // Two per answer: full answers are split until each half has fewer, and nothing is counted twice.
      const paged = new GrafanaAlertRuleSource({ name: 'grafana', http: client(scenario.grafana.url), pageLimit: 2 });
      assert.deepEqual(await paged.stateHistory({ window: historyWindow }), expected);
    } finally {
      await scenario.stop();
    }
  });

  it('falls back to alert annotations with the annotations backend ("ruleUID is required")', async () => {
    const scenario = await startGrafanaScenario({ prometheus: false, grafana: { annotations: [...samples.filter((a) => a.alertId === 0), ...transitions] } });
    try {
      const source = new GrafanaAlertRuleSource({ name: 'grafana', http: client(scenario.grafana.url) });
      assert.deepEqual(await source.stateHistory({ window: historyWindow }), expected);
      const history = scenario.grafana.requests.find((r) => r.path === '/api/v1/rules/history');
      assert.ok(history, 'asked the history endpoint first');
      assert.ok(scenario.grafana.requests.some((r) => r.path === '/api/annotations' && r.query.get('type') === 'alert'));
    } finally {
      await scenario.stop();
    }
  });

  it('names rules by title and folder when the token may not read provisioning', async () => {
    const scenario = await startGrafanaScenario({ prometheus: false, grafana: { annotations: transitions, deniedPermissions: ['alert.provisioning:read'] } });
    try {
      const source = new GrafanaAlertRuleSource({ name: 'grafana', http: client(scenario.grafana.url) });
      assert.deepEqual(await source.stateHistory({ window: historyWindow }), expected);
    } finally {
      await scenario.stop();
    }
  });
});
