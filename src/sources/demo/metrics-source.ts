/**
 * Health answers of the demo organisation: what a real Prometheus answers for the samples of
 * writeOpenMetrics, using exactly the queries the Prometheus source sends (the PromQL is in
 * each note). Counters are summed as exact per-scrape deltas, where Prometheus extrapolates.
 */
import { histogramQuantile } from '../../analytics/stats.js';
import { MINUTE_MS } from '../../time/window.js';
import { noteQuery } from '../query-log.js';
import type { AlertEvent, Interval, LatencyStats, MetricsQuery, MetricsSource, ProcessStart, RequestStats } from '../types.js';
import { firingSteps } from './alert-steps.js';
import { requireHistory } from './history.js';
import { windowDays } from './days.js';
import { Lru } from './lru.js';
import { instanceOf } from './lines.js';
import { processAt } from './ops.js';
import type { DemoApp, DemoOrg } from './org.js';
import { forEachScrape, ScrapeCursor, scrapeBounds, stepCount } from './scrapes.js';
import { LATENCY_BOUNDS, scrapeTraffic, Traffic } from './traffic.js';

/** Requests and latency buckets summed over a span of scrapes. */
interface TrafficSum {
  total: number;
  errors: number;
  buckets: Float64Array;
}

/** Sums over a window and over each of its local days. */
interface TrafficSums {
  total: TrafficSum;
  days: { day: number; sum: TrafficSum }[];
}

const emptySum = (): TrafficSum => ({ total: 0, errors: 0, buckets: new Float64Array(LATENCY_BOUNDS.length) });

const toMs = (seconds: number | null): number | null => (seconds === null ? null : seconds * 1000);

/** MetricsSource over the simulated organisation. */
export class DemoMetricsSource implements MetricsSource {
  readonly type = 'demo';
  // requests() and latency() of one window share one pass over its scrapes.
  private readonly sums = new Lru<TrafficSums>(8);

  constructor(
    private readonly org: DemoOrg,
    readonly name = 'demo',
  ) {}

  async uptime(q: MetricsQuery): Promise<number | null> {
    this.note(q, 'avg(avg_over_time(up{job="$app"}[$window]))', 'uptime');
    requireHistory(this.org, this.name, q.window);
    const app = this.app(q);
    if (!app) return null;
    let samples = 0;
    let up = 0;
    forEachScrape(this.org, app, q.window.from + 1, q.window.to, (_m, p) => {
      samples++;
      if (p) up++;
    });
    return samples === 0 ? null : up / samples;
  }

  async downIntervals(q: MetricsQuery): Promise<Interval[]> {
    this.note(q, 'max(max_over_time(up{job="$app"}[60s])) == 0, step 60s', 'down intervals');
    requireHistory(this.org, this.name, q.window);
    const app = this.app(q);
    if (!app) return [];
    const { from, to } = q.window;
    const { first, last } = scrapeBounds(this.org);
    const out: Interval[] = [];
    for (let k = 1; k <= stepCount(from, to); k++) {
      const t = from + k * MINUTE_MS;
      // Exactly one scrape lies in (t - 60 s, t].
      const m = Math.floor(t / MINUTE_MS) * MINUTE_MS;
      if (m < first || m > last || processAt(app.ops, m)) continue;
      const prev = out[out.length - 1];
      if (prev && prev.end === t - MINUTE_MS) prev.end = t;
      else out.push({ start: t - MINUTE_MS, end: t });
    }
    return out;
  }

  async processStarts(q: MetricsQuery): Promise<ProcessStart[]> {
    this.note(q, 'max by (instance) (max_over_time(process_start_time_seconds{job="$app"}[60s])), step 60s', 'process starts');
    requireHistory(this.org, this.name, q.window);
    const app = this.app(q);
    if (!app) return [];
    const { from, to } = q.window;
    const { first, last } = scrapeBounds(this.org);
    const lastStep = from + stepCount(from, to) * MINUTE_MS;
    return app.ops.processes
      .filter((p) => {
        if (p.start < from || p.start >= to) return false;
        // Seen only if one of its scrapes falls under a step point of the range query.
        const seen = Math.ceil(Math.max(p.start, from + 1, first) / MINUTE_MS) * MINUTE_MS;
        return seen <= Math.min(lastStep, last) && seen < p.end;
      })
      .map((p) => ({ instance: instanceOf(app), ts: p.start }));
  }

