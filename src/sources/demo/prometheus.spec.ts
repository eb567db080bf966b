// The demo's OpenMetrics export loaded into a real Prometheus (promtool + prometheus from
// Debian) answers the MetricsSource queries exactly as DemoMetricsSource does.
//
// Prometheus 2.42 (installed here) closes range selectors at both ends, [t - d, t]; Prometheus
// 3 made them left-open, (t - d, t], which is what the demo implements. On windows aligned to
// whole minutes the 2.42 answers therefore include one extra sample per range: those checks
// shorten each range by 1 ms, which gives the left-open meaning on both versions. On windows
// off the minute grid both meanings agree and the queries are sent verbatim.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoMetricsSource, writeOpenMetrics } from './index.js';
import type { AlertEvent, Interval, ProcessStart } from '../types.js';
import type { Window } from '../../time/window.js';
import { startPrometheus } from '../../../test/harness/prometheus.js';
import type { RunningPrometheus } from '../../../test/harness/prometheus.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const org = buildDemoOrg({ seed: 5, users: 40, historyDays: 14, end: Date.UTC(2025, 2, 31), apps: BUILTIN_DEMO_APPS.slice(0, 2) });
const metrics = new DemoMetricsSource(org);
const outageApp = org.apps.find((a) => a.ops.outage)!;
const loopApp = org.apps.find((a) => a.ops.crashLoopStarts.length > 0)!;
// Scenario 1: the outage's UTC day (with this seed, both apps start a process that day).
const day = Math.floor(outageApp.ops.outage!.start / DAY) * DAY;
// Scenario 2: the hours around the crash loop.
const loopHour = Math.floor(loopApp.ops.crashLoopStarts[0]! / HOUR) * HOUR;
const scenarios = [
  {
    name: 'outage day',
    export: { from: day - HOUR, to: day + DAY + HOUR },
    windows: [
      { from: day, to: day + DAY, tz: 'UTC' },
      { from: day + 3 * HOUR + 30_000, to: day + 20 * HOUR + 17_000, tz: 'UTC' },
    ],
  },
  {
    name: 'crash loop',
    export: { from: loopHour - 4 * HOUR, to: loopHour + 5 * HOUR },
    windows: [
      { from: loopHour - 3 * HOUR, to: loopHour + 4 * HOUR, tz: 'UTC' },
      { from: loopHour - 2 * HOUR - 45_000, to: loopHour + 3 * HOUR + 1_000, tz: 'UTC' },
    ],
  },
];

let prometheus: RunningPrometheus;

interface Series {
  metric: Record<string, string>;
  values: [number, string][];
}

async function api(path: string, params: Record<string, string | number>): Promise<unknown> {
  const query = new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])));
  const res = await fetch(`${prometheus.url}/api/v1/${path}?${query}`);
  const body = (await res.json()) as { status: string; data: { result: unknown }; error?: string };
  assert.equal(body.status, 'success', body.error);
  return body.data.result;
}

async function instant(promql: string, at: number): Promise<number | null> {
  const result = (await api('query', { query: promql, time: at / 1000 })) as { value: [number, string] }[];
  return result[0] ? Number(result[0].value[1]) : null;
}

/** A range query with step 60 s from window.from + 60 s to window.to, as the Prometheus source sends it. */
async function range(promql: string, w: Window): Promise<Series[]> {
  const result = (await api('query_range', { query: promql, start: (w.from + MIN) / 1000, end: w.to / 1000, step: 60 })) as Series[];
  return result;
}

/** The range written for a window: verbatim off the grid, 1 ms shorter on it (see the top comment). */
function span(ms: number, w: Window): string {
  return w.from % MIN === 0 ? `${ms - 1}ms` : `${ms / 1000}s`;
}

