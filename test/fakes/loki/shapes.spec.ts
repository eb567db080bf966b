// The fake answers the recorded situations of /work/shared/samples/loki with the same data,
// status codes, headers and error bodies as the real Loki 3.4.6.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { lokiFaults, startFakeLoki, type FakeLogLine, type FakeLoki } from './index.js';
import { call, dataOf, recordedDiceLines, sample, sampleHeaders } from './spec-helpers.js';

const NOW = new Date('2026-11-25T21:40:00Z');
const LAST = 1795642385603590633n; // newest recorded dice line
const D = 86_400_000_000_000n;

const pageLines: FakeLogLine[] = Array.from({ length: 10 }, (_, k) => ({
  tsNs: 1795641888090167425n + BigInt(k) * 1_000_000_000n,
  labels: { app: 'dice-page' },
  line: `line ${String(k).padStart(2, '0')}`,
}));
const cardinality: FakeLogLine[] = Array.from({ length: 600 }, (_, k) => ({
  tsNs: 1795642467194665781n,
  labels: { app: 'cardinality', n: String(k) },
  line: `line ${k}`,
}));
const many: FakeLogLine[] = Array.from({ length: 501 }, (_, k) => ({
  tsNs: 1795600000000000000n + BigInt(k),
  labels: { app: 'many' },
  line: `{"user":"u${k}"}`,
}));

