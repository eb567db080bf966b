/**
 * Creates the sources a run uses from the config: which datasource answers activity,
 * metrics and annotation questions. `--demo` answers everything from the simulated
 * organisation; otherwise real datasources are used and never silently replaced by the demo.
 * Grafana can stand in for Prometheus and Loki: the same sources then talk to Grafana's
 * datasource API through an adapter transport.
 */
import type { Config, DemoConfig } from '../config/schema.js';
import { createHttpClient } from '../http/client.js';
import type { HttpTransport } from '../http/types.js';
import type { Sources } from '../reports/context.js';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoActivitySource, DemoAnnotationSource, DemoMetricsSource } from './demo/index.js';
import { createGrafanaDatasourceTransport, GrafanaAlertRuleSource, GrafanaAnnotationSource, grafanaDatasourceUid, loadDashboardPanels } from './grafana/index.js';
import { KafkaActivitySource } from './kafka/index.js';
import { LokiActivitySource } from './loki/index.js';
import { PrometheusMetricsSource } from './prometheus/index.js';

const DAY_MS = 86_400_000;

export interface SourceOptions {
  demo: boolean;
  now: number;
  /** Overrides datasources.demo.users (--scale). */
  demoUsers?: number;
  /** Epoch ms after which no request or retry starts. */
  deadlineMs?: number;
}

/** The sources plus the HTTP clients behind them (for stats and doctor). */
export interface SourceSet extends Sources {
  http: Map<string, HttpTransport>;
}

export async function createSources(config: Config, options: SourceOptions): Promise<SourceSet> {
  if (options.demo) return demoSources(config, config.datasources.demo, options);
  const ds = config.datasources;
  const set: SourceSet = { missing: {}, http: new Map() };
  const client = (name: 'prometheus' | 'loki' | 'grafana'): HttpTransport | undefined => {
    const settings = ds[name];
    if (!settings) return undefined;
    let http = set.http.get(name);
    if (!http) {
      http = createHttpClient({ name, type: name, ...settings, ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }) });
      set.http.set(name, http);
    }
    return http;
  };
  const viaGrafana = async (type: 'prometheus' | 'loki'): Promise<HttpTransport> => {
    const grafana = client('grafana')!;
    const uid = await grafanaDatasourceUid(grafana, type, ds.grafana?.datasources[type]);
    return createGrafanaDatasourceTransport(grafana, { uid, type });
  };

  const activity = config.sources.activity ?? (ds.loki ? 'loki' : ds.kafka ? 'kafka' : undefined);
  if ((activity === 'loki' && ds.loki) || (activity === 'grafana' && ds.grafana)) {
    const loki = ds.loki;
    set.activity = new LokiActivitySource({
      name: activity,
      http: activity === 'loki' ? client('loki')! : await viaGrafana('loki'),
      apps: config.apps,
      limits: {
        maxEntriesPerQuery: loki?.maxEntriesPerQuery ?? 5000,
        maxSeriesPerQuery: loki?.maxSeriesPerQuery ?? 500,
        maxQueryLengthHours: loki?.maxQueryLengthHours ?? 721,
        maxRawEvents: loki?.maxRawEvents ?? 2_000_000,
      },
    });
  } else if (activity === 'kafka' && ds.kafka) {
    set.activity = new KafkaActivitySource({ name: 'kafka', config: ds.kafka, apps: config.apps });
  } else {
    set.missing.activity = activity
      ? `sources.activity is "${activity}", which is not configured or cannot be queried by this version`
      : 'no activity datasource configured (datasources.loki, or Grafana with sources.activity: grafana)';
  }

  const metrics = config.sources.metrics ?? (ds.prometheus ? 'prometheus' : undefined);
  if ((metrics === 'prometheus' && ds.prometheus) || (metrics === 'grafana' && ds.grafana)) {
    set.metrics = new PrometheusMetricsSource({
      name: metrics,
      http: metrics === 'prometheus' ? client('prometheus')! : await viaGrafana('prometheus'),
      apps: config.apps,
      stepSeconds: ds.prometheus?.stepSeconds ?? 60,
    });
  } else {
    set.missing.metrics = metrics
      ? `sources.metrics is "${metrics}", which is not configured`
      : 'no metrics datasource configured (datasources.prometheus, or Grafana with sources.metrics: grafana)';
  }

  const annotations = config.sources.annotations ?? (ds.grafana ? 'grafana' : 'none');
  if (annotations === 'grafana' && ds.grafana) {
    set.annotations = new GrafanaAnnotationSource({ name: 'grafana', http: client('grafana')! });
    set.alertRules = new GrafanaAlertRuleSource({ name: 'grafana', http: client('grafana')! });
  } else {
    set.missing.annotations = 'no annotation datasource configured (Grafana)';
  }
  if (ds.grafana) {
    const grafana = client('grafana')!;
    const datasources = ds.grafana.datasources;
    set.dashboard = (uid, window) => loadDashboardPanels(grafana, uid, window, { datasources });
  }
  return set;
}

function demoSources(config: Config, demo: DemoConfig, options: SourceOptions): SourceSet {
  // Data exists up to the end of today (UTC), so a run at any hour of a day sees the same org.
  const end = Math.floor(options.now / DAY_MS) * DAY_MS + DAY_MS;
  const org = buildDemoOrg({
    seed: demo.seed,
    users: options.demoUsers ?? demo.users,
    historyDays: demo.historyDays,
    end,
    apps: config.apps.map((app) => ({
      id: app.id,
      name: app.name,
      features: app.features.length > 0 ? app.features : (BUILTIN_DEMO_APPS.find((b) => b.id === app.id)?.features ?? []),
    })),
  });
  return {
    activity: new DemoActivitySource(org),
    metrics: new DemoMetricsSource(org),
    annotations: new DemoAnnotationSource(org),
    missing: {},
    http: new Map(),
  };
}