async function fromPrometheus(job: string, w: Window) {
  const d = w.to - w.from;
  const uptime = await instant(`avg(avg_over_time(up{job="${job}"}[${span(d, w)}]))`, w.to);

  const down: Interval[] = [];
  for (const s of await range(`max(max_over_time(up{job="${job}"}[${span(MIN, w)}])) == 0`, w)) {
    for (const [t] of s.values) {
      const end = Math.round(t * 1000);
      const last = down[down.length - 1];
      if (last && last.end === end - MIN) last.end = end;
      else down.push({ start: end - MIN, end });
    }
  }

  const starts: ProcessStart[] = [];
  const psq = `max by (instance) (max_over_time(process_start_time_seconds{job="${job}"}[${span(MIN, w)}]))`;
  for (const s of await range(psq, w)) {
    const seen = new Set<number>();
    for (const [, v] of s.values) {
      const ts = Number(v) * 1000;
      if (ts >= w.from && ts < w.to && !seen.has(ts)) {
        seen.add(ts);
        starts.push({ instance: s.metric.instance!, ts });
      }
    }
  }

  const alerts: AlertEvent[] = [];
  const aq = `max by (alertname, severity) (max_over_time(ALERTS{job="${job}",alertstate="firing"}[${span(MIN, w)}]))`;
  for (const s of await range(aq, w)) {
    const points = s.values.map(([t]) => Math.round(t * 1000));
    let first = points[0]!;
    for (let i = 0; i < points.length; i++) {
      const t = points[i]!;
      if (i > 0 && t !== points[i - 1]! + MIN) first = t;
      if (i + 1 < points.length && points[i + 1] === t + MIN) continue;
      let end: number | null = t;
      if (t === w.to) {
        const next = (await range(aq, { ...w, from: w.to, to: w.to + MIN })).find(
          (x) => x.metric.alertname === s.metric.alertname && x.metric.severity === s.metric.severity,
        );
        if (next) end = null;
      }
      const labels = { alertname: s.metric.alertname!, severity: s.metric.severity! };
      alerts.push({ name: labels.alertname, severity: labels.severity, start: first - MIN, end, labels });
    }
  }
  alerts.sort((a, b) => a.start - b.start || (a.name < b.name ? -1 : 1));
  return { uptime, down, starts: starts.sort((a, b) => a.ts - b.ts), alerts };
}

for (const scenario of scenarios) {
  describe(`demo metrics against a real Prometheus: ${scenario.name}`, { timeout: 60_000 }, () => {
    before(async () => {
      let text = '';
      writeOpenMetrics(org, scenario.export, (chunk) => (text += chunk));
      prometheus = await startPrometheus(text);
    });
    after(() => prometheus?.stop());

    for (const w of scenario.windows) {
      for (const job of org.apps.map((a) => a.spec.id)) {
        it(`${job}: uptime, down intervals, process starts and alerts, ${w.from % MIN === 0 ? 'aligned' : 'off the minute grid'}`, async () => {
          const q = { app: job, window: w };
          const got = await fromPrometheus(job, w);
          // Prometheus averages incrementally: equal up to floating-point rounding.
          assert.ok(Math.abs(got.uptime! - (await metrics.uptime(q))!) < 1e-12, `uptime ${got.uptime}`);
          assert.deepEqual(got.down, await metrics.downIntervals(q));
          assert.deepEqual(got.starts, await metrics.processStarts(q));
          assert.deepEqual(got.alerts, await metrics.alerts(q));
          // Each scenario has something to compare.
          if (scenario.name === 'outage day') assert.ok(got.starts.length >= 1, 'a process starts that day');
          if (scenario.name === 'outage day' && job === outageApp.spec.id) {
            assert.ok(got.down.some((d) => d.end - d.start >= 2 * HOUR) && got.alerts.length >= 2, 'the outage is in the window');
          }
          if (scenario.name === 'crash loop' && job === loopApp.spec.id) {
            assert.ok(got.starts.length >= 4 && got.alerts.some((a) => a.name === 'CrashLooping'), 'the crash loop is in the window');
          }
        });
      }
    }

    it('counts requests and latency like the exact counter deltas, within extrapolation', async () => {
      const w = scenario.windows[0]!;
      const d = (w.to - w.from) / 1000;
      for (const job of org.apps.map((a) => a.spec.id)) {
        const q = { app: job, window: w };
        const req = await metrics.requests(q);
        const lat = await metrics.latency(q);
        const total = await instant(`sum(increase(http_requests_total{job="${job}"}[${d}s]))`, w.to);
        const errors = await instant(`sum(increase(http_requests_total{job="${job}",code=~"5.."}[${d}s]))`, w.to);
        const p95 = await instant(
          `histogram_quantile(0.95, sum by (le) (increase(http_request_duration_seconds_bucket{job="${job}"}[${d}s])))`,
          w.to,
        );
        assert.ok(req.total > 100, `${job}: ${req.total} requests`);
        assert.ok(Math.abs(total! - req.total) <= req.total * 0.01, `${job} total ${total} vs ${req.total}`);
        assert.ok(Math.abs(errors! - req.errors) <= Math.max(2, req.errors * 0.02), `${job} errors ${errors} vs ${req.errors}`);
        assert.ok(Math.abs(p95! * 1000 - lat.p95Ms!) <= lat.p95Ms! * 0.02, `${job} p95 ${p95! * 1000} vs ${lat.p95Ms}`);
      }
    });
  });
}
