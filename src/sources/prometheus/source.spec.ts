import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DatasourceError } from '../../errors.js';
import { createHttpClient } from '../../http/client.js';
import type { TestServer } from '../../http/test-server.js';
import { QueryLog, within } from '../query-log.js';
import { fixture, matrixBody, startFakePrometheus, vectorBody, type FakeAnswer, type FakeCall } from './fake-prometheus.js';
import { PrometheusMetricsSource } from './source.js';

const MIN = 60_000;
const DAY = 86_400_000;
const from = Date.UTC(2026, 0, 5);
const to = from + 3 * DAY;
const window = { from, to, tz: 'UTC' };
const ok = (body: string): FakeAnswer => ({ status: 200, body });

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function setup(answer: (c: FakeCall) => FakeAnswer, apps = [{ id: 'dice' }]) {
  const server = await startFakePrometheus(answer);
  servers.push(server);
  const http = createHttpClient({ name: 'prom', type: 'prometheus', url: server.url, timeoutMs: 2000, retries: 0, concurrency: 4 });
  return { server, http, source: new PrometheusMetricsSource({ http, stepSeconds: 60, apps }) };
}

describe('PrometheusSource on recorded answers', { timeout: 60_000 }, () => {
  it('asks uptime over the whole window at its end', async () => {
    const { source, server } = await setup((c) => (c.query === 'avg(avg_over_time(up{job="dice"}[259199s999ms]))' && c.time === to ? ok(fixture('query-vector.json')) : undefined));
    assert.equal(await source.uptime({ app: 'dice', window }), 0.9805546553081218);
    assert.equal(server.requests[0]!.method, 'POST');
  });

  it('answers null uptime without samples', async () => {
    const { source } = await setup(() => ok(fixture('query-empty.json')));
    assert.equal(await source.uptime({ app: 'dice', window }), null);
  });

  it('maps bad PromQL to DATASOURCE_QUERY and the points limit to DATASOURCE_LIMIT, naming the query', async () => {
    const bad = await setup(() => ({ status: 400, body: fixture('error-bad-promql.json') }));
    const e1 = await bad.source.uptime({ app: 'dice', window }).catch((e: unknown) => e);
    assert.ok(e1 instanceof DatasourceError);
    assert.equal(e1.code, 'DATASOURCE_QUERY');
    assert.equal(e1.query, 'avg(avg_over_time(up{job="dice"}[259199s999ms]))');
    assert.match(e1.message, /rejected avg\(avg_over_time\(up\{job="dice"\}\[259199s999ms\]\)\): bad_data: invalid parameter "query": 1:16: parse error/);
    const many = await setup(() => ({ status: 400, body: fixture('error-too-many-points.json') }));
    const e2 = await many.source.downIntervals({ app: 'dice', window }).catch((e: unknown) => e);
    assert.ok(e2 instanceof DatasourceError);
    assert.equal(e2.code, 'DATASOURCE_LIMIT');
    assert.match(e2.message, /max_over_time.*exceeded maximum resolution of 11,000 points/);
  });

  it('explains answers that are not Prometheus errors', async () => {
    const proxy = await setup(() => ({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } }));
    const e1 = await proxy.source.uptime({ app: 'dice', window }).catch((e: unknown) => e);
    assert.ok(e1 instanceof DatasourceError);
    assert.equal(e1.code, 'DATASOURCE_UNREACHABLE');
    assert.equal(e1.status, 502);
    const limited = await setup(() => ({ status: 429, body: 'slow down', headers: { 'Retry-After': '0' } }));
    const e3 = await limited.source.uptime({ app: 'dice', window }).catch((e: unknown) => e);
    assert.ok(e3 instanceof DatasourceError);
    assert.equal(e3.code, 'DATASOURCE_LIMIT');
    assert.match(e3.hint ?? '', /concurrency/);
    const wrongPath = await setup(() => ({ status: 404, body: '404 page not found' }));
    const e2 = await wrongPath.source.uptime({ app: 'dice', window }).catch((e: unknown) => e);
    assert.ok(e2 instanceof DatasourceError);
    assert.match(e2.message, /has no Prometheus API there/);
  });
});

