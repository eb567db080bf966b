/**
 * The Prometheus source against real Prometheus servers, Debian's 2.42 and the stack's 3.x (see
 * prometheusBuilds; their range selectors differ at the left end), each loaded with the demo
 * organisation's metrics: every answer must equal the demo source's answer for the same
 * question. Exact where PromQL is exact; where increase() extrapolates, within a bound
 * derived from the data and stated next to the assertion.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DatasourceError } from '../src/errors.js';
import { createHttpClient } from '../src/http/client.js';
import type { HttpRequest, HttpTransport } from '../src/http/types.js';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoAnnotationSource, DemoMetricsSource, writeOpenMetrics } from '../src/sources/demo/index.js';
import { queryError } from '../src/sources/prometheus/errors.js';
import { PrometheusMetricsSource, promString } from '../src/sources/prometheus/index.js';
import { queryResponseSchema } from '../src/sources/prometheus/schema.js';
import type { MetricsSource } from '../src/sources/types.js';
import { addDaysIn, startOfDayIn, type Window } from '../src/time/window.js';
import { prometheusBuilds, skipIfMissing, startPrometheus, type PrometheusBuild, type RunningPrometheus } from './harness/prometheus.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const BERLIN = 'Europe/Berlin';
/** Each test's bound; loading Prometheus has its own (in `before`). */
const PER_TEST = { timeout: 60_000 };

// Nine days of data, [3 Mar, 12 Mar 2026), for two apps: one gets the outage, the other a crash loop.
const END = Date.UTC(2026, 2, 12);
const apps = BUILTIN_DEMO_APPS.slice(0, 2);
const org = buildDemoOrg({ seed: 42, users: 60, historyDays: 9, end: END, apps });
const demo = new DemoMetricsSource(org);
/** Latest window end with data after it (so both sources see the scrape at the end). */
const LAST_END = END - DAY;

/** Three Berlin days around the outage the demo annotates, moved back if needed to end by LAST_END. */
async function outageWindow(): Promise<{ window: Window; outage: { start: number; end: number } }> {
  const all = await new DemoAnnotationSource(org).annotations({ window: { from: END - 9 * DAY, to: END, tz: 'UTC' } });
  const incident = all.find((a) => a.tags.includes('incident'));
  assert.ok(incident?.tsEnd !== undefined, 'the demo organisation has an outage');
  let from = addDaysIn(startOfDayIn(incident.ts, BERLIN), -1, BERLIN);
  while (addDaysIn(from, 3, BERLIN) > LAST_END) from = addDaysIn(from, -1, BERLIN);
  return { window: { from, to: addDaysIn(from, 3, BERLIN), tz: BERLIN }, outage: { start: incident.ts, end: incident.tsEnd } };
}

/** Six New York days over the switch to summer time on 8 March 2026 (a 23 h day). */
const dstWindow: Window = { from: Date.UTC(2026, 2, 5, 5), to: Date.UTC(2026, 2, 11, 4), tz: 'America/New_York' };
/** Eight UTC days: 11,520 steps of 60 s, more than one range query may hold. */
const longWindow: Window = { from: Date.UTC(2026, 2, 3), to: LAST_END, tz: 'UTC' };

/** Counts the requests a source sends, by path. */
function counting(http: HttpTransport, paths: string[]): HttpTransport {
  return {
    name: http.name,
    baseUrl: http.baseUrl,
    stats: http.stats,
    request: (req: HttpRequest) => (paths.push(req.path), http.request(req)),
    getJson: (req, schema) => (paths.push(req.path), http.getJson(req, schema)),
  };
}

let prometheus: RunningPrometheus | undefined;
let http: HttpTransport;
let prom: MetricsSource;
const sent: string[] = [];
let outage: Awaited<ReturnType<typeof outageWindow>>;

before(async () => {
  outage = await outageWindow();
});

/**
 * Starts `build` on the demo's metrics before its tests and stops it after; the tests of one
 * build run before the next starts (node:test runs a file's suites in order), so the module's
 * `prometheus`, `http` and `prom` are that build's while its tests run.
 */
