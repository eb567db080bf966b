/**
 * Every metric sample of the simulated apps in a window, as OpenMetrics text that
 * `promtool tsdb create-blocks-from openmetrics` loads: one # TYPE / # HELP per family, all
 * samples of a family together, each series' samples in time order, timestamps in seconds,
 * counters named <family>_total, and # EOF last.
 */
import { MINUTE_MS } from '../../time/window.js';
import { instanceOf } from './lines.js';
import type { DemoApp, DemoOrg } from './org.js';
import type { Process } from './ops.js';
import { forEachScrape, scrapeBounds } from './scrapes.js';
import { LATENCY_BOUNDS, scrapeTraffic, STATUS_CODES, Traffic } from './traffic.js';
import type { ScrapeTraffic } from './traffic.js';

/** Lines buffered before each call of `write`. */
const CHUNK_LINES = 4096;

class Output {
  private lines: string[] = [];

  constructor(private readonly write: (chunk: string) => void) {}

  line(text: string): void {
    this.lines.push(text);
    if (this.lines.length >= CHUNK_LINES) this.flush();
  }

  flush(): void {
    if (this.lines.length > 0) this.write(`${this.lines.join('\n')}\n`);
    this.lines = [];
  }
}

/** Writes the OpenMetrics text of every sample with window.from <= t < window.to. */
export function writeOpenMetrics(org: DemoOrg, window: { from: number; to: number }, write: (chunk: string) => void): void {
  const out = new Output(write);
  // Scrapes in [from, to): forEachScrape takes an inclusive end.
  const from = window.from;
  const to = Math.ceil(window.to / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  const target = (app: DemoApp): string => `job="${app.spec.id}",instance="${instanceOf(app)}"`;
  const sample = (name: string, labels: string, value: number, m: number): void => out.line(`${name}{${labels}} ${value} ${m / 1000}`);

  family(out, 'up', 'gauge', 'Whether the app answered the scrape (1) or not (0).');
  for (const app of org.apps) forEachScrape(org, app, from, to, (m, p) => sample('up', target(app), p ? 1 : 0, m));

  family(out, 'process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.');
  for (const app of org.apps) {
    forEachScrape(org, app, from, to, (m, p) => p && sample('process_start_time_seconds', target(app), p.start / 1000, m));
  }

  family(out, 'http_requests', 'counter', 'HTTP requests served, by status code.');
  for (const app of org.apps) {
    STATUS_CODES.forEach((code, c) => {
      counterSeries(org, app, from, to, (counts) => counts.codes[c]!, (value, m) =>
        sample('http_requests_total', `${target(app)},code="${code}"`, value, m),
      );
    });
  }

  family(out, 'http_request_duration_seconds', 'histogram', 'HTTP request latency.');
  for (const app of org.apps) {
    LATENCY_BOUNDS.forEach((le, i) => {
      const labels = `${target(app)},le="${le === Infinity ? '+Inf' : le}"`;
      counterSeries(org, app, from, to, (counts) => counts.buckets[i]!, (value, m) =>
        sample('http_request_duration_seconds_bucket', labels, value, m),
      );
    });
    // The sum is kept in whole ms so the text shows exact decimals.
    counterSeries(org, app, from, to, (counts) => counts.sumMs, (value, m) =>
      sample('http_request_duration_seconds_sum', target(app), value / 1000, m),
    );
    counterSeries(org, app, from, to, (counts) => counts.total, (value, m) =>
      sample('http_request_duration_seconds_count', target(app), value, m),
    );
  }

  family(out, 'ALERTS', 'gauge', 'Alerts firing (Prometheus rule evaluation).');
  const { first, last } = scrapeBounds(org);
  for (const app of org.apps) {
    const series = new Map<string, { start: number; end: number }[]>();
    for (const a of app.ops.alerts) {
      const labels = `alertname="${a.name}",alertstate="firing",job="${app.spec.id}",severity="${a.severity}"`;
      series.set(labels, [...(series.get(labels) ?? []), a]);
    }
    for (const [labels, alerts] of series) {
      let written = -Infinity;
      for (const a of alerts) {
        const lo = Math.max(a.start, first, Math.ceil(from / MINUTE_MS) * MINUTE_MS, written + MINUTE_MS);
        const hi = Math.min(a.end - 1, last, to);
        for (let m = Math.ceil(lo / MINUTE_MS) * MINUTE_MS; m <= hi; m += MINUTE_MS) {
          out.line(`ALERTS{${labels}} 1 ${m / 1000}`);
          written = m;
        }
      }
    }
  }
  out.line('# EOF');
  out.flush();
}

function family(out: Output, name: string, type: string, help: string): void {
  out.line(`# TYPE ${name} ${type}`);
  out.line(`# HELP ${name} ${help}`);
}

/**
 * Walks one counter series over [from, to]: it restarts at 0 with each process and, for a
 * process that started before the window, carries what it counted before the window.
 */
function counterSeries(
  org: DemoOrg,
  app: DemoApp,
  from: number,
  to: number,
  pick: (counts: ScrapeTraffic) => number,
  emit: (value: number, m: number) => void,
): void {
  const traffic = new Traffic(org, app);
  const counts = scrapeTraffic();
  const step = (m: number, p: Process): number => {
    traffic.scrape(m, p, counts);
    return pick(counts);
  };
  let current: Process | undefined;
  let value = 0;
  forEachScrape(org, app, from, to, (m, p) => {
    if (!p) return;
    if (p !== current) {
      current = p;
      value = 0;
      // Scrapes of this process before the window (the first scrape at or after its start).
      for (let k = Math.ceil(p.start / MINUTE_MS) * MINUTE_MS; k < m; k += MINUTE_MS) value += step(k, p);
    }
    value += step(m, p);
    emit(value, m);
  });
}
