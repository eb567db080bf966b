/**
 * Grafana's error answers turned into errors that say what to do. 401 means the
 * service-account token is missing, wrong, expired or revoked; 403 that it lacks a permission
 * (Grafana names it in the body); other statuses are explained per call by the caller.
 */
import { DatasourceError } from '../../errors.js';
import { HttpStatusError } from '../../http/types.js';

/** `message` of a Grafana JSON error body (also found inside a longer text), if any. */
export function grafanaMessage(text: string): string | undefined {
  const m = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  if (!m) return undefined;
  try {
    const value: unknown = JSON.parse(`"${m[1] ?? ''}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

const TOKEN_HINT =
  'Create a service-account token in Grafana (Administration > Users and access > Service accounts) and set it as datasources.grafana.auth.bearer (use ${GRAFANA_TOKEN}); tokens expire and can be revoked.';

function permissionHint(message: string | undefined, what: string): string {
  const needed = message && /Permissions needed: (.+)$/.exec(message)?.[1];
  const permission = needed ? `the permission ${needed}` : 'the needed permission';
  return `The token is valid but its service account lacks ${permission} for ${what}: give the service account the Viewer role (or a role with that permission, e.g. datasources:query on the datasource), or use another token.`;
}

/**
 * The auth failure behind `error` as a DATASOURCE_AUTH error with Grafana's own wording, or
 * undefined when `error` is not a 401/403. `what` names the thing asked for.
 */
export function grafanaAuthError(error: unknown, name: string, what: string): DatasourceError | undefined {
  const status = error instanceof HttpStatusError || error instanceof DatasourceError ? error.status : undefined;
  if (status !== 401 && status !== 403) return undefined;
  if (error instanceof DatasourceError && error.code !== 'DATASOURCE_AUTH') return undefined;
  const text = error instanceof HttpStatusError ? error.body : error instanceof DatasourceError ? error.message : '';
  const message = grafanaMessage(text);
  const said = message ? `: ${message}` : '';
  if (status === 401) {
    return new DatasourceError('DATASOURCE_AUTH', name, `Grafana (${name}) refused the service-account token (HTTP 401) for ${what}${said}`, {
      hint: TOKEN_HINT,
      status,
      query: what,
      cause: error,
    });
  }
  return new DatasourceError('DATASOURCE_AUTH', name, `Grafana (${name}) denied access (HTTP 403) to ${what}${said}`, {
    hint: permissionHint(message, what),
    status,
    query: what,
    cause: error,
  });
}

/**
 * A failed Grafana API call as a DatasourceError: auth as above, 404 with `notFoundHint`, other
 * statuses as an unexpected answer naming Grafana's message. Non-HTTP errors pass through.
 */
export function grafanaError(error: unknown, name: string, what: string, notFoundHint?: string): unknown {
  const auth = grafanaAuthError(error, name, what);
  if (auth) return auth;
  if (!(error instanceof HttpStatusError)) return error;
  const message = grafanaMessage(error.body) ?? error.body.slice(0, 300);
  const options = { query: what, status: error.status, cause: error };
  if (error.status === 404 && notFoundHint) {
    return new DatasourceError('DATASOURCE_QUERY', name, `Grafana (${name}) has no ${what}: ${message}`, { ...options, hint: notFoundHint });
  }
  return new DatasourceError('DATASOURCE_RESPONSE', name, `Grafana (${name}) failed to answer ${what} (HTTP ${error.status}: ${message})`, {
    ...options,
    hint:
      error.status >= 500
        ? "Grafana or a datasource behind it failed: check Grafana's server log, then run again."
        : 'Check datasources.grafana.url: it must be the Grafana base URL (e.g. https://grafana.example.com), and the Grafana version 10 or later.',
  });
}
