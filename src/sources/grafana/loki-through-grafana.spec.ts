/**
 * Loki through Grafana: the same requests sent to the fake Loki directly and through the fake
 * Grafana (via createGrafanaDatasourceTransport) give the same answers, including log pages
 * whose bounds fall inside a millisecond and lines sharing one nanosecond; a failing query
 * becomes the HttpStatusError Loki itself would have caused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DatasourceError } from '../../errors.js';
import { createHttpClient } from '../../http/client.js';
import { HttpStatusError, type HttpTransport } from '../../http/types.js';
import { LokiApi } from '../loki/api.js';
import { lokiError } from '../loki/errors.js';
import { readLogs, type LogEntry } from '../loki/paging.js';
import { DAY, LOKI_UID, MINUTE, T0, TOKEN, startGrafanaScenario, type GrafanaScenario } from '../../../test/fakes/grafana/scenario.js';
import { createGrafanaDatasourceTransport } from './datasource-transport.js';

const client = (name: string, url: string, bearer?: string): HttpTransport =>
  createHttpClient({ name, type: name, url, timeoutMs: 10_000, retries: 0, concurrency: 4, ...(bearer ? { auth: { bearer } } : {}) });

interface StreamsBody {
  data: { resultType: string; result: { stream: Record<string, string>; values: [string, string][] }[]; stats: { summary: Record<string, number> } };
}

/** Streams in a canonical order (by label set); Grafana's regrouping may order them differently. */
function canonical(body: StreamsBody): { resultType: string; result: StreamsBody['data']['result'] } {
  const key = (s: { stream: Record<string, string> }): string => JSON.stringify(Object.entries(s.stream).sort());
  return { resultType: body.data.resultType, result: [...body.data.result].sort((a, b) => key(a).localeCompare(key(b))) };
}

