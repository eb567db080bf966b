/**
 * The errors the HTTP layer raises once it gives up: each says which datasource, which request
 * (never credentials) and what to do. Bodies and messages pass through `redact` first.
 */
import { DatasourceError } from '../errors.js';
import type { NetworkFailure } from './network.js';
import { HttpStatusError, type HttpResponse } from './types.js';

/** Largest part of a response body kept in an error. */
export const MAX_ERROR_BODY = 2048;

/** Where the failure happened, already free of secrets. */
export interface FailureContext {
  datasource: string;
  /** Datasource type, for config paths in hints (`datasources.prometheus.url`). */
  type: string;
  /** Base URL without credentials. */
  baseUrl: string;
  /** `METHOD /path?params`, without credentials. */
  request: string;
  redact: (text: string) => string;
}

/**
 * A connection reset this long after the request was sent is a server (or a proxy before it) that
 * gave up on a long request, not one that cannot be reached: resets of a broken or restarting
 * server come at once.
 */
export const LONG_REQUEST_RESET_MS = 5_000;

/** True for a connection the server closed without answering, long after the request was sent. */
export function isCut(failure: NetworkFailure): boolean {
  return failure.kind === 'reset' && (failure.afterMs ?? 0) >= LONG_REQUEST_RESET_MS;
}

/** What cuts a long request, per datasource type. */
const CUT_BY: Record<string, string> = {
  loki: "Loki drops any answer it has not written within server.http_server_write_timeout (30 s by default) and cancels a query at limits_config.query_timeout (1 min): raise both, the write timeout above the query timeout.",
};

/** A connection-level failure after retries. */
export function unreachableError(ctx: FailureContext, failure: NetworkFailure, timeoutMs: number): DatasourceError {
  const where = `${ctx.datasource} (${ctx.baseUrl})`;
  const detail = ctx.redact(failure.detail);
  const options = { query: ctx.request, cause: new Error(`${failure.code}: ${detail}`) };
  if (failure.kind === 'timeout') {
    return new DatasourceError('DATASOURCE_UNREACHABLE', ctx.datasource, `${where} did not answer ${ctx.request} within ${timeoutMs} ms`, {
      ...options,
      hint: `Check datasources.${ctx.type}.url and the server's load, raise datasources.${ctx.type}.timeoutMs or narrow the window. To try obs-report without backends: obs-report generate --demo.`,
    });
  }
  if (isCut(failure)) {
    const seconds = Math.round((failure.afterMs ?? 0) / 1000);
    return new DatasourceError('DATASOURCE_LIMIT', ctx.datasource, `${where} closed the connection ${seconds} s after ${ctx.request} was sent, without answering (${failure.code}: ${detail})`, {
      ...options,
      hint: `The server or a proxy in front of it cut a long request. ${CUT_BY[ctx.type] ?? 'Raise the timeout of the server or proxy that cut it.'} Or narrow the window, or lower datasources.${ctx.type}.concurrency so that each request gets more of the server.`,
    });
  }
  if (failure.kind === 'tls') {
    return new DatasourceError('DATASOURCE_UNREACHABLE', ctx.datasource, `${where}: TLS handshake failed (${failure.code}: ${detail})`, {
      ...options,
      hint: `Set datasources.${ctx.type}.tls.caFile to the CA that signed the server's certificate (insecureSkipVerify only for throw-away setups).`,
    });
  }
  if (failure.kind === 'too_large') {
    return new DatasourceError('DATASOURCE_LIMIT', ctx.datasource, `${where} answered ${ctx.request} with more data than obs-report accepts in one response`, {
      ...options,
      hint: 'Narrow the window or the query so that the answer is smaller.',
    });
  }
  return new DatasourceError('DATASOURCE_UNREACHABLE', ctx.datasource, `${where} could not be reached (${failure.code}: ${detail})`, {
    ...options,
    hint: `Check datasources.${ctx.type}.url and that the server is running and reachable from here. To try obs-report without backends: obs-report generate --demo.`,
  });
}

/** A non-2xx answer after retries: 401/403 become DATASOURCE_AUTH, the rest HttpStatusError for the source to explain. */
export function statusError(ctx: FailureContext, res: HttpResponse): Error {
  const body = ctx.redact(res.body.slice(0, MAX_ERROR_BODY));
  if (res.status === 401 || res.status === 403) {
    const refused = res.status === 401 ? 'refused the credentials' : 'denied access';
    const hint =
      res.status === 401
        ? `Check datasources.${ctx.type}.auth: the token or password is missing, wrong or expired.`
        : `The credentials were accepted but lack permission: grant them read access to this datasource (and tenant), or use another token.`;
    return new DatasourceError('DATASOURCE_AUTH', ctx.datasource, `${ctx.datasource} (${ctx.baseUrl}) ${refused} (HTTP ${res.status}) for ${ctx.request}: ${body.slice(0, 300)}`, {
      hint,
      query: ctx.request,
      status: res.status,
    });
  }
  return new HttpStatusError(ctx.datasource, res.status, body, ctx.request, ctx.baseUrl);
}

/** No time left in the run's deadline to send (or retry) a request. */
export function deadlineError(ctx: FailureContext): DatasourceError {
  return new DatasourceError('DATASOURCE_LIMIT', ctx.datasource, `The run's deadline passed before ${ctx.datasource} answered ${ctx.request}`, {
    hint: 'Narrow the window, or give the run more time.',
    query: ctx.request,
  });
}
