/**
 * MetricsSource over a Prometheus-compatible API (Prometheus, Mimir, Thanos, Cortex). Every
 * answer is pushed down to PromQL; obs-report only reshapes the aggregated results.
 */
import { DatasourceError } from '../../errors.js';
import type { HttpTransport } from '../../http/types.js';
import type { AlertEvent, Interval, LatencyStats, MetricsQuery, MetricsSource, ProcessStart, RequestStats } from '../types.js';
import { PrometheusApi } from './api.js';
import { dailyValues, firstValue } from './daily.js';
import { appSelectors, queries, SERVER_ERRORS, withMatcher, type AppSelectors, type PromAppConfig } from './promql.js';
import { pointCount } from './range.js';
import { alertEvents, downIntervals, processStarts } from './transform.js';

/** What the source is built from. */
export interface PrometheusSourceOptions {
  /** Datasource name from the config (default: the client's name). */
  name?: string;
  /** The client of this datasource (src/http/client.ts). */
  http: HttpTransport;
  /** Resolution of down intervals, process starts and alerts (datasources.prometheus.stepSeconds). */
  stepSeconds: number;
  /** The configured apps, for job names and selector overrides; unknown apps use job = app id. */
  apps: readonly PromAppConfig[];
}

/** Health answers from Prometheus metrics. */
export class PrometheusMetricsSource implements MetricsSource {
  readonly name: string;
  readonly type = 'prometheus';
  private readonly api: PrometheusApi;
  private readonly stepMs: number;

  constructor(private readonly options: PrometheusSourceOptions) {
    this.name = options.name ?? options.http.name;
    this.api = new PrometheusApi(options.http, this.name, this.type);
    this.stepMs = options.stepSeconds * 1000;
  }

  async uptime({ app, window }: MetricsQuery): Promise<number | null> {
    const query = queries.uptime(this.selectors(app).up, window.to - window.from);
    return firstValue(await this.api.instant(query, window.to, `uptime of ${app}`));
  }

  async downIntervals({ app, window }: MetricsQuery): Promise<Interval[]> {
    const query = queries.down(this.selectors(app).up, this.stepMs);
    return downIntervals(await this.steps(query, window, `down intervals of ${app}`), this.stepMs);
  }

  async processStarts({ app, window }: MetricsQuery): Promise<ProcessStart[]> {
    const query = queries.processStarts(this.selectors(app).processStart, this.stepMs);
    return processStarts(await this.steps(query, window, `process starts of ${app}`), window.from, window.to);
  }

  async requests({ app, window }: MetricsQuery): Promise<RequestStats> {
    const sel = this.selectors(app);
    const errorsSel = withMatcher(this.name, sel.requests, SERVER_ERRORS);
    const span = window.to - window.from;
    const [total, errors, daily, dailyErrors] = await Promise.all([
      this.api.instant(queries.requests(sel.requests, span), window.to, `requests of ${app}`).then(firstValue),
      this.api.instant(queries.requests(errorsSel, span), window.to, `5xx responses of ${app}`).then(firstValue),
      dailyValues(this.api, window, (range) => queries.requests(sel.requests, range), `requests per day of ${app}`),
      dailyValues(this.api, window, (range) => queries.requests(errorsSel, range), `5xx responses per day of ${app}`),
    ]);
    if (total === null) throw this.noData(app, sel.requests, 'requests');
    // Whole requests: increase() extrapolates to the range's edges (see `closed`), so even a
    // window on the scrape grid comes back a hair over its count. A counter with a 5xx label
    // appears only after the first 5xx: no series means none.
    const whole = (v: number | null | undefined): number => Math.round(v ?? 0);
    return {
      total: whole(total),
      errors: whole(errors),
      daily: daily.days.map((d, i) => ({ day: d.day, total: whole(daily.values[i]), errors: whole(dailyErrors.values[i]) })),
    };
  }

  async latency({ app, window }: MetricsQuery): Promise<LatencyStats> {
    const bucket = this.selectors(app).latencyBucket;
    const span = window.to - window.from;
    const ms = (v: number | null): number | null => (v === null ? null : v * 1000);
    const [p50, p95, daily] = await Promise.all([
      this.api.instant(queries.latency(0.5, bucket, span), window.to, `median latency of ${app}`).then(firstValue),
      this.api.instant(queries.latency(0.95, bucket, span), window.to, `p95 latency of ${app}`).then(firstValue),
      dailyValues(this.api, window, (range) => queries.latency(0.95, bucket, range), `p95 latency per day of ${app}`),
    ]);
    return { p50Ms: ms(p50), p95Ms: ms(p95), daily: daily.days.map((d, i) => ({ day: d.day, p95Ms: ms(daily.values[i] ?? null) })) };
  }

  async alerts({ app, window }: MetricsQuery): Promise<AlertEvent[]> {
    const query = queries.alerts(this.selectors(app).job, this.stepMs);
    const start = window.from + this.stepMs;
    const lastEval = start + (pointCount(start, window.to, this.stepMs) - 1) * this.stepMs;
    return alertEvents(await this.steps(query, window, `alerts of ${app}`), this.stepMs, lastEval);
  }

  /** A range query at the step resolution: from + step ... to, each point covering the step before it. */
  private steps(query: string, window: MetricsQuery['window'], purpose: string) {
    const start = window.from + this.stepMs;
    if (start > window.to) return Promise.resolve([]);
    return this.api.range(query, start, window.to, this.stepMs, purpose);
  }

  private selectors(app: string): AppSelectors {
    return appSelectors(this.options.apps.find((a) => a.id === app) ?? { id: app });
  }

  private noData(app: string, sel: string, what: string): DatasourceError {
    return new DatasourceError('DATASOURCE_QUERY', this.name, `${this.name} has no ${sel} series for app ${app} in the window, so its ${what} are unknown`, {
      hint: `Check apps[].prometheus.job for ${app}, or point apps[].prometheus.queries at the metric the app exposes.`,
      query: sel,
    });
  }
}
