/**
 * PromQL text: string literals, selectors and the exact queries obs-report sends. Label values
 * from the config are always escaped, so a hostile value stays one string literal.
 */
import { DatasourceError } from '../../errors.js';
import { goString } from '../go-string.js';

/** A PromQL double-quoted string literal holding exactly `value` (Go quoting, shared with LogQL). */
export const promString = goString;

/** `metric{a="x",b="y"}` with escaped values. */
export function selector(metric: string, matchers: Record<string, string>): string {
  const inner = Object.entries(matchers).map(([name, value]) => `${name}=${promString(value)}`);
  return `${metric}{${inner.join(',')}}`;
}

/** A PromQL duration for a range in ms: `86400s`, `59s999ms`, `500ms`. */
export function promDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const rest = ms % 1000;
  if (rest === 0) return `${seconds}s`;
  return seconds === 0 ? `${rest}ms` : `${seconds}s${rest}ms`;
}

/**
 * A range selector covering (t - ms, t]. Prometheus 2 includes both ends of a range, Prometheus 3
 * only the right one; 1 ms short gives the half-open window on both (timestamps are whole ms),
 * so a scrape on a step boundary counts for one step only, as the demo source assumes.
 */
export function halfOpen(ms: number): string {
  return promDuration(ms - 1);
}

/**
 * Adds a matcher to a series selector (`x{a="1"}` -> `x{a="1",m}`, `x` -> `x{m}`). Overrides
 * from the config must be plain selectors, since obs-report wraps them in range functions.
 */
export function withMatcher(datasource: string, sel: string, matcher: string): string {
  const text = sel.trim();
  if (/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(text)) return `${text}{${matcher}}`;
  if (!text.endsWith('}') || !text.includes('{')) {
    throw new DatasourceError('DATASOURCE_QUERY', datasource, `Cannot add ${matcher} to ${text}: it is not a series selector`, {
      hint: 'apps[].prometheus.queries.requests must be a selector such as http_requests_total{job="shop"}.',
      query: text,
    });
  }
  const inner = text.slice(0, -1).trimEnd();
  const separator = inner.endsWith('{') || inner.endsWith(',') ? '' : ',';
  return `${inner}${separator}${matcher}}`;
}

/** Selector overrides of one app, as in the config (apps[].prometheus). */
export interface PromAppConfig {
  id: string;
  prometheus?: {
    job: string;
    queries?: { up?: string; processStart?: string; requests?: string; latencyBucket?: string };
  };
}

/** The selectors used for one app: overrides from the config, else the conventions with its job. */
export interface AppSelectors {
  job: string;
  up: string;
  processStart: string;
  requests: string;
  latencyBucket: string;
}

/** Resolves an app's selectors; job = apps[].prometheus.job or the app id. */
export function appSelectors(app: PromAppConfig): AppSelectors {
  const job = app.prometheus?.job ?? app.id;
  const q = app.prometheus?.queries ?? {};
  return {
    job,
    up: q.up ?? selector('up', { job }),
    processStart: q.processStart ?? selector('process_start_time_seconds', { job }),
    requests: q.requests ?? selector('http_requests_total', { job }),
    latencyBucket: q.latencyBucket ?? selector('http_request_duration_seconds_bucket', { job }),
  };
}

/**
 * A range selector covering [t - ms, t] on Prometheus 2 and 3 alike: 3 leaves a sample on the
 * left end out (2 takes it in), 1 ms more takes it in on both. increase() then stretches its
 * result over that 1 ms (by a factor of at most 1 + 1 ms / range), which is why the source
 * rounds counts to whole requests.
 */
export function closed(ms: number): string {
  return promDuration(ms + 1);
}

/**
 * The queries of the MetricsSource questions; ranges and steps in ms. Gauges are read over
 * half-open ranges (one sample belongs to one step); counters over closed ones, since
 * increase() needs the sample on the boundary to difference against (on Prometheus 3 without
 * it, a window on the scrape grid lost its first minute and increase() extrapolated one: the
 * demo's 4,804 requests of three days came back as 4,805.1).
 */
export const queries = {
  uptime: (up: string, rangeMs: number) => `avg(avg_over_time(${up}[${halfOpen(rangeMs)}]))`,
  down: (up: string, stepMs: number) => `max(max_over_time(${up}[${halfOpen(stepMs)}])) == 0`,
  processStarts: (processStart: string, stepMs: number) =>
    `max by (instance) (max_over_time(${processStart}[${halfOpen(stepMs)}]))`,
  requests: (requests: string, rangeMs: number) => `sum(increase(${requests}[${closed(rangeMs)}]))`,
  latency: (q: number, bucket: string, rangeMs: number) =>
    `histogram_quantile(${q}, sum by (le) (increase(${bucket}[${closed(rangeMs)}])))`,
  alerts: (job: string, stepMs: number) =>
    `max by (alertname, severity) (max_over_time(${selector('ALERTS', { job, alertstate: 'firing' })}[${halfOpen(stepMs)}]))`,
} as const;

/** The 5xx matcher added to the requests selector. */
export const SERVER_ERRORS = 'code=~"5.."';
