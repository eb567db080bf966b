/**
 * Pushing to a Prometheus Pushgateway: plain HTTP with the text format. POST replaces only
 * the metrics of the same names in the group, so a failed run that does not push
 * obs_report_last_success_timestamp_seconds leaves the last success in place.
 */
import { ObsReportError } from '../errors.js';
import { redactUrl } from '../http/redact.js';

/** Where and how to push. */
export interface PushTarget {
  url: string;
  /** Grouping key, in order: job first (e.g. { job: 'obs-report', schedule: 'dice-weekly' }). */
  grouping: Record<string, string>;
  timeoutMs: number;
}

/** `/metrics/job/<job>/<label>/<value>...`; values are base64url-encoded (`@base64`) so any character is safe. */
export function groupingPath(grouping: Record<string, string>): string {
  return Object.entries(grouping)
    .map(([name, value]) => (value === '' || /[/%]/.test(value) ? `${name}@base64/${Buffer.from(value).toString('base64url') || '='}` : `${name}/${encodeURIComponent(value)}`))
    .join('/');
}

/** POSTs `body` (exposition text) to the group; throws DELIVERY on failure. */
export async function pushMetrics(target: PushTarget, body: string): Promise<void> {
  const url = `${target.url.replace(/\/+$/, '')}/metrics/${groupingPath(target.grouping)}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain; version=0.0.4' }, body, signal: AbortSignal.timeout(target.timeoutMs) });
  } catch (error) {
    throw new ObsReportError('DELIVERY', `pushing metrics to ${redactUrl(target.url)} failed: ${String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name)}`, {
      hint: 'Check delivery.pushgateway.url and that the Pushgateway is running.',
      cause: error,
    });
  }
  if (!response.ok) {
    throw new ObsReportError('DELIVERY', `the Pushgateway at ${redactUrl(target.url)} answered HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`, {
      hint: 'Check delivery.pushgateway (url, job): the metric names or labels may clash with metrics pushed by something else.',
    });
  }
}
