/**
 * Loki's plain-text error bodies turned into DatasourceErrors that name the limit and say what
 * to do. The series limit is recognised separately: the source shards and retries on it.
 */
import { DatasourceError } from '../../errors.js';
import { HttpStatusError } from '../../http/types.js';

interface KnownError {
  pattern: RegExp;
  code: 'DATASOURCE_LIMIT' | 'DATASOURCE_QUERY';
  what: string;
  hint: string;
}

const NARROW = 'Choose a shorter period (e.g. --period last-7d), or fewer apps.';

const KNOWN: KnownError[] = [
  {
    pattern: /max entries limit per query exceeded/,
    code: 'DATASOURCE_LIMIT',
    what: 'its lines-per-query limit (max_entries_limit_per_query)',
    hint: 'Set datasources.loki.maxEntriesPerQuery to the server\'s max_entries_limit_per_query.',
  },
  {
    pattern: /maximum of series \(\d+\) reached/,
    code: 'DATASOURCE_LIMIT',
    what: 'its series-per-query limit (max_query_series)',
    hint: 'Set datasources.loki.maxSeriesPerQuery to the server\'s max_query_series, or raise that limit in Loki.',
  },
  {
    pattern: /the query time range exceeds the limit/,
    code: 'DATASOURCE_LIMIT',
    what: 'its query-length limit (max_query_length)',
    hint: 'Set datasources.loki.maxQueryLengthHours to the server\'s max_query_length (30d1h = 721).',
  },
  {
    pattern: /exceeded maximum resolution of 11,000 points/,
    code: 'DATASOURCE_LIMIT',
    what: 'its limit of 11,000 points per series',
    hint: NARROW,
  },
  {
    pattern: /trying to send message larger than max/,
    code: 'DATASOURCE_LIMIT',
    what: 'its response-size limit (grpc_server_max_send_msg_size)',
    hint: 'Lower datasources.loki.maxEntriesPerQuery or maxSeriesPerQuery so that answers are smaller, or raise the gRPC message limits in Loki.',
  },
  {
    pattern: /Request timed out|context deadline exceeded/,
    code: 'DATASOURCE_LIMIT',
    what: 'its query timeout (query_timeout)',
    hint: `${NARROW} Or raise query_timeout in Loki.`,
  },
  {
    pattern: /parse error/,
    code: 'DATASOURCE_QUERY',
    what: 'a LogQL parse error',
    hint: 'Check apps[].loki.selector and apps[].fields in the config; if they are right, this is a bug in obs-report.',
  },
];

/** True when Loki refused a metric query for returning more series than max_query_series. */
export function isSeriesLimit(error: unknown): boolean {
  return error instanceof HttpStatusError && error.status === 400 && /maximum of series \(\d+\) reached/.test(error.body);
}

/** "loki at http://loki:3100": the datasource and, when known, its base URL. */
function where(datasource: string, error: HttpStatusError): string {
  return error.baseUrl ? `${datasource} at ${error.baseUrl}` : datasource;
}

/** A DatasourceError for a failed Loki call, naming the query; other errors pass through unchanged. */
export function lokiError(error: unknown, datasource: string, query: string): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  const body = error.body.trim();
  const options = { query, status: error.status, cause: error };
  const known = KNOWN.find((k) => k.pattern.test(body));
  if (known) {
    const message = `Loki (${where(datasource, error)}) refused the query: ${known.what} was exceeded (HTTP ${error.status}: ${body.slice(0, 300)})`;
    return new DatasourceError(known.code, datasource, message, { ...options, hint: known.hint });
  }
  if (error.status === 404) {
    return new DatasourceError('DATASOURCE_RESPONSE', datasource, `Loki (${where(datasource, error)}) answered HTTP 404 to ${error.request}`, {
      ...options,
      hint: 'Check datasources.loki.url: it must be Loki\'s base URL (e.g. http://loki:3100), without /loki/api/v1.',
    });
  }
  if (error.status >= 400 && error.status < 500) {
    return new DatasourceError('DATASOURCE_QUERY', datasource, `Loki (${where(datasource, error)}) refused the query (HTTP ${error.status}: ${body.slice(0, 300)})`, {
      ...options,
      hint: 'Check apps[].loki.selector in the config; if it is right, this is a bug in obs-report.',
    });
  }
  return new DatasourceError('DATASOURCE_RESPONSE', datasource, `Loki (${where(datasource, error)}) failed to answer (HTTP ${error.status}: ${body.slice(0, 300)})`, {
    ...options,
    hint: 'Loki had an internal error: check its logs, then try again.',
  });
}
