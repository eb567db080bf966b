/**
 * A refId that failed in Grafana, turned back into the error answer the native server gave, so
 * that the Prometheus and Loki sources' own error mapping (limits, parse errors) applies:
 * - Prometheus: Grafana writes "<errorType>: <error>" and keeps the backend's status;
 * - Loki: Grafana keeps Loki's plain text but reports every Loki failure as status 500
 *   ("unknown"), so the HTTP status of the /api/ds/query answer (400) stands for it.
 */
import { HttpStatusError } from '../../http/types.js';
import type { RefAnswer } from './ds-query.js';

const PROMETHEUS_ERROR_TYPES = /^(bad_data|execution|timeout|canceled|internal|unavailable|not_found|not_acceptable): ([\s\S]*)$/;

/** The native error for a failed refId; `request` describes the native request (no secrets). */
export function nativeFailure(name: string, type: 'prometheus' | 'loki', failure: Extract<RefAnswer, { ok: false }>, request: string): HttpStatusError {
  if (type === 'loki') return new HttpStatusError(name, failure.httpStatus, failure.error, request);
  const status = failure.status !== undefined && failure.status >= 400 && failure.status <= 599 ? failure.status : failure.httpStatus;
  const m = PROMETHEUS_ERROR_TYPES.exec(failure.error);
  // Anything else (Grafana could not reach Prometheus, a plugin error) is passed on as text.
  const body = m ? JSON.stringify({ status: 'error', errorType: m[1], error: m[2] }) : failure.error;
  return new HttpStatusError(name, status, body, request);
}