describe('fake Loki answers like the recorded samples', () => {
  let loki: FakeLoki;
  before(async () => {
    loki = await startFakeLoki({ lines: [...recordedDiceLines(), ...pageLines, ...cardinality, ...many], now: () => NOW });
  });
  after(() => loki.stop());

  const range = { start: String(LAST - 20n * D), end: String(LAST + 1n) };

  it('log query, backward and forward (query_range_logs_plain*.json)', async () => {
    const back = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="dice"}', ...range });
    assert.equal(back.status, 200);
    assert.equal(back.headers['content-type'], 'application/json; charset=UTF-8');
    assert.deepEqual(dataOf(back.body), dataOf(sample('query_range_logs_plain.json')));
    const fwd = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="dice"}', ...range, direction: 'forward' });
    assert.deepEqual(dataOf(fwd.body), dataOf(sample('query_range_logs_plain_forward.json')));
  });

  it('json parser turns fields into stream labels (query_range_logs_json.json)', async () => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="dice"} | json', ...range });
    assert.deepEqual(dataOf(r.body), dataOf(sample('query_range_logs_json.json')));
  });

  it('categorize-labels encoding (query_range_logs_json_categorize_labels.json)', async () => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="dice"} | json', ...range }, { headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } });
    assert.deepEqual(dataOf(r.body), dataOf(sample('query_range_logs_json_categorize_labels.json')));
  });

  it('limit 4 backward (query_range_logs_limit4_backward.json)', async () => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="dice-page"}', start: '1795641880', end: '1795641900', limit: '4' });
    assert.deepEqual(dataOf(r.body), dataOf(sample('query_range_logs_limit4_backward.json')));
  });

  it('600 streams sharing one nanosecond, sorted descending (ok_log_query_600_streams.body)', async () => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="cardinality"}', start: '1795640000', end: '1795643000', limit: '1000' });
    assert.deepEqual(dataOf(r.body), dataOf(sample('ok_log_query_600_streams.body')));
    const headers = sampleHeaders('ok_log_query_600_streams.headers');
    assert.equal(r.status, headers.status);
    assert.equal(r.headers['content-type'], headers.headers['content-type']);
  });

  it('metric range and instant queries (query_range_metric_count_over_time.json, query_instant_metric.json)', async () => {
    const m = await call(loki.url, '/loki/api/v1/query_range', { query: 'sum by (app) (count_over_time({app="dice"}[1d]))', start: String(1795651200n - 21n * 86400n), end: '1795642396', step: '1d' });
    assert.deepEqual(dataOf(m.body), dataOf(sample('query_range_metric_count_over_time.json')));
    const v = await call(loki.url, '/loki/api/v1/query', { query: 'sum by (app) (count_over_time({app="dice"}[30d]))', time: '1795642396.298' });
    assert.deepEqual(dataOf(v.body), dataOf(sample('query_instant_metric.json')));
    assert.match(v.body, /"value":\[1795642396\.298,"3"\]/);
  });

  it('stats carry the recorded structure and true counts', async () => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="dice"}', ...range });
    const stats = (JSON.parse(r.body) as { data: { stats: Record<string, Record<string, unknown>> } }).data.stats;
    const recorded = (JSON.parse(sample('query_range_logs_plain.json')) as { data: { stats: Record<string, Record<string, unknown>> } }).data.stats;
    const keys = (o: unknown): unknown => (o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, keys(v)])) : typeof o);
    assert.deepEqual(keys(stats), keys(recorded));
    assert.equal(stats.summary?.totalLinesProcessed, 3);
    assert.equal(stats.summary?.totalEntriesReturned, 3);
    // The recorded values for these three lines: text plus 8 bytes per structured metadata label.
    assert.equal(stats.summary?.totalBytesProcessed, 236);
    assert.equal(stats.summary?.totalStructuredMetadataBytesProcessed, 32);
  });

  it('labels, label values, series, buildinfo, ready', async () => {
    const window = { start: String(LAST - 20n * D), end: String(LAST + 1n), query: '{app="dice"}' };
    const labels = await call(loki.url, '/loki/api/v1/labels', window);
    assert.equal(labels.body, sample('labels.json'));
    const values = await call(loki.url, '/loki/api/v1/label/app/values', window);
    assert.equal(values.body, sample('label_app_values.json'));
    const series = await call(loki.url, '/loki/api/v1/series', { start: window.start, end: window.end, 'match[]': '{app="dice"}' });
    assert.deepEqual(JSON.parse(series.body), JSON.parse(sample('series.json')));
    const build = await call(loki.url, '/loki/api/v1/status/buildinfo');
    assert.equal(build.body, sample('buildinfo.json'));
    const ready = await call(loki.url, '/ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.body, 'ready\n');
  });

  // Each recorded error, provoked again: [sample name, path, params].
  const errors: [string, string, Record<string, string>][] = [
    ['err_bad_logql_instant', '/loki/api/v1/query', { query: '{app="dice"' }],
    ['err_bad_logql_query_range', '/loki/api/v1/query_range', { query: '{app="dice"' }],
    ['err_bad_logql_pipeline', '/loki/api/v1/query_range', { query: '{app="dice"} |json |' }],
    ['err_bad_start_param', '/loki/api/v1/query_range', { query: '{app="dice"}', start: 'notatime' }],
    ['err_empty_matcher', '/loki/api/v1/query_range', { query: '{app=~".*"}' }],
    ['err_end_before_start', '/loki/api/v1/query_range', { query: '{app="dice"}', start: '1795642000', end: '1795641000' }],
    ['err_instant_log_query', '/loki/api/v1/query', { query: '{app="dice"}' }],
    ['err_limit_negative', '/loki/api/v1/query_range', { query: '{app="dice"}', limit: '-5' }],
    ['err_limit_too_large', '/loki/api/v1/query_range', { query: '{app="dice"}', limit: '10000' }],
    ['err_max_query_series_instant', '/loki/api/v1/query', { query: 'sum by (user) (count_over_time({app="many"} | json [1d]))', time: '1795600001' }],
    ['err_max_query_series_range', '/loki/api/v1/query_range', { query: 'sum by (user) (count_over_time({app="many"} | json [1h]))', start: '1795590000', end: '1795610000', step: '1h' }],
    ['err_metric_no_step_too_many_points', '/loki/api/v1/query_range', { query: 'count_over_time({app="dice"}[1d])', start: '1795600000', end: '1795642000', step: '3' }],
    ['err_metric_query_on_log_endpoint_range_missing', '/loki/api/v1/query_range', { query: 'count_over_time({app="dice"})' }],
    ['err_query_length_40d', '/loki/api/v1/query_range', { query: '{app="dice"}', start: String(LAST - 40n * D), end: String(LAST) }],
    ['err_query_length_40d_metric', '/loki/api/v1/query_range', { query: 'count_over_time({app="dice"}[1d])', start: String(LAST - 40n * D), end: String(LAST), step: '1d' }],
  ];
  for (const [name, path, params] of errors) {
    it(`error ${name}: same status, headers and body`, async () => {
      const r = await call(loki.url, path, params);
      const rec = sampleHeaders(`${name}.headers`);
      assert.equal(r.status, rec.status);
      assert.equal(r.body, sample(`${name}.body`));
      assert.equal(r.headers['content-type'], rec.headers['content-type']);
      assert.equal(r.headers['x-content-type-options'], rec.headers['x-content-type-options']);
      assert.equal(r.headers['content-length'], rec.headers['content-length']);
    });
  }

  for (const name of ['err_query_timeout_logs', 'err_query_timeout_metric']) {
    it(`error ${name} through the timeout fault`, async () => {
      loki.setFaults([{ fault: lokiFaults.timeout504() }]);
      const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="dice"}' });
      const rec = sampleHeaders(`${name}.headers`);
      assert.equal(r.status, rec.status);
      assert.equal(r.body, sample(`${name}.body`));
      assert.equal(r.headers['content-type'], rec.headers['content-type']);
      assert.equal(r.headers['content-length'], rec.headers['content-length']);
    });
  }
});

describe('an answer over the gRPC size limit (err_response_too_large_grpc_4mb)', () => {
  it('is a 500 with the recorded wording and the real sizes', async () => {
    const big: FakeLogLine[] = Array.from({ length: 30 }, (_, k) => ({ tsNs: 1795600000000000000n + BigInt(k), labels: { app: 'big' }, line: 'x'.repeat(1000) }));
    const loki = await startFakeLoki({ lines: big, limits: { maxResponseBytes: 20_000 } });
    try {
      const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="big"}', start: '1795599000', end: '1795601000' });
      const rec = sampleHeaders('err_response_too_large_grpc_4mb.headers');
      assert.equal(r.status, rec.status);
      assert.equal(r.headers['content-type'], rec.headers['content-type']);
      const pattern = /^rpc error: code = ResourceExhausted desc = trying to send message larger than max \((\d+) vs\. (\d+)\)$/;
      assert.match(sample('err_response_too_large_grpc_4mb.body'), pattern);
      const m = pattern.exec(r.body);
      assert.ok(m, r.body);
      assert.ok(Number(m[1]) > 30_000);
      assert.equal(m[2], '20000');
      const fits = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="big"}', start: '1795599000', end: '1795601000', limit: '10' });
      assert.equal(fits.status, 200);
    } finally {
      await loki.stop();
    }
  });
});