function withPrometheus(build: PrometheusBuild): void {
  before(
    async () => {
      let text = '';
      const from = Math.min(outage.window.from, dstWindow.from, longWindow.from) - 10 * MIN;
      const to = Math.max(outage.window.to, dstWindow.to, longWindow.to) + 10 * MIN;
      writeOpenMetrics(org, { from, to }, (chunk) => (text += chunk));
      prometheus = await startPrometheus(text, build);
      http = createHttpClient({ name: 'prometheus', type: 'prometheus', url: prometheus.url, timeoutMs: 30_000, retries: 0, concurrency: 4 });
      prom = new PrometheusMetricsSource({ http: counting(http, sent), stepSeconds: 60, apps: apps.map((a) => ({ id: a.id })) });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await prometheus?.stop();
    prometheus = undefined;
  });
}

/** Both sources' answers to one question. */
async function both<T>(ask: (source: MetricsSource) => Promise<T>): Promise<{ real: T; simulated: T }> {
  const [real, simulated] = await Promise.all([ask(prom), ask(demo)]);
  return { real, simulated };
}

/**
 * Uptime exactly, but for floating point: Prometheus' avg_over_time keeps a running mean, the
 * demo divides counts, so the last bits may differ (1e-12 is ~10^3 ulps, far below one sample of
 * 1/4320 in three days).
 */
function assertUptime({ real, simulated }: { real: number | null; simulated: number | null }): void {
  assert.ok(real !== null && simulated !== null, `uptime ${String(real)} / ${String(simulated)}`);
  assert.ok(Math.abs(real - simulated) < 1e-12, `uptime ${real} vs ${simulated}`);
}

function exactAnswers(label: string, windowOf: () => Window): void {
  describe(`exact answers: ${label}`, () => {
    for (const { id } of apps) {
      it(`${id}: uptime, down intervals, process starts, alerts, requests and latency`, PER_TEST, async () => {
        const q = { app: id, window: windowOf() };
        assertUptime(await both((s) => s.uptime(q)));
        for (const method of ['downIntervals', 'processStarts', 'alerts', 'requests'] as const) {
          const { real, simulated } = await both<unknown>((s) => s[method](q));
          assert.deepEqual(real, simulated, `${method} of ${id}`);
        }
        // Quantiles: the same bucket counts through the same interpolation, but increase() stretches
        // each bucket over the range's extra 1 ms (see `closed`; not a bucket that starts at 0),
        // a relative 1e-8 or less for these windows: equal to 7 significant digits.
        const { real, simulated } = await both((s) => s.latency(q));
        assert.deepEqual(roundLatency(real), roundLatency(simulated));
      });
    }
  });
}

function roundLatency(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(7)) : v));
}

describe('the chosen data', () => {
  it('holds the outage, restarts and a 23 h day', PER_TEST, async () => {
    const { window } = outage;
    assert.ok(outage.outage.start >= window.from && outage.outage.end <= window.to, 'the outage lies inside the window');
    const starts = await Promise.all(apps.map((a) => demo.processStarts({ app: a.id, window })));
    assert.ok(starts.flat().length >= 2, `restarts in the window: ${starts.flat().length}`);
    const down = await Promise.all(apps.map((a) => demo.downIntervals({ app: a.id, window })));
    assert.ok(down.flat().some((d) => d.end - d.start >= HOUR), 'a down interval of an hour or more');
    const days = (await demo.requests({ app: apps[0]!.id, window: dstWindow })).daily.map((d) => d.day);
    assert.deepEqual(days.map((d, i) => ((days[i + 1] ?? addDaysIn(d, 1, dstWindow.tz)) - d) / HOUR), [24, 24, 24, 23, 24, 24]);
  });
});

