/**
 * Prometheus metrics with the names obs-report queries (src/sources/prometheus/promql.ts):
 * http_requests_total{code,method,route}, http_request_duration_seconds (le 0.005..10) and the
 * default process metrics, process_start_time_seconds among them.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds, the Prometheus client default (0.005 .. 10). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The app's registry and its HTTP metrics. */
export interface AppMetrics {
  registry: Registry;
  requests: Counter<'code' | 'method' | 'route'>;
  duration: Histogram<'code' | 'method' | 'route'>;
}

/** A fresh registry with process metrics and the HTTP request metrics. */
export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['code', 'method', 'route'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by status code, method and route.', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, in seconds.',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return { registry, requests, duration };
}

/** Starts timing a request; the returned function records it with its final status code. */
export function timeRequest(metrics: AppMetrics, method: string, route: string): (code: number) => void {
  const started = process.hrtime.bigint();
  return (code) => {
    const labels = { code: String(code), method, route };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  };
}
