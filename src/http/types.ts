/**
 * The one HTTP layer every networked source uses (Prometheus, Loki, Grafana). Implemented in
 * ./client.ts with axios: timeouts, retries with backoff and jitter on 429/502/503/504 and
 * connection errors (honouring Retry-After) up to an overall deadline, auth, tenant header,
 * TLS options, HTTP(S)_PROXY, a per-datasource concurrency limit and an in-run cache.
 */
import type { ZodType } from 'zod';

/** One request, relative to the datasource's base URL. */
export interface HttpRequest {
  /** Path below the base URL, e.g. `/api/v1/query`. */
  path: string;
  method?: 'GET' | 'POST';
  /** Query-string parameters. */
  query?: Record<string, string | number | undefined>;
  /** Sent as application/x-www-form-urlencoded (Prometheus POST queries). */
  form?: Record<string, string | number | undefined>;
  /** Sent as JSON (Grafana /api/ds/query). */
  json?: unknown;
  headers?: Record<string, string>;
  /** Bypass the in-run cache (for non-idempotent calls). */
  noCache?: boolean;
}

/** A response body as received, before validation. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Bytes received on the wire for this response (after any decompression: body length in bytes). */
  bytes: number;
}

/** Counters a run reports (benchmarks, logs). */
export interface HttpStats {
  requests: number;
  retries: number;
  cacheHits: number;
  bytesReceived: number;
}

/** What a source needs from the HTTP layer. */
export interface HttpTransport {
  /** Datasource name, used in errors. */
  readonly name: string;
  readonly baseUrl: string;
  readonly stats: HttpStats;
  /**
   * Sends a request and returns any 2xx response. Non-2xx answers (after retries for the
   * retryable ones) throw HttpStatusError carrying the status and the body, so a source can
   * turn a backend's own error text into a clear message. Network failures and timeouts
   * throw DatasourceError (DATASOURCE_UNREACHABLE) naming the URL, never the credentials.
   */
  request(req: HttpRequest): Promise<HttpResponse>;
  /** `request`, then JSON.parse and zod validation; a malformed body throws DATASOURCE_RESPONSE. */
  getJson<T>(req: HttpRequest, schema: ZodType<T>): Promise<T>;
}

/** A non-2xx answer from a backend, after retries. */
export class HttpStatusError extends Error {
  constructor(
    readonly datasource: string,
    readonly status: number,
    /** The response body (at most 2 KiB), e.g. Loki's plain-text error or Grafana's JSON. */
    readonly body: string,
    /** Method and path with query parameters, without credentials. */
    readonly request: string,
    /** The datasource's base URL, without credentials, for messages. */
    readonly baseUrl?: string,
  ) {
    super(`${datasource}${baseUrl ? ` (${baseUrl})` : ''} answered HTTP ${status} to ${request}: ${body.slice(0, 300)}`);
    this.name = 'HttpStatusError';
  }
}