describe('PrometheusSource answers', { timeout: 60_000 }, () => {
  it('turns down points into intervals', async () => {
    const { source, server } = await setup((c) =>
      c.query === 'max(max_over_time(up{job="dice"}[59s999ms])) == 0' ? ok(matrixBody([{ metric: {}, points: [[from + 2 * MIN, '0'], [from + 3 * MIN, '0'], [from + 5 * MIN, '0']] }])) : undefined,
    );
    assert.deepEqual(await source.downIntervals({ app: 'dice', window }), [
      { start: from + MIN, end: from + 3 * MIN },
      { start: from + 4 * MIN, end: from + 5 * MIN },
    ]);
    assert.deepEqual(server.calls.map((c) => [c.start, c.end, c.step]), [[from + MIN, to, MIN]]);
  });

  it('chunks 30 days of down points into 4 requests and merges across chunk edges', async () => {
    const long = { from, to: from + 30 * DAY, tz: 'UTC' };
    const { source, server } = await setup((c) => ok(matrixBody([{ metric: {}, points: [[c.start!, '0'], [c.end!, '0']] }])));
    const intervals = await source.downIntervals({ app: 'dice', window: long });
    // 43,200 points: chunks start at minute 1, 11001, 22001, 33001 and end at 11000, 22000, 33000, 43200.
    assert.deepEqual(server.calls.map((c) => [(c.start! - from) / MIN, (c.end! - from) / MIN]), [[1, 11000], [11001, 22000], [22001, 33000], [33001, 43200]]);
    assert.deepEqual(
      intervals.map((i) => [(i.start - from) / MIN, (i.end - from) / MIN]),
      [[0, 1], [10999, 11001], [21999, 22001], [32999, 33001], [43199, 43200]],
    );
  });

  it('reads process starts per instance inside the window', async () => {
    const { source } = await setup((c) =>
      c.query === 'max by (instance) (max_over_time(process_start_time_seconds{job="dice"}[59s999ms]))'
        ? ok(matrixBody([
            { metric: { instance: 'dice-1' }, points: [[from + MIN, String((from - 100_000) / 1000)], [from + 90 * MIN, String((from + 3_600_500) / 1000)]] },
            { metric: { instance: 'dice-2' }, points: [[from + 200 * MIN, String((from + 7_200_000) / 1000)]] },
          ]))
        : undefined,
    );
    assert.deepEqual(await source.processStarts({ app: 'dice', window }), [
      { instance: 'dice-1', ts: from + 3_600_500 },
      { instance: 'dice-2', ts: from + 7_200_000 },
    ]);
  });

  it('counts whole requests, 5xx and days (24 h days in one range query)', async () => {
    // increase() answers as Prometheus does, stretched over the range's extra 1 ms (or more).
    const total = 'sum(increase(http_requests_total{job="dice"}[259200s1ms]))';
    const errors = 'sum(increase(http_requests_total{job="dice",code=~"5.."}[259200s1ms]))';
    const daily = 'sum(increase(http_requests_total{job="dice"}[86400s1ms]))';
    const dailyErrors = 'sum(increase(http_requests_total{job="dice",code=~"5.."}[86400s1ms]))';
    const { source, server } = await setup((c) => {
      if (c.query === total) return ok(vectorBody('1234.0000047607', to));
      if (c.query === errors) return ok(vectorBody(undefined));
      if (c.query === daily) return ok(matrixBody([{ metric: {}, points: [[from + DAY, '399.6'], [from + 2 * DAY, '434.49']] }]));
      if (c.query === dailyErrors) return ok(matrixBody([{ metric: {}, points: [[from + 2 * DAY, '5.000001']] }]));
      return undefined;
    });
    assert.deepEqual(await source.requests({ app: 'dice', window }), {
      total: 1234,
      errors: 0,
      daily: [
        { day: from, total: 400, errors: 0 },
        { day: from + DAY, total: 434, errors: 5 },
        { day: from + 2 * DAY, total: 0, errors: 0 },
      ],
    });
    const rangeCall = server.calls.find((c) => c.query === daily);
    assert.deepEqual([rangeCall?.start, rangeCall?.end, rangeCall?.step], [from + DAY, to, DAY]);
  });

  it('asks a 23 h DST day with its own instant query', async () => {
    const berlin = { from: Date.UTC(2026, 2, 25, 23), to: Date.UTC(2026, 2, 31, 22), tz: 'Europe/Berlin' };
    const { source, server } = await setup((c) => {
      if (c.path.endsWith('query_range')) return ok(matrixBody([{ metric: {}, points: [[c.start!, '10'], [c.end!, '20']] }]));
      if (c.query.includes('[82800s1ms]')) return ok(vectorBody('7', c.time));
      return ok(vectorBody('100', c.time));
    });
    const stats = await source.requests({ app: 'dice', window: berlin });
    assert.deepEqual(stats.daily.map((d) => d.total), [10, 0, 20, 7, 10, 20]);
    const dst = server.calls.filter((c) => c.query === 'sum(increase(http_requests_total{job="dice"}[82800s1ms]))');
    assert.deepEqual(dst.map((c) => c.time), [Date.UTC(2026, 2, 29, 22)]);
    const ranges = server.calls.filter((c) => c.query === 'sum(increase(http_requests_total{job="dice"}[86400s1ms]))');
    assert.deepEqual(ranges.map((c) => [c.start, c.end, c.step]).sort(), [
      [Date.UTC(2026, 2, 26, 23), Date.UTC(2026, 2, 28, 23), DAY],
      [Date.UTC(2026, 2, 30, 22), Date.UTC(2026, 2, 31, 22), DAY],
    ]);
  });

  it('reads latency quantiles in ms, null without observations', async () => {
    const { source } = await setup((c) => {
      if (c.query === 'histogram_quantile(0.5, sum by (le) (increase(http_request_duration_seconds_bucket{job="dice"}[259200s1ms])))') return ok(vectorBody('0.125', to));
      if (c.query.startsWith('histogram_quantile(0.95') && c.query.includes('[259200s1ms]')) return ok(vectorBody('NaN', to));
      if (c.path.endsWith('query_range')) return ok(matrixBody([{ metric: {}, points: [[from + DAY, '0.25'], [from + 2 * DAY, 'NaN']] }]));
      return undefined;
    });
    assert.deepEqual(await source.latency({ app: 'dice', window }), {
      p50Ms: 125,
      p95Ms: null,
      daily: [
        { day: from, p95Ms: 250 },
        { day: from + DAY, p95Ms: null },
        { day: from + 2 * DAY, p95Ms: null },
      ],
    });
  });

  it('forms alerts from runs of firing points; one still firing at the end has no end', async () => {
    const { source } = await setup((c) =>
      c.query === 'max by (alertname, severity) (max_over_time(ALERTS{job="dice",alertstate="firing"}[59s999ms]))'
        ? ok(matrixBody([{ metric: { alertname: 'AppDown', severity: 'critical' }, points: [[from + 2 * MIN, '1'], [from + 3 * MIN, '1'], [from + 4 * MIN, '1'], [to - MIN, '1'], [to, '1']] }]))
        : undefined,
    );
    const labels = { alertname: 'AppDown', severity: 'critical' };
    assert.deepEqual(await source.alerts({ app: 'dice', window }), [
      { name: 'AppDown', severity: 'critical', start: from + MIN, end: from + 4 * MIN, labels },
      { name: 'AppDown', severity: 'critical', start: to - 2 * MIN, end: null, labels },
    ]);
  });

  it('uses per-app job and selector overrides, and says when a counter has no series', async () => {
    const apps = [{ id: 'shop', prometheus: { job: 'shop-api', queries: { requests: 'reqs_total{service="shop"}' } } }];
    const { source, server } = await setup(() => ok(vectorBody(undefined)), apps);
    await source.uptime({ app: 'shop', window });
    const error = await source.requests({ app: 'shop', window }).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_QUERY');
    assert.match(error.message, /no reqs_total\{service="shop"\} series for app shop/);
    const sent = new Set(server.calls.map((c) => c.query));
    assert.ok(sent.has('avg(avg_over_time(up{job="shop-api"}[259199s999ms]))'));
    assert.ok(sent.has('sum(increase(reqs_total{service="shop",code=~"5.."}[259200s1ms]))'));
  });

  it('records every query, once, in the run query log', async () => {
    const { source } = await setup((c) => ok(c.path.endsWith('query_range') ? matrixBody([]) : vectorBody('1', c.time)));
    const log = new QueryLog();
    await within(log, 'health', () => source.downIntervals({ app: 'dice', window: { from, to: from + 30 * DAY, tz: 'UTC' } }));
    await within(log, 'uptime', () => source.uptime({ app: 'dice', window }));
    assert.deepEqual(
      log.all().map((r) => [r.datasource, r.datasourceType, r.query, r.usedBy]),
      [
        ['prom', 'prometheus', 'max(max_over_time(up{job="dice"}[59s999ms])) == 0', ['health']],
        ['prom', 'prometheus', 'avg(avg_over_time(up{job="dice"}[259199s999ms]))', ['uptime']],
      ],
    );
  });
});