describe('Loki through Grafana', () => {
  let scenario: GrafanaScenario;
  let direct: HttpTransport;
  let viaGrafana: HttpTransport;

  before(async () => {
    scenario = await startGrafanaScenario({ prometheus: false });
    direct = client('loki', scenario.loki.url);
    viaGrafana = createGrafanaDatasourceTransport(client('grafana', scenario.grafana.url, TOKEN), { uid: LOKI_UID, type: 'loki' });
  });
  after(() => scenario.stop());

  const both = async (path: string, query: Record<string, string>): Promise<[StreamsBody, StreamsBody]> => {
    const [a, b] = await Promise.all([direct.request({ path, query, noCache: true }), viaGrafana.request({ path, query, noCache: true })]);
    return [JSON.parse(a.body) as StreamsBody, JSON.parse(b.body) as StreamsBody];
  };

  it('answers a log page like Loki: same streams, lines and line count', async () => {
    const query = { query: '{app="checkout"} |= "error"', start: `${T0}000000`, end: `${T0 + DAY}000000`, limit: '50', direction: 'forward' };
    const [native, grafana] = await both('/loki/api/v1/query_range', query);
    assert.equal(native.data.result.flatMap((s) => s.values).length, 40);
    assert.deepEqual(canonical(grafana), canonical(native));
    assert.equal(grafana.data.stats.summary.totalEntriesReturned, 40);
    assert.equal(grafana.data.stats.summary.totalLinesProcessed, native.data.stats.summary.totalLinesProcessed);
  });

  it('keeps Loki nanosecond bounds: start inclusive, end exclusive, inside one millisecond', async () => {
    const milli = BigInt(T0 + 11 * 3_600_000) * 1_000_000n;
    for (const [start, end, direction, lines] of [
      [milli + 150n, milli + 300n, 'forward', 1],
      [milli + 100n, milli + 1_000_000n, 'backward', 3],
      [milli + 200n, milli + 201n, 'forward', 1],
    ] as const) {
      const query = { query: '{app="checkout"}', start: String(start), end: String(end), limit: '10', direction };
      const [native, grafana] = await both('/loki/api/v1/query_range', query);
      assert.equal(native.data.result.flatMap((s) => s.values).length, lines);
      assert.deepEqual(canonical(grafana), canonical(native), `${start}..${end} ${direction}`);
    }
  });

  it('fills a page cut short by lines before the start in the same millisecond', async () => {
    const milli = BigInt(T0 + 11 * 3_600_000) * 1_000_000n;
    const query = { query: '{app="checkout"}', start: String(milli + 150n), end: `${T0 + DAY}000000`, limit: '3', direction: 'forward' };
    const sent = (): number => scenario.grafana.requests.filter((r) => r.path === '/api/ds/query').length;
    const before = sent();
    const [native, grafana] = await both('/loki/api/v1/query_range', query);
    assert.equal(native.data.result.flatMap((s) => s.values).length, 3);
    assert.deepEqual(canonical(grafana), canonical(native));
    // Widened to the millisecond, the first answer held the line at +100 ns: a second request filled the page.
    assert.equal(sent() - before, 2);
  });

  it('pages through lines sharing one nanosecond exactly as over Loki directly (the Loki source\'s pager)', async () => {
    const read = async (http: HttpTransport): Promise<LogEntry[]> => {
      const entries: LogEntry[] = [];
      const window = { from: T0 + 9 * 3_600_000, to: T0 + 12 * 3_600_000 };
      // Pages within one hour each: Loki's merge of split pages, which can leave lines out
      // (test/fakes/loki/split-merge.spec.ts), is not what this checks.
      await readLogs(new LokiApi(http, http.name), '{app="checkout"}', window, { pageSize: 6, intervalMs: 3_600_000 }, { requests: 0 }, (e) => entries.push(e));
      return entries;
    };
    const [native, grafana] = await Promise.all([read(direct), read(viaGrafana)]);
    assert.equal(native.filter((e) => e.line.includes('tie')).length, 5);
    assert.equal(native.length, 25 + 5 + 3);
    assert.deepEqual(grafana, native);
  });

  it('answers metric queries (range and instant) with Loki\'s matrix and vector', async () => {
    const expr = 'sum by (app) (count_over_time({env="prod"} |= "error" [1h]))';
    const range = { query: expr, start: `${T0 + 3_600_000}000000`, end: `${T0 + DAY}000000`, step: '3600' };
    const [nativeRange, grafanaRange] = await both('/loki/api/v1/query_range', range);
    assert.equal(nativeRange.data.resultType, 'matrix');
    assert.equal(nativeRange.data.result.length, 2);
    assert.deepEqual(grafanaRange.data.result, nativeRange.data.result);
    const instant = { query: 'sum(count_over_time({app="payments"}[1d]))', time: `${T0 + DAY}000000` };
    const [nativeInstant, grafanaInstant] = await both('/loki/api/v1/query', instant);
    assert.equal(nativeInstant.data.resultType, 'vector');
    assert.deepEqual(grafanaInstant.data, { ...nativeInstant.data, stats: grafanaInstant.data.stats });
    assert.deepEqual(grafanaInstant.data.result, [{ metric: {}, value: [(T0 + DAY) / 1000, '200'] }]);
  });

  it('turns a failing refId into the HttpStatusError Loki would give, so the Loki source maps it the same way', async () => {
    const query = { query: '{app="checkout"', start: `${T0}000000`, end: `${T0 + MINUTE}000000`, limit: '10' };
    const failures = await Promise.all(
      [direct, viaGrafana].map((http) => http.request({ path: '/loki/api/v1/query_range', query }).then(() => assert.fail('no error'), (e: unknown) => e)),
    );
    const [native, grafana] = failures;
    assert.ok(native instanceof HttpStatusError && grafana instanceof HttpStatusError);
    assert.equal(grafana.status, 400);
    assert.equal(grafana.body.trim(), native.body.trim());
    assert.match(grafana.body, /^parse error at line 1, col \d+: syntax error/);
    const [a, b] = [lokiError(native, 'loki', query.query), lokiError(grafana, 'loki', query.query)];
    assert.ok(a instanceof DatasourceError && b instanceof DatasourceError);
    assert.equal(b.code, 'DATASOURCE_QUERY');
    // The same message, but for where Loki is: asked directly, its base URL; through Grafana,
    // the name of Grafana's datasource alone.
    assert.match(a.message, / at http:\/\/127\.0\.0\.1:\d+\) refused the query/);
    assert.equal(b.message, a.message.replace(/ at http:\/\/127\.0\.0\.1:\d+\)/, ')'));
  });

  it('passes label values through Grafana\'s resource proxy', async () => {
    const req = { path: '/loki/api/v1/label/app/values', query: { start: `${T0}000000`, end: `${T0 + DAY}000000` } };
    const [a, b] = await Promise.all([direct.request(req), viaGrafana.request(req)]);
    assert.deepEqual(JSON.parse(b.body), { status: 'success', data: ['checkout', 'payments'] });
    assert.deepEqual(JSON.parse(b.body), JSON.parse(a.body));
  });
});
