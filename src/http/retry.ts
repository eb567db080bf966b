/**
 * When and how long to wait before trying a request again. Only answers that say "try later"
 * (429, 502, 503, 504) and connection failures are retried: a wrong token or a bad query
 * would fail the same way again, so retrying it only adds load and delay.
 */

/** Statuses retried with backoff. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Backoff settings, in ms. */
export interface BackoffPolicy {
  /** First delay's upper bound; doubles on each retry. */
  baseMs: number;
  /** Upper bound of any computed delay. */
  maxMs: number;
  /** Upper bound of a server's Retry-After we are willing to wait. */
  maxRetryAfterMs: number;
}

/** Defaults: 0-250 ms, 0-500 ms, 0-1 s ... capped at 10 s; Retry-After honoured up to 30 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 10_000, maxRetryAfterMs: 30_000 };

/** Whether an HTTP status is worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Parses a Retry-After header (delay in seconds, or an HTTP date) into ms from `now`;
 * undefined when absent or unreadable. Fractional seconds are accepted.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names the weekday and month; without letters, Date.parse guesses too freely.
  const at = /[A-Za-z]/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * Delay before retry number `attempt` (0 = first retry): the server's Retry-After when given
 * (capped), otherwise exponential backoff with full jitter, so clients that failed together
 * do not come back together.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
