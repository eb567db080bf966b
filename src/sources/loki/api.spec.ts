import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { DatasourceError } from '../../errors.js';
import { createHttpClient } from '../../http/client.js';
import { HttpStatusError } from '../../http/types.js';
import type { TestServer } from '../../http/test-server.js';
import { LokiApi } from './api.js';
import { lokiBuildInfo, lokiLabelValues } from './doctor.js';
import { isSeriesLimit } from './errors.js';
import { queryResponseSchema } from './schema.js';
import { startMiniLoki } from './testing/mini-loki.js';

const fixture = (name: string): string => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const statuses = new Map(
  fixture('err_status.txt')
    .trim()
    .split('\n')
    .map((l) => l.split(' ') as [string, string]),
);

let server: TestServer;
let api: LokiApi;
before(async () => {
  server = await startMiniLoki({
    metric: (req) => {
      const name = req.query.get('query') ?? '';
      if (name.startsWith('err_')) return { status: Number(statuses.get(name)), body: fixture(`${name}.body`) };
      return { status: 200, body: fixture(name) };
    },
  });
  const http = createHttpClient({ name: 'loki', type: 'loki', url: server.url, timeoutMs: 5000, retries: 0, concurrency: 2 });
  api = new LokiApi(http, 'loki');
});
after(() => server.close());

describe('response schema', () => {
  it('reads vectors, matrices and streams of the recorded samples', () => {
    const vector = queryResponseSchema.parse(JSON.parse(fixture('query_instant_metric.json')));
    assert.equal(vector.data.resultType, 'vector');
    assert.deepEqual(vector.data.resultType === 'vector' && vector.data.result[0], { metric: { app: 'dice' }, value: { ms: 1795642396298, value: 3 } });
    const matrix = queryResponseSchema.parse(JSON.parse(fixture('query_range_metric_count_over_time.json')));
    assert.deepEqual(matrix.data.resultType === 'matrix' && matrix.data.result[0]!.values.map((p) => p.ms), [1794787200000, 1795564800000, 1795651200000]);
    for (const name of ['query_range_logs_json.json', 'query_range_logs_json_categorize_labels.json']) {
      const streams = queryResponseSchema.parse(JSON.parse(fixture(name)));
      assert.equal(streams.data.resultType, 'streams');
      const lines = streams.data.resultType === 'streams' ? streams.data.result.flatMap((s) => s.values.map((v) => v.tsNs)) : [];
      assert.deepEqual(lines.sort(), [1794778385603590633n, 1795555985603590633n, 1795642385603590633n]);
    }
  });

  it('reads NaN and infinities, and refuses a wrong shape', () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '+Inf'] }, { metric: {}, value: [1, 'NaN'] }] } };
    const parsed = queryResponseSchema.parse(body);
    assert.deepEqual(parsed.data.resultType === 'vector' && parsed.data.result.map((s) => s.value.value), [Infinity, NaN]);
    assert.equal(queryResponseSchema.safeParse({ status: 'success', data: { resultType: 'streams', result: [{ stream: {}, values: [[1, 'x']] }] } }).success, false);
  });

  it('sums the work Loki reports', async () => {
    const before = api.work.bytesProcessed;
    await api.instant('query_instant_metric.json', 1n, { requests: 0 });
    assert.equal(api.work.bytesProcessed - before, 236);
  });
});

describe('Loki errors', () => {
  const cases: [string, string, RegExp][] = [
    ['err_bad_logql_query_range', 'DATASOURCE_QUERY', /parse error/],
    ['err_bad_logql_pipeline', 'DATASOURCE_QUERY', /parse error/],
    ['err_empty_matcher', 'DATASOURCE_QUERY', /parse error/],
    ['err_end_before_start', 'DATASOURCE_QUERY', /HTTP 400/],
    ['err_limit_too_large', 'DATASOURCE_LIMIT', /max_entries_limit_per_query/],
    ['err_query_length_40d', 'DATASOURCE_LIMIT', /max_query_length/],
    ['err_metric_no_step_too_many_points', 'DATASOURCE_LIMIT', /11,000 points/],
    ['err_response_too_large_grpc_4mb', 'DATASOURCE_LIMIT', /response-size/],
    ['err_query_timeout_metric', 'DATASOURCE_LIMIT', /query_timeout/],
  ];
  for (const [sample, code, message] of cases) {
    it(`${sample} becomes ${code} naming the query`, async () => {
      await assert.rejects(api.instant(sample, 5n, { requests: 0 }), (error: unknown) => {
        assert.ok(error instanceof DatasourceError, String(error));
        assert.equal(error.code, code);
        assert.match(error.message, message);
        assert.match(error.query ?? '', new RegExp(`^${sample} \\(time=5\\)$`));
        assert.ok((error.hint ?? '').length > 10);
        return true;
      });
    });
  }

  it('passes the series limit through untouched, for sharding to act on', async () => {
    await assert.rejects(api.range('err_max_query_series_range', 0n, 10n, 1000, { requests: 0 }), (error: unknown) => {
      assert.ok(error instanceof HttpStatusError);
      assert.ok(isSeriesLimit(error));
      return true;
    });
  });
});

describe('doctor helpers', () => {
  it('reads the build info and label values', async () => {
    const doctorServer = await startMiniLoki({
      metric: (req) =>
        req.path.endsWith('/buildinfo')
          ? { status: 200, body: fixture('buildinfo.json') }
          : req.path === '/loki/api/v1/label/app/values'
            ? { status: 200, body: fixture('label_app_values.json') }
            : { status: 404, body: '404 page not found\n' },
    });
    try {
      const http = createHttpClient({ name: 'loki', type: 'loki', url: doctorServer.url, timeoutMs: 5000, retries: 0, concurrency: 2 });
      assert.deepEqual(await lokiBuildInfo(http), { version: '3.4.6', revision: '2b7b94ffbf', branch: 'v3.4.6' });
      assert.deepEqual(await lokiLabelValues(http, 'app'), ['dice']);
      await assert.rejects(lokiLabelValues(http, 'env'), (error: unknown) => error instanceof DatasourceError && /base URL/.test(error.hint ?? ''));
    } finally {
      await doctorServer.close();
    }
  });
});
