/**
 * `/api/datasources/uid/<uid>/resources/<path>`: Grafana's proxy to a datasource's own read-only
 * API. Prometheus resources pass through (POST form first, as promlib does); Loki allows only
 * labels, label values, series and index stats/volume (GET), and wraps a 4xx in `{"message"}`
 * (pkg/tsdb/loki/api.go RawQuery).
 */
import { callBackend, type FakeDatasource, type FakeReply } from './ds-query.js';
import { lokiErrorText } from './loki-frames.js';

const LOKI_RESOURCES = /^(labels|series|index\/stats|index\/volume|label\/[^/]+\/values)$/;

/** Proxies one resource call to the datasource's backend. */
export async function resource(ds: FakeDatasource, path: string, method: string, query: URLSearchParams, form: URLSearchParams): Promise<FakeReply> {
  if (ds.url === undefined) return { status: 502, body: JSON.stringify({ message: 'Bad Gateway' }) };
  const params = Object.fromEntries([...query.entries(), ...form.entries()]);
  if (ds.type === 'prometheus') {
    const answer = await callBackend(ds.url, { method: method === 'POST' ? 'POST' : 'GET', path: `/${path}`, params });
    return { status: answer.status, body: answer.body };
  }
  if (ds.type !== 'loki' || method !== 'GET' || !LOKI_RESOURCES.test(path)) {
    return { status: 500, body: JSON.stringify({ message: `invalid resource URL: ${path}` }) };
  }
  const answer = await callBackend(ds.url, { method: 'GET', path: `/loki/api/v1/${path}`, params });
  if (answer.status >= 200 && answer.status <= 299) return answer;
  return { status: answer.status >= 500 ? 500 : answer.status, body: JSON.stringify({ message: lokiErrorText(answer.body) }) };
}
