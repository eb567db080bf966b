/**
 * A fake Grafana 12 for tests, as strict as the real one about what it checks: the bearer token
 * (401 bodies as Grafana writes them), RBAC permissions and per-datasource query access (403),
 * request bodies (400), unknown datasources and dashboards (404), v2 dashboards (406). Queries
 * are answered by forwarding them to the real backends the datasources front (a real
 * Prometheus, the fake Loki) and converting the answers into Grafana's frames.
 */
import type { RecordedRequest } from '../../../src/http/test-server.js';
import { startTestServer, reply } from '../../../src/http/test-server.js';
import { stateHistory, type FakeStateHistory } from './alerting.js';
import { authFailure, permissionFailure, type FakeAuth } from './auth.js';
import { annotations, getDashboard, listDatasources, search, type FakeAnnotation } from './content.js';
import { dsQuery, type FakeDatasource, type FakeReply } from './ds-query.js';
import { resource } from './resources.js';
import { grafanaSample } from './samples.js';

export type { FakeAnnotation } from './content.js';
export type { FakeDatasource } from './ds-query.js';
export type { FakeHistoryEntry, FakeStateHistory } from './alerting.js';

/** What the fake Grafana serves. */
export interface FakeGrafanaOptions extends FakeAuth {
  /** Backend of the default Prometheus datasource (uid P1809F7CD0C75ACF3). */
  prometheusUrl?: string;
  /** Backend of the default Loki datasource (uid ddq4e9xsqnuo0c). */
  lokiUrl?: string;
  /** Replaces the default datasources. */
  datasources?: FakeDatasource[];
  /** Datasource uids the token may not query (403 "Access denied to data source"). */
  deniedDatasources?: string[];
  /** Dashboards by uid: the full /api/dashboards/uid answer, or only the dashboard JSON. */
  dashboards?: Record<string, unknown>;
  /** Uids of dashboards stored in the v2 schema (406). */
  v2Dashboards?: string[];
  annotations?: FakeAnnotation[];
  /** The /api/prometheus/grafana/api/v1/rules answer (default: the sample). */
  rules?: unknown;
  /** The /api/v1/provisioning/alert-rules answer (default: the sample); gives rule ids for history. */
  provisioningRules?: { id: number; uid: string }[];
  /** The state-history backend (default: annotations, Grafana's default). */
  stateHistory?: FakeStateHistory;
  /** /api/health answers 503 "failing". */
  databaseFailing?: boolean;
  /** The fake's clock, for `now` in time ranges. */
  now?: () => number;
}

/** A running fake Grafana. */
export interface FakeGrafana {
  url: string;
  /** Every request received, in order (headers included). */
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

/** The two datasources of the samples, fronting the given backends. */
export function defaultDatasources(prometheusUrl?: string, lokiUrl?: string): FakeDatasource[] {
  const samples = grafanaSample('datasources.json') as (Omit<FakeDatasource, 'url'> & { url: string })[];
  return samples.map((d) => ({
    id: d.id,
    uid: d.uid,
    name: d.name,
    type: d.type,
    isDefault: d.isDefault,
    jsonData: d.jsonData,
    url: d.type === 'prometheus' ? prometheusUrl : d.type === 'loki' ? lokiUrl : undefined,
  }));
}

const PERMISSIONS: [RegExp, string][] = [
  [/^\/api\/datasources$/, 'datasources:read'],
  [/^\/api\/dashboards\/uid\//, 'dashboards:read'],
  [/^\/api\/annotations$/, 'annotations:read'],
  [/^\/api\/prometheus\/grafana\/api\/v1\/rules$/, 'alert.rules:read'],
  [/^\/api\/v1\/rules\/history$/, 'alert.rules:read'],
  [/^\/api\/v1\/provisioning\/alert-rules$/, 'alert.provisioning:read'],
];

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFakeGrafana(opts: FakeGrafanaOptions): Promise<FakeGrafana> {
  const datasources = opts.datasources ?? defaultDatasources(opts.prometheusUrl, opts.lokiUrl);
  const provisioning = opts.provisioningRules ?? (grafanaSample('provisioning-alert-rules.json') as { id: number; uid: string }[]);
  const historyContext = {
    history: opts.stateHistory ?? ({ backend: 'annotations' } satisfies FakeStateHistory),
    annotations: opts.annotations ?? [],
    ruleIds: new Map(provisioning.map((r) => [r.uid, r.id])),
  };
  const now = opts.now ?? Date.now;
  const ok = (value: unknown): FakeReply => ({ status: 200, body: JSON.stringify(value) });

  const route = async (req: RecordedRequest): Promise<FakeReply> => {
    if (req.method === 'GET' && req.path === '/api/health') {
      const sample = opts.databaseFailing ? 'error-503-health-database-failing.json' : 'health.json';
      return { status: opts.databaseFailing ? 503 : 200, body: JSON.stringify(grafanaSample(sample)) };
    }
    const denied = authFailure(opts, req.headers);
    if (denied) return denied;
    const permission = PERMISSIONS.find(([pattern]) => pattern.test(req.path))?.[1];
    const forbidden = permission === undefined ? undefined : permissionFailure(opts, permission);
    if (forbidden) return forbidden;
    const resourceMatch = /^\/api\/datasources\/uid\/([^/]+)\/resources\/(.+)$/.exec(req.path);
    if (resourceMatch) {
      const ds = datasources.find((d) => d.uid === decodeURIComponent(resourceMatch[1] ?? ''));
      if (!ds) return { status: 404, body: JSON.stringify({ message: 'Data source not found' }) };
      if (opts.deniedDatasources?.includes(ds.uid)) return { status: 403, body: JSON.stringify(grafanaSample('error-403-ds-query-datasource-access-denied.json')) };
      return resource(ds, resourceMatch[2] ?? '', req.method, req.query, req.form);
    }
    const dashboard = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && dashboard) return getDashboard(decodeURIComponent(dashboard[1] ?? ''), opts.dashboards ?? {}, opts.v2Dashboards ?? []);
    if (req.method === 'POST' && req.path === '/api/ds/query') return dsQuery(req.body, datasources, opts.deniedDatasources ?? [], now());
    if (req.method !== 'GET') return { status: 404, body: JSON.stringify({ message: 'Not found' }) };
    switch (req.path) {
      case '/api/datasources':
        return listDatasources(datasources);
      case '/api/search':
        return search(req.query, opts.dashboards ?? {});
      case '/api/annotations':
        return annotations(req.query, opts.annotations ?? []);
      case '/api/prometheus/grafana/api/v1/rules':
        return ok(opts.rules ?? grafanaSample('prometheus-rules.json'));
      case '/api/v1/provisioning/alert-rules':
        return ok(provisioning);
      case '/api/v1/rules/history':
        return stateHistory(req.query, historyContext);
      default:
        return { status: 404, body: JSON.stringify({ message: 'Not found' }) };
    }
  };

  const server = await startTestServer(async (req, res) => {
    const answer = await route(req);
    reply(res, answer.status, answer.body);
  });
  return { url: server.url, requests: server.requests, stop: () => server.close() };
}
