/**
 * Grafana provisioning: the dashboards are valid JSON whose datasources are the provisioned
 * ones; every PromQL expression parses on a real Prometheus (a parse error is HTTP 400 bad_data)
 * and every LogQL expression, and the Loki derived fields' links, parse with the LogQL parser of
 * the Loki replay server (test/fakes/loki, Loki's own grammar tables). Grafana variables are
 * replaced by sample values first, as Grafana does before sending a query.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseLogQL, ParseError } from '../fakes/loki/logql/parser.js';
import { ROOT } from '../helpers/cli.js';
import { prometheusBuilds, skipIfMissing } from '../harness/prometheus.js';
import { instantQuery, startLivePrometheus } from './helpers/live-prometheus.js';

const GRAFANA = join(ROOT, 'stack', 'grafana');

interface Target {
  refId: string;
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  id: number;
  title: string;
  datasource: { type: string; uid: string };
  targets: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; query: string; datasource: { uid: string } }[] };
}

/** Grafana's variables with the values a query is sent with. */
function substitute(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$__auto/g, '1m')
    .replace(/\$__range/g, '1h')
    .replace(/\$\{?app\}?/g, 'dice');
}

const dashboards = readdirSync(join(GRAFANA, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, dashboard: JSON.parse(readFileSync(join(GRAFANA, 'dashboards', f), 'utf8')) as Dashboard }));
interface DerivedField {
  name: string;
  matcherRegex: string;
  url: string;
  datasourceUid: string;
}
const provisioned = (parse(readFileSync(join(GRAFANA, 'provisioning', 'datasources', 'datasources.yml'), 'utf8')) as { datasources: { uid: string; type: string; jsonData?: { derivedFields?: DerivedField[] } }[] }).datasources;
const targets = dashboards.flatMap(({ dashboard }) => dashboard.panels.flatMap((p) => p.targets.map((t) => ({ dashboard: dashboard.uid, panel: p.title, ...t }))));

describe('provisioned dashboards', () => {
  it('are the three dashboards, with unique uids, on provisioned datasources', () => {
    assert.deepEqual(dashboards.map((d) => d.dashboard.uid).sort(), ['app-health', 'app-usage', 'logs-overview']);
    const uids = new Map(provisioned.map((d) => [d.uid, d.type]));
    for (const t of targets) assert.equal(uids.get(t.datasource.uid), t.datasource.type, `${t.dashboard} / ${t.panel}`);
    assert.ok(targets.some((t) => t.datasource.type === 'prometheus') && targets.some((t) => t.datasource.type === 'loki'));
    // App health shows metrics and the app's logs side by side.
    const health = dashboards.find((d) => d.dashboard.uid === 'app-health')!.dashboard;
    assert.ok(health.panels.some((p) => p.datasource.uid === 'loki') && health.panels.some((p) => p.datasource.uid === 'prometheus'));
  });

  // Grafana sends them to the stack's Prometheus (3.x); Debian's 2.42 runs the tests' other queries.
  for (const build of prometheusBuilds()) {
    it(`every PromQL expression parses on a real Prometheus, ${build.name}`, skipIfMissing(build), async () => {
      const prometheus = await startLivePrometheus('global:\n  scrape_interval: 1m\n', 60_000, undefined, build);
      try {
        const promql = [
          ...targets.filter((t) => t.datasource.type === 'prometheus').map((t) => ({ where: `${t.dashboard} / ${t.panel}`, expr: t.expr })),
          // Variable queries: label_values(<selector>, label) runs <selector>.
          ...dashboards.flatMap(({ dashboard }) =>
            dashboard.templating.list.filter((v) => v.datasource.uid === 'prometheus').map((v) => ({ where: `${dashboard.uid} / $${v.name}`, expr: /^label_values\((.*),\s*\w+\)$/.exec(v.query)?.[1] ?? v.query })),
          ),
        ];
        assert.ok(promql.length >= 15, `${promql.length} PromQL expressions`);
        for (const { where, expr } of promql) {
          const { status, body } = await instantQuery(prometheus.url, substitute(expr), Date.now());
          assert.equal(status, 200, `${where}: ${substitute(expr)}: ${body.error}`);
          assert.equal(body.status, 'success');
        }
        const broken = await instantQuery(prometheus.url, 'sum by (job (rate(up[1m]))', Date.now());
        assert.equal(broken.status, 400);
        assert.equal(broken.body.errorType, 'bad_data');
      } finally {
        await prometheus.stop();
      }
    });
  }

  it('every LogQL expression and derived-field link parses', () => {
    const logql = [
      ...targets.filter((t) => t.datasource.type === 'loki').map((t) => ({ where: `${t.dashboard} / ${t.panel}`, expr: substitute(t.expr) })),
      ...provisioned.flatMap((d) => (d.jsonData?.derivedFields ?? []).map((f) => ({ where: `derived field of ${d.uid}`, expr: f.url.replace('$${__value.raw}', 's-0a1b2c') }))),
    ];
    assert.ok(logql.length >= 15, `${logql.length} LogQL expressions`);
    for (const { where, expr } of logql) {
      assert.doesNotThrow(() => parseLogQL(expr, { validate: true }), `${where}: ${expr}`);
    }
    assert.throws(() => parseLogQL('sum by (app) (count_over_time({app="dice"} | json [1m])', { validate: true }), ParseError);
  });

  it('the derived fields link a log line\'s session and user to their logs', () => {
    const loki = provisioned.find((d) => d.type === 'loki')!;
    const fields = loki.jsonData?.derivedFields ?? [];
    assert.deepEqual(fields.map((f) => f.url), ['{app=~".+"} | json | session="$${__value.raw}"', '{app=~".+"} | json | user="$${__value.raw}"']);
    assert.ok(fields.every((f) => f.datasourceUid === loki.uid));
    // The regexes pick the values out of an app's line as the apps write it.
    const line = '{"ts":"2026-11-25T10:00:00.000Z","level":"info","event":"login","user":"u-7","session":"s-0a1b2c","msg":"user logged in"}';
    const matcher = (name: string) => new RegExp(fields.find((f) => f.name === name)!.matcherRegex);
    assert.equal(matcher('session').exec(line)?.[1], 's-0a1b2c');
    assert.equal(matcher('user').exec(line)?.[1], 'u-7');
  });
});