for (const build of prometheusBuilds()) {
  describe(`Prometheus ${build.name}`, skipIfMissing(build), () => {
    withPrometheus(build);

    // Windows on local midnights: Prometheus has a sample on both edges, so increase() extrapolates
    // over the 1 ms of `closed` only, and whole requests are exact.
    exactAnswers('three Berlin days around the outage', () => outage.window);
    exactAnswers('six New York days across the DST switch', () => dstWindow);
    exactAnswers('eight UTC days (range queries split in two)', () => longWindow);

    describe('a window that does not start on a scrape', () => {
      // 5 h 17 s after a Berlin midnight to 3 h before one: the first scrape is 43 s after `from`.
      const windowOf = (): Window => ({ from: outage.window.from + 5 * HOUR + 17_000, to: outage.window.to - 3 * HOUR, tz: BERLIN });

      it('still gives exact uptime, down intervals, process starts and alerts', PER_TEST, async () => {
        for (const { id } of apps) {
          const q = { app: id, window: windowOf() };
          assertUptime(await both((s) => s.uptime(q)));
          for (const method of ['downIntervals', 'processStarts', 'alerts'] as const) {
            const { real, simulated } = await both<unknown>((s) => s[method](q));
            assert.deepEqual(real, simulated, `${method} of ${id}`);
          }
        }
      });

      it('gives requests within the extrapolation at the two edges', PER_TEST, async () => {
        const window = windowOf();
        for (const { id } of apps) {
          const { real: r, simulated: s } = await both((source) => source.requests({ app: id, window }));
          // increase() starts from the first sample inside the window (the demo also counts the
          // minute before it) and stretches the result to both edges at the window's average rate.
          // So they differ by at most the requests of the edge minutes plus two minutes at the average rate.
          const minute = (t: number) => demo.requests({ app: id, window: { from: t - MIN, to: t + MIN, tz: BERLIN } });
          const [head, tail] = await Promise.all([minute(window.from), minute(window.to)]);
          const minutes = (window.to - window.from) / MIN;
          const bound = (edge: number, total: number) => edge + (2 * total) / minutes;
          assert.ok(Math.abs(r.total - s.total) <= bound(head.total + tail.total, s.total), `total ${r.total} vs ${s.total}`);
          assert.ok(Math.abs(r.errors - s.errors) <= bound(head.errors + tail.errors, s.errors), `errors ${r.errors} vs ${s.errors}`);
          // Days are whole local days, evaluated at midnights: exact again.
          assert.deepEqual(r.daily, s.daily);
        }
      });

      it('gives latency quantiles within 0.5%', PER_TEST, async () => {
        // The bucket counts differ by the edge effect above (about 0.1% of the requests here); a
        // quantile interpolated inside one bucket moves by a similar share of that bucket.
        for (const { id } of apps) {
          const { real: r, simulated: s } = await both((source) => source.latency({ app: id, window: windowOf() }));
          for (const [a, b] of [[r.p50Ms, s.p50Ms], [r.p95Ms, s.p95Ms]] as const) {
            assert.ok(a !== null && b !== null && Math.abs(a - b) <= 0.005 * b, `latency ${a} vs ${b}`);
          }
          assert.deepEqual(roundLatency(r.daily), roundLatency(s.daily));
        }
      });
    });

    describe('the real server', () => {
      it('splits a range query over 11,000 points: 8 days of 60 s steps take 2 requests', PER_TEST, async () => {
        sent.length = 0;
        await prom.downIntervals({ app: apps[0]!.id, window: longWindow });
        assert.equal(sent.filter((p) => p === '/api/v1/query_range').length, Math.ceil(11_520 / 11_000));
      });

      it('refuses 11,002 points, which the source reports as DATASOURCE_LIMIT', PER_TEST, async () => {
        const query = 'up';
        // Prometheus allows (end - start) / step <= 11,000, that is 11,001 points; ask for one more.
        const form = { query, start: String(longWindow.from / 1000), end: String((longWindow.from + 11_001 * MIN) / 1000), step: '60' };
        const error = await http.getJson({ path: '/api/v1/query_range', method: 'POST', form }, queryResponseSchema).catch((e: unknown) => queryError(e, query, http.baseUrl));
        assert.ok(error instanceof DatasourceError);
        assert.equal(error.code, 'DATASOURCE_LIMIT');
        assert.match(error.message, /exceeded maximum resolution of 11,000 points/);
      });

      it('reads hostile label values back unchanged from promString literals', PER_TEST, async () => {
        const hostile = ['a"b', 'back\\slash\\', 'line\nbreak', 'dice"} or vector(1) or up{job="', '\\"} or on() vector(1) #', 'tab\t\r\u0000\u0007', 'ünï 🚀 \u2028'];
        for (const value of hostile) {
          const query = `label_replace(vector(1), "out", ${promString(value)}, "", "")`;
          const result = await http.getJson({ path: '/api/v1/query', method: 'POST', form: { query } }, queryResponseSchema);
          assert.ok(result.resultType === 'vector');
          assert.equal(result.series[0]?.labels.out, value);
        }
      });

      it('finds no series for a job named like an injection', PER_TEST, async () => {
        const uptime = await new PrometheusMetricsSource({ http, stepSeconds: 60, apps: [{ id: 'x', prometheus: { job: 'dice"} or vector(1) or up{job="' } }] }).uptime({
          app: 'x',
          window: outage.window,
        });
        assert.equal(uptime, null);
      });
    });
  });
}
