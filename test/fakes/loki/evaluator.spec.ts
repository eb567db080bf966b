// LogQL evaluation on a small data set whose answers are computed by hand in the comments.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLoki, type FakeLogLine, type FakeLoki } from './index.js';
import { call, ns } from './spec-helpers.js';

const shop = (iso: string, line: string): FakeLogLine => ({ tsNs: ns(iso), labels: { app: 'shop' }, line });
const LINES: FakeLogLine[] = [
  shop('2026-03-01T23:59:59.999Z', '{"user":"a","event":"view","level":"info"}'), // L1 (ms precision is enough: 1 ms before midnight)
  shop('2026-03-02T00:00:00Z', '{"user":"b","event":"view","level":"info"}'), // L2, exactly on midnight
  { ...shop('2026-03-02T00:00:00Z', '{"user":"a","event":"error","level":"error"}'), tsNs: ns('2026-03-02T00:00:00Z') + 1n }, // L3, 1 ns after
  shop('2026-03-02T12:00:00Z', '{"user":"a","event":"session_end","duration_ms":100,"level":"info"}'), // L4
  shop('2026-03-02T13:00:00Z', '{"user":"b","event":"session_end","duration_ms":300,"level":"info"}'), // L5
  shop('2026-03-02T14:00:00Z', '{"user":"c","event":"session_end","duration_ms":200,"level":"info"}'), // L6
  shop('2026-03-02T15:00:00Z', '{"user":"c","event":"session_end","duration_ms":400,"level":"info"}'), // L7
  shop('2026-03-03T10:00:00Z', 'not json at all'), // L8
  { tsNs: ns('2026-03-02T09:00:00Z'), labels: { app: 'wiki' }, line: 'level=info user=a page=home' },
  { tsNs: ns('2026-03-02T10:00:00Z'), labels: { app: 'wiki' }, line: 'level=warn user=b page="the faq"' },
];
const sec = (iso: string): string => String(Date.parse(iso) / 1000);

interface Vec {
  metric: Record<string, string>;
  value: [number, string];
}
interface Mat {
  metric: Record<string, string>;
  values: [number, string][];
}

