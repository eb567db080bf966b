/**
 * The sources of a run against real datasources (Loki, Prometheus, Grafana, Kafka), loaded
 * by registry.ts only for such runs: their clients (axios, kafkajs) are not needed by --demo.
 * Grafana can stand in for Prometheus and Loki: the same sources then talk to Grafana's
 * datasource API through an adapter transport.
 */
import type { Config } from '../config/schema.js';
import { createHttpClient } from '../http/client.js';
import type { HttpTransport } from '../http/types.js';
import { createGrafanaDatasourceTransport, GrafanaAlertRuleSource, GrafanaAnnotationSource, grafanaDatasourceUid, loadDashboardPanels } from './grafana/index.js';
import { KafkaActivitySource } from './kafka/index.js';
import { LokiActivitySource } from './loki/index.js';
import { PrometheusMetricsSource } from './prometheus/index.js';
import type { SourceOptions, SourceSet } from './registry.js';

export async function realSources(config: Config, options: SourceOptions): Promise<SourceSet> {
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
        splitQueriesByIntervalMinutes: loki?.splitQueriesByIntervalMinutes ?? 60,
        countUsers: loki?.countUsers ?? 'per-day',
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
