/**
 * Grafana's authentication and RBAC answers (pkg/services/authn, contexthandler, accesscontrol
 * middleware): no credentials -> 401 "Unauthorized", an unknown bearer token -> 401 "Invalid API
 * key", an expired one -> 401 "Expired API key", a missing permission -> 403 "Access denied"
 * naming the permission.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { grafanaSample } from './samples.js';
import type { FakeReply } from './ds-query.js';

/** Who may do what. */
export interface FakeAuth {
  /** The one valid service-account token. */
  token: string;
  /** Tokens that exist but have expired. */
  expiredTokens?: string[];
  /** RBAC actions the token's service account lacks, e.g. `datasources:read`. */
  deniedPermissions?: string[];
}

let accessErrors = 0;

/** The 401 for the request's credentials, or undefined when they are the valid token. */
export function authFailure(auth: FakeAuth, headers: IncomingHttpHeaders): FakeReply | undefined {
  const header = headers.authorization;
  if (header === undefined || header === '') return { status: 401, body: JSON.stringify(grafanaSample('error-401-no-credentials.json')) };
  const bearer = /^Bearer (.+)$/i.exec(header)?.[1];
  if (bearer === auth.token) return undefined;
  if (bearer !== undefined && auth.expiredTokens?.includes(bearer)) return { status: 401, body: JSON.stringify(grafanaSample('error-401-expired-api-key.json')) };
  if (bearer === undefined) {
    return { status: 401, body: JSON.stringify({ extra: null, message: 'Invalid username or password', messageId: 'password-auth.failed', statusCode: 401, traceID: '' }) };
  }
  return { status: 401, body: JSON.stringify(grafanaSample('error-401-invalid-api-key.json')) };
}

/** The RBAC 403 when `action` is denied. */
export function permissionFailure(auth: FakeAuth, action: string): FakeReply | undefined {
  if (!auth.deniedPermissions?.includes(action)) return undefined;
  accessErrors++;
  const body = {
    accessErrorId: `ACE${String(4822190357 + accessErrors).padStart(10, '0')}`,
    message: `You'll need additional permissions to perform this action. Permissions needed: ${action}`,
    title: 'Access denied',
  };
  return { status: 403, body: JSON.stringify(body) };
}
