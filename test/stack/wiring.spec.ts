/**
 * The stack's parts name each other by compose service name: every host in the Prometheus,
 * Alertmanager, Grafana and Alloy configs and in the obs-report service's URLs must be a service
 * of the compose project, and the apps the stack runs must be the apps reports.config.yaml knows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { ROOT } from '../helpers/cli.js';
import { loadCompose, visibleServices } from './helpers/compose-model.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const yamlOf = (path: string) => parse(read(path)) as Record<string, unknown>;

/** Host names in `http://host:port/...` URLs and `host:port` addresses. */
function hosts(texts: readonly string[]): string[] {
  return texts.map((t) => /^(?:[a-z]+:\/\/)?([A-Za-z0-9_.-]+):\d+/.exec(t.trim())?.[1] ?? `unparsed: ${t}`);
}

interface ScrapeConfig {
  job_name: string;
  static_configs?: { targets: string[]; labels?: Record<string, string> }[];
  relabel_configs?: { replacement?: string; target_label?: string }[];
}

const prometheus = yamlOf('stack/prometheus/prometheus.yml') as { scrape_configs: ScrapeConfig[]; alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] } };
const services = visibleServices(loadCompose(join(ROOT, 'compose.yml')));

describe('stack wiring', () => {
  it('every host the configs name is a compose service', () => {
    const targets = prometheus.scrape_configs.flatMap((s) => [
      ...(s.static_configs ?? []).flatMap((c) => c.targets),
      ...(s.relabel_configs ?? []).filter((r) => r.target_label === '__address__').map((r) => r.replacement ?? ''),
    ]);
    const alertmanagers = prometheus.alerting.alertmanagers.flatMap((a) => a.static_configs.flatMap((c) => c.targets));
    const smtp = (yamlOf('stack/alertmanager/alertmanager.yml').global as { smtp_smarthost: string }).smtp_smarthost;
    const datasources = (yamlOf('stack/grafana/provisioning/datasources/datasources.yml').datasources as { url: string }[]).map((d) => d.url);
    const alloy = [...read('stack/alloy/config.alloy').matchAll(/"((?:https?|unix):\/\/[^"]+|[a-z0-9-]+:\d+)"/g)].map((m) => m[1]!).filter((t) => !t.startsWith('unix:'));
    const env = Object.entries((services.get('obs-report')?.environment ?? {}) as Record<string, string>)
      .filter(([name]) => /_(URL|BROKERS)$/.test(name))
      .flatMap(([, value]) => value.split(','));
    const named = hosts([...targets, ...alertmanagers, smtp, ...datasources, ...alloy, ...env]).filter((h) => h !== 'localhost');
    assert.ok(named.length >= 20, `found ${named.length} hosts`);
    assert.deepEqual(named.filter((h) => !services.has(h)), []);
    // A target that is not a service would be caught:
    assert.deepEqual(hosts(['http://dicee:8080/healthz']).filter((h) => !services.has(h)), ['dicee']);
  });

  it('the obs-report service points reports.config.yaml at the stack through the environment', () => {
    const env = (services.get('obs-report')?.environment ?? {}) as Record<string, string>;
    // Only the service's variables: the test's own environment must not leak in.
    const { config, overrides } = parseConfig(read('reports.config.yaml'), 'reports.config.yaml', env);
    assert.deepEqual(overrides.sort(), ['OBS_REPORT_GRAFANA_URL', 'OBS_REPORT_KAFKA_BROKERS', 'OBS_REPORT_KAFKA_TOPIC', 'OBS_REPORT_LOKI_URL', 'OBS_REPORT_PROMETHEUS_URL', 'OBS_REPORT_PUSHGATEWAY_URL']);
    assert.equal(config.datasources.prometheus?.url, 'http://prometheus:9090');
    assert.equal(config.datasources.loki?.url, 'http://loki:3100');
    assert.equal(config.datasources.grafana?.url, 'http://grafana:3000');
    assert.deepEqual(config.datasources.kafka?.brokers, ['kafka:9092']);
    assert.equal(config.datasources.kafka?.topic, 'app-events');
    // The job label the stack's rules (rules/obs-report.yml) see on the pushed metrics.
    assert.deepEqual(config.delivery.pushgateway, { url: 'http://pushgateway:9091', job: 'obs-report', timeoutMs: 10_000 });
  });

  it('the apps the stack runs are the apps of reports.config.yaml, with the same job and Loki label', () => {
    const config = yamlOf('reports.config.yaml') as { apps: { id: string; loki: { selector: string }; prometheus: { job: string } }[] };
    const appJobs = prometheus.scrape_configs.filter((s) => s.static_configs?.some((c) => c.labels?.role === 'app'));
    const labelled = [...services].filter(([, svc]) => (svc.labels as Record<string, string> | undefined)?.app !== undefined);
    assert.deepEqual(appJobs.map((s) => s.job_name).sort(), ['dice', 'forecast']);
    for (const job of appJobs) {
      const app = config.apps.find((a) => a.prometheus.job === job.job_name);
      assert.ok(app, `job ${job.job_name} is an app of reports.config.yaml`);
      assert.equal(app.loki.selector, `{app="${app.id}"}`);
      // The scrape target is the service carrying the app label, and its INSTANCE names it.
      const [service, svc] = labelled.find(([, s]) => (s.labels as Record<string, string>).app === app.id) ?? [];
      assert.ok(service && svc, `a compose service has the label app=${app.id}`);
      assert.deepEqual(job.static_configs?.flatMap((c) => c.targets), [`${service}:8080`]);
      assert.equal((svc.environment as Record<string, string>).INSTANCE, `${service}:8080`);
      const probes = prometheus.scrape_configs.find((s) => s.job_name === 'blackbox')?.static_configs ?? [];
      assert.deepEqual(probes.filter((c) => c.labels?.app === app.id).flatMap((c) => c.targets), [`http://${service}:8080/healthz`]);
    }
    assert.equal(labelled.length, appJobs.length, 'every labelled app is scraped');
  });
});
