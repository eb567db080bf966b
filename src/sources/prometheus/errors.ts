/** Turns Prometheus' own error answers into errors that name the query and say what to do. */
import { DatasourceError } from '../../errors.js';
import { HttpStatusError } from '../../http/types.js';
import { errorResponseSchema, type ErrorResponse } from './schema.js';

/** Resource limits (points, samples, series, time range, timeouts) rather than a wrong query. */
const LIMIT_TEXT = /exceeded maximum resolution|too many|maximum of|max number|exceeds the limit|limit exceeded|query timed out/i;

function errorBody(body: string): ErrorResponse | undefined {
  try {
    const parsed = errorResponseSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a failed call for `query` (PromQL) to a DatasourceError; other errors pass through unchanged. */
export function queryError(error: unknown, query: string, baseUrl: string): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  const { datasource, status } = error;
  const body = errorBody(error.body);
  if (status === 429) {
    return new DatasourceError('DATASOURCE_LIMIT', datasource, `${datasource} (${baseUrl}) kept answering 429 Too Many Requests to ${query}`, {
      hint: 'The server rate-limits obs-report: lower datasources.prometheus.concurrency, or run again later.',
      query,
      status,
      cause: error,
    });
  }
  if (!body) {
    if (status === 404) {
      return new DatasourceError('DATASOURCE_UNREACHABLE', datasource, `${datasource} (${baseUrl}) has no Prometheus API there: HTTP 404 for ${error.request}`, {
        hint: 'Set the datasource URL to the API base, e.g. http://prometheus:9090 (Mimir: http://mimir/prometheus).',
        query,
        status,
        cause: error,
      });
    }
    return new DatasourceError('DATASOURCE_UNREACHABLE', datasource, `${datasource} (${baseUrl}) answered HTTP ${status} to ${query}: ${error.body.slice(0, 200)}`, {
      hint: 'The server or a proxy in front of it is failing: check that it is healthy, then run again.',
      query,
      status,
      cause: error,
    });
  }
  const options = { query, status, cause: error };
  if (LIMIT_TEXT.test(body.error) || body.errorType === 'timeout') {
    return new DatasourceError('DATASOURCE_LIMIT', datasource, `${datasource} refused ${query}: ${body.error}`, {
      ...options,
      hint: 'The query asks too much of the server: choose a shorter period or a larger datasources.prometheus.stepSeconds.',
    });
  }
  return new DatasourceError('DATASOURCE_QUERY', datasource, `${datasource} rejected ${query}: ${body.errorType}: ${body.error}`, {
    ...options,
    hint: 'Check the PromQL; any selector can be overridden per app in apps[].prometheus.queries.',
  });
}
