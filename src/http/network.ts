/**
 * Sorting transport failures (no HTTP answer at all) into what the user can act on:
 * a timeout, a refused or reset connection, an unknown host, or a TLS trust problem.
 */

/** What kind of connection failure happened. */
export type NetworkFailureKind = 'timeout' | 'refused' | 'reset' | 'dns' | 'tls' | 'too_large' | 'other';

/** A failure without an HTTP answer, reduced to what is safe to show (no request config, no headers). */
export interface NetworkFailure {
  kind: NetworkFailureKind;
  /** Error code from Node or axios, e.g. ECONNREFUSED. */
  code: string;
  /** Node's message, e.g. `connect ECONNREFUSED 127.0.0.1:9`. */
  detail: string;
  retryable: boolean;
  /** How long after the request was sent it failed (set by attemptOnce). */
  afterMs?: number;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|EPROTO|HOSTNAME_MISMATCH/;

function prop(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

function fieldsOf(error: unknown): { code: string; message: string } {
  const own = prop(error, 'code');
  const fromCause = prop(prop(error, 'cause'), 'code');
  const code = typeof own === 'string' ? own : typeof fromCause === 'string' ? fromCause : '';
  const message = prop(error, 'message');
  return { code, message: typeof message === 'string' ? message : String(error) };
}

/** Classifies an error thrown by axios or Node's http stack; `timedOut` marks our own abort. */
export function classifyNetworkError(error: unknown, timedOut: boolean): NetworkFailure {
  const { code, message } = fieldsOf(error);
  const failure = (kind: NetworkFailureKind, retryable: boolean): NetworkFailure => ({
    kind,
    code: code || 'ERROR',
    detail: message,
    retryable,
  });
  if (timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
    return failure('timeout', true);
  }
  if (code === 'ECONNREFUSED') return failure('refused', true);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted/i.test(message)) return failure('reset', true);
  if (code === 'EAI_AGAIN') return failure('dns', true);
  if (code === 'ENOTFOUND') return failure('dns', false);
  if (TLS_CODES.test(code)) return failure('tls', false);
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(message)) return failure('too_large', false);
  return failure('other', false);
}