describe('LogQL evaluation (hand-computed)', () => {
  let loki: FakeLoki;
  before(async () => {
    loki = await startFakeLoki({ lines: LINES });
  });
  after(() => loki.stop());

  const instant = async (query: string, time: string): Promise<Vec[]> => {
    const r = await call(loki.url, '/loki/api/v1/query', { query, time: sec(time) });
    assert.equal(r.status, 200, r.body);
    return (JSON.parse(r.body) as { data: { result: Vec[] } }).data.result;
  };
  const range = async (query: string, start: string, end: string, step: string): Promise<Mat[]> => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query, start: sec(start), end: sec(end), step });
    assert.equal(r.status, 200, r.body);
    return (JSON.parse(r.body) as { data: { result: Mat[] } }).data.result;
  };

  it('count_over_time windows are (t - 1d, t]: a line exactly at midnight counts for the day ending there', async () => {
    const m = await range('sum(count_over_time({app="shop"}[1d]))', '2026-03-01T00:00:00Z', '2026-03-04T00:00:00Z', '1d');
    // t=03-02: L1 and L2 (at t); t=03-03: L3..L7; t=03-04: L8. Nothing in (02-28, 03-01].
    const day = (iso: string): number => Date.parse(iso) / 1000;
    assert.deepEqual(m, [{ metric: {}, values: [[day('2026-03-02T00:00:00Z'), '2'], [day('2026-03-03T00:00:00Z'), '5'], [day('2026-03-04T00:00:00Z'), '1']] }]);
  });

  it('steps are aligned to multiples of the step since the epoch', async () => {
    // start 07:00 and end 03-03T05:00 are rounded to 03-02T00:00 and 03-04T00:00.
    const m = await range('sum(count_over_time({app="shop"}[1d]))', '2026-03-02T07:00:00Z', '2026-03-03T05:00:00Z', '1d');
    assert.deepEqual(m[0]?.values.map((v) => v[0]), [Date.parse('2026-03-02T00:00:00Z') / 1000, Date.parse('2026-03-03T00:00:00Z') / 1000, Date.parse('2026-03-04T00:00:00Z') / 1000]);
  });

  it('sum by (user) with json, error filter and empty-user filter', async () => {
    const m = await range('sum by (user) (count_over_time({app="shop"} | json user="user" | __error__="" | user!="" [1d]))', '2026-03-02T00:00:00Z', '2026-03-04T00:00:00Z', '1d');
    const t2 = Date.parse('2026-03-02T00:00:00Z') / 1000;
    const t3 = t2 + 86400;
    // 03-02: a (L1), b (L2); 03-03: a (L3, L4), b (L5), c (L6, L7); 03-04: L8 is not JSON and dropped.
    assert.deepEqual(m, [
      { metric: { user: 'a' }, values: [[t2, '1'], [t3, '2']] },
      { metric: { user: 'b' }, values: [[t2, '1'], [t3, '1']] },
      { metric: { user: 'c' }, values: [[t3, '2']] },
    ]);
  });

  it('count(sum by (user) (...)) counts distinct users', async () => {
    const v = await instant('count(sum by (user) (count_over_time({app="shop"} | json user="user" | __error__="" | user!="" [3d])))', '2026-03-04T00:00:00Z');
    assert.deepEqual(v.map((s) => s.value[1]), ['3']); // a, b, c
  });

  it('unwrap + quantile_over_time interpolates linearly', async () => {
    const q = (p: number): string => `quantile_over_time(${p}, {app="shop"} | json | __error__="" | event="session_end" | unwrap duration_ms [1d]) by (event)`;
    // durations 100, 300, 200, 400 -> sorted 100 200 300 400; rank 0.5*3 = 1.5 -> 250; 0.9*3 = 2.7 -> 300*0.3 + 400*0.7 = 370.
    assert.deepEqual(await instant(q(0.5), '2026-03-03T00:00:00Z'), [{ metric: { event: 'session_end' }, value: [Date.parse('2026-03-03T00:00:00Z') / 1000, '250'] }]);
    assert.equal((await instant(q(0.9), '2026-03-03T00:00:00Z'))[0]?.value[1], '370');
    // sum_over_time: 100 + 300 + 200 + 400
    assert.equal((await instant('sum(sum_over_time({app="shop"} | json | __error__="" | unwrap duration_ms [1d]))', '2026-03-03T00:00:00Z'))[0]?.value[1], '1000');
  });

  it('offset shifts the window back', async () => {
    // at 03-04 with offset 1d: window (03-02, 03-03] -> L3..L7.
    assert.equal((await instant('sum(count_over_time({app="shop"}[1d] offset 1d))', '2026-03-04T00:00:00Z'))[0]?.value[1], '5');
  });

  it('unless removes series present on the right', async () => {
    const q = 'sum by (user) (count_over_time({app="shop"} | json user="user" | __error__="" [2d])) unless sum by (user) (count_over_time({app="shop"} | json user="user", event="event" | __error__="" | event="error" [2d]))';
    // window (03-01, 03-03]: a 3, b 2, c 2; a has an error line -> b and c remain.
    const v = await instant(q, '2026-03-03T00:00:00Z');
    assert.deepEqual(v.map((s) => [s.metric.user, s.value[1]]), [['b', '2'], ['c', '2']]);
  });

  it('line filters, regex filters and arithmetic', async () => {
    const t = '2026-03-04T00:00:00Z';
    assert.equal((await instant('sum(count_over_time({app="shop"} |= "session_end" != "400" [3d]))', t))[0]?.value[1], '3'); // L4 L5 L6
    assert.equal((await instant('sum(count_over_time({app="shop"} |~ "user\\":\\"[ab]" [3d]))', t))[0]?.value[1], '5'); // L1..L5
    assert.equal((await instant('sum(count_over_time({app="shop"}[3d])) * 2', t))[0]?.value[1], '16');
    const filtered = await instant('sum by (user) (count_over_time({app="shop"} | json user="user" | __error__="" [3d])) > 2', t);
    assert.deepEqual(filtered.map((s) => [s.metric.user, s.value[1]]), [['a', '3']]);
    const asBool = await instant('sum by (user) (count_over_time({app="shop"} | json user="user" | __error__="" [3d])) > bool 2', t);
    assert.deepEqual(asBool.map((s) => s.value[1]), ['1', '0', '0']);
    // rate: 5 lines in a day / 86400 s
    assert.equal((await instant('sum(rate({app="shop"}[1d]))', '2026-03-03T00:00:00Z'))[0]?.value[1], String(5 / 86400));
  });

  it('json makes every field a label; non-JSON lines get __error__', async () => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="shop"} | json | level="error"', start: sec('2026-03-01T00:00:00Z'), end: sec('2026-03-04T00:00:00Z') });
    const data = JSON.parse(r.body) as { data: { result: { stream: Record<string, string> }[] } };
    assert.deepEqual(data.data.result.map((s) => s.stream), [{ app: 'shop', detected_level: 'error', event: 'error', level: 'error', service_name: 'shop', user: 'a' }]);
    const bad = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="shop"} | json | __error__!=""', start: sec('2026-03-01T00:00:00Z'), end: sec('2026-03-04T00:00:00Z') });
    const streams = (JSON.parse(bad.body) as { data: { result: { stream: Record<string, string> }[] } }).data.result;
    assert.equal(streams.length, 1);
    assert.equal(streams[0]?.stream.__error__, 'JSONParserErr');
    assert.equal(streams[0]?.stream.detected_level, 'unknown');
    // and a metric query meeting that line fails with Loki's pipeline error
    const failing = await call(loki.url, '/loki/api/v1/query', { query: 'sum by (user) (count_over_time({app="shop"} | json [3d]))', time: sec('2026-03-04T00:00:00Z') });
    assert.equal(failing.status, 400);
    assert.match(failing.body, /^pipeline error: 'JSONParserErr' for series: '\{__error__="JSONParserErr", __error_details__="Value looks like object, but can't find closing '\}' symbol", app="shop"/);
  });

  it('logfmt parses quoted values and numeric filters', async () => {
    const r = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="wiki"} | logfmt | page="the faq"', start: sec('2026-03-02T00:00:00Z'), end: sec('2026-03-03T00:00:00Z') });
    const streams = (JSON.parse(r.body) as { data: { result: { stream: Record<string, string> }[] } }).data.result;
    assert.deepEqual(streams.map((s) => s.stream), [{ app: 'wiki', detected_level: 'warn', level: 'warn', page: 'the faq', service_name: 'wiki', user: 'b' }]);
    const v = await instant('sum by (level) (count_over_time({app="wiki"} | logfmt [1d]))', '2026-03-03T00:00:00Z');
    assert.deepEqual(v.map((s) => [s.metric.level, s.value[1]]), [['info', '1'], ['warn', '1']]);
    // a non-numeric value in a numeric filter keeps the line with __error__ (LabelFilterErr)
    const e = await call(loki.url, '/loki/api/v1/query_range', { query: '{app="wiki"} | logfmt | page > 3', start: sec('2026-03-02T00:00:00Z'), end: sec('2026-03-03T00:00:00Z') });
    const errs = (JSON.parse(e.body) as { data: { result: { stream: Record<string, string> }[] } }).data.result.map((s) => s.stream.__error__);
    assert.deepEqual(errs, ['LabelFilterErr', 'LabelFilterErr']);
  });
});