  async requests(q: MetricsQuery): Promise<RequestStats> {
    this.note(q, 'sum(increase(http_requests_total{job="$app"}[$window+1ms])), and with code=~"5..", per window and local day', 'requests and errors');
    requireHistory(this.org, this.name, q.window);
    const { total, days } = this.traffic(q);
    return {
      total: total.total,
      errors: total.errors,
      daily: days.map((d) => ({ day: d.day, total: d.sum.total, errors: d.sum.errors })),
    };
  }

  async latency(q: MetricsQuery): Promise<LatencyStats> {
    this.note(q, 'histogram_quantile(0.5|0.95, sum by (le) (increase(http_request_duration_seconds_bucket{job="$app"}[$window+1ms])))', 'latency');
    requireHistory(this.org, this.name, q.window);
    const { total, days } = this.traffic(q);
    const quantile = (p: number, s: TrafficSum): number | null =>
      toMs(histogramQuantile(p, LATENCY_BOUNDS.map((le, i) => ({ le, count: s.buckets[i]! }))));
    return {
      p50Ms: quantile(0.5, total),
      p95Ms: quantile(0.95, total),
      daily: days.map((d) => ({ day: d.day, p95Ms: quantile(0.95, d.sum) })),
    };
  }

  async alerts(q: MetricsQuery): Promise<AlertEvent[]> {
    this.note(q, 'max by (alertname, severity) (max_over_time(ALERTS{job="$app",alertstate="firing"}[60s])), step 60s', 'alerts');
    requireHistory(this.org, this.name, q.window);
    const app = this.app(q);
    return app ? firingSteps(this.org, app, q.window) : [];
  }

  /** Exact request and bucket deltas over (from, to] and over each local day (d, next d]. */
  private traffic(q: MetricsQuery): TrafficSums {
    const key = [q.app, q.window.from, q.window.to, q.window.tz].join('\u0000');
    return this.sums.get(key, () => {
      const days = windowDays(q.window);
      const perDay = days.days.map((day) => ({ day, sum: emptySum() }));
      const total = emptySum();
      const app = this.app(q);
      if (!app) return { total, days: perDay };
      const { from, to } = q.window;
      const start = Math.min(from, days.days[0] ?? from);
      const end = Math.max(to, days.ends[days.ends.length - 1] ?? to);
      const traffic = new Traffic(this.org, app);
      const scrape = scrapeTraffic();
      const add = (sum: TrafficSum): void => {
        sum.total += scrape.total;
        sum.errors += scrape.codes[2]! + scrape.codes[3]!;
        for (let i = 0; i < scrape.buckets.length; i++) sum.buckets[i]! += scrape.buckets[i]!;
      };
      // Usually the window is whole local days, and its total is the sum of the days.
      const aligned = from === start && to === end;
      let d = 0;
      for (const cursor = new ScrapeCursor(this.org, app, start + 1, end); cursor.next(); ) {
        const p = cursor.process;
        if (!p) continue;
        const m = cursor.m;
        traffic.scrape(m, p, scrape);
        if (!aligned && m > from && m <= to) add(total);
        // A day's increase is evaluated at its next local midnight: scrapes in (day, next day].
        while (d < days.ends.length && days.ends[d]! < m) d++;
        const day = perDay[d];
        if (day && m > days.days[d]!) add(day.sum);
      }
      if (aligned) {
        for (const { sum } of perDay) {
          total.total += sum.total;
          total.errors += sum.errors;
          sum.buckets.forEach((c, i) => (total.buckets[i]! += c));
        }
      }
      return { total, days: perDay };
    });
  }

  private app(q: MetricsQuery): DemoApp | undefined {
    const index = this.org.appIndex.get(q.app);
    return index === undefined ? undefined : this.org.apps[index];
  }

  private note(q: MetricsQuery, promql: string, purpose: string): void {
    const query = `demo: computed as ${promql.replaceAll('$app', q.app)}`;
    noteQuery({ datasource: this.name, datasourceType: 'demo', query, purpose });
  }
}
