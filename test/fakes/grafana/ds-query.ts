/**
 * `POST /api/ds/query` of the fake Grafana (pkg/api/ds_query.go, pkg/services/query): checks the
 * body and every query's datasource like Grafana (400 "bad request data", 404 "Data source not
 * found", 403 "Access denied to data source"), forwards each query to the backend the
 * datasource fronts, and answers `{"results": ...}` with HTTP 400 when any refId failed.
 */
import { grafanaSample } from './samples.js';
import { lokiResult, planLoki } from './loki-frames.js';
import { planPrometheus, prometheusResult, type BackendAnswer, type BackendCall } from './prometheus-frames.js';

/** A datasource of the fake, with the URL of the backend it fronts (undefined: unreachable). */
export interface FakeDatasource {
  id: number;
  uid: string;
  name: string;
  type: string;
  url: string | undefined;
  isDefault: boolean;
  jsonData: Record<string, unknown>;
}

/** An HTTP answer of the fake. */
export interface FakeReply {
  status: number;
  body: string;
}

const json = (status: number, value: unknown): FakeReply => ({ status, body: JSON.stringify(value) });

/** Calls a backend the way Grafana's HTTP client does (form bodies for POST). */
export async function callBackend(baseUrl: string, call: BackendCall): Promise<BackendAnswer> {
  const params = new URLSearchParams(call.params).toString();
  const post = call.method === 'POST';
  const url = `${baseUrl.replace(/\/+$/, '')}${call.path}${post || params === '' ? '' : `?${params}`}`;
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  if (post) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url, { method: call.method, headers, body: post ? params : undefined });
  return { status: res.status, body: await res.text() };
}

/** Grafana's epoch-ms strings and `now`/`now-<duration>` (gtime); anything else is the Unix epoch, as MustGetFrom does. */
export function parseRangeEdge(text: string, now: number): number {
  if (/^-?\d+$/.test(text)) return Number(text);
  const m = /^now(?:-(\d+)(ms|s|m|h|d|w))?$/.exec(text);
  if (!m) return 0;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };
  return now - (m[1] ? Number(m[1]) * (unit[m[2] ?? ''] ?? 0) : 0);
}

async function runOne(ds: FakeDatasource, q: Record<string, unknown>, range: { fromMs: number; toMs: number }): Promise<Record<string, unknown>> {
  const unreachable = (call: BackendCall): Record<string, unknown> => ({
    error: `${call.method === 'POST' ? 'Post' : 'Get'} "http://${ds.name.toLowerCase()}.invalid${call.path}": dial tcp: lookup ${ds.name.toLowerCase()}.invalid: no such host`,
    errorSource: 'downstream',
    status: 502,
  });
  if (ds.type === 'prometheus') {
    const plan = planPrometheus(q, range, ds.jsonData);
    const answers: BackendAnswer[] = [];
    for (const { call } of plan.calls) {
      if (ds.url === undefined) return unreachable(call);
      answers.push(await callBackend(ds.url, call));
    }
    return prometheusResult(plan, answers);
  }
  if (ds.type === 'loki') {
    let plan;
    try {
      plan = planLoki(q, range);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error), errorSource: 'plugin', status: 500 };
    }
    if (ds.url === undefined) return unreachable(plan.call);
    return lokiResult(plan, await callBackend(ds.url, plan.call));
  }
  return { error: `plugin ${ds.type} not supported by the fake`, errorSource: 'plugin', status: 500 };
}

/** Answers one /api/ds/query body for a caller who may not query `denied` datasource uids. */
export async function dsQuery(body: string, datasources: readonly FakeDatasource[], denied: readonly string[], now: number): Promise<FakeReply> {
  let request: { queries?: unknown; from?: unknown; to?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    return json(400, { message: 'bad request data' });
  }
  if (typeof request.from !== 'string' || typeof request.to !== 'string' || (request.queries !== undefined && !Array.isArray(request.queries))) {
    return json(400, { message: 'bad request data' });
  }
  const queries = (request.queries ?? []) as Record<string, unknown>[];
  if (queries.length === 0) return json(400, { extra: null, message: 'No queries found', messageId: 'query.noQueries', statusCode: 400, traceID: '' });
  const range = { fromMs: parseRangeEdge(request.from, now), toMs: parseRangeEdge(request.to, now) };
  const resolved: { q: Record<string, unknown>; ds: FakeDatasource }[] = [];
  for (const q of queries) {
    const ref = q.datasource as { uid?: unknown } | undefined;
    const uid = typeof ref?.uid === 'string' ? ref.uid : undefined;
    if (uid === undefined) return json(400, { extra: null, message: 'Query missing data source info', messageId: 'query.missingDataSourceInfo', statusCode: 400, traceID: '' });
    const ds = datasources.find((d) => d.uid === uid);
    if (!ds) return json(404, { message: 'Data source not found' });
    if (denied.includes(uid)) return json(403, grafanaSample('error-403-ds-query-datasource-access-denied.json'));
    resolved.push({ q: { refId: 'A', ...q }, ds });
  }
  const results: Record<string, Record<string, unknown>> = {};
  for (const { q, ds } of resolved) results[String(q.refId)] = await runOne(ds, q, range);
  return dsQueryReply(results);
}

/** The HTTP answer for per-refId results: keys sorted, 400 as soon as one refId has an error. */
export function dsQueryReply(results: Record<string, Record<string, unknown>>): FakeReply {
  const sorted = Object.fromEntries(Object.keys(results).sort().map((k) => [k, results[k]]));
  const failed = Object.values(results).some((r) => r.error !== undefined);
  return json(failed ? 400 : 200, { results: sorted });
}
