/**
 * Frames back to native answers, on the recorded Grafana samples: what Prometheus and Loki
 * themselves would have sent, written out by hand here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpStatusError } from '../../http/types.js';
import { grafanaSample } from '../../../test/fakes/grafana/samples.js';
import { goFloat } from './go-format.js';
import { queryDataResponseSchema, type Frame } from './frame-schema.js';
import { logRows, lokiMetricAnswer, lokiStreamsAnswer } from './loki-answer.js';
import { lokiStats } from './loki-stats.js';
import { nativeFailure } from './native-errors.js';
import { prometheusAnswer } from './prometheus-answer.js';
import { runQuery } from './ds-query.js';

function frames(sample: string, refId: string): Frame[] {
  return queryDataResponseSchema.parse(grafanaSample(sample)).results[refId]?.frames ?? [];
}

const minutes = (values: string[]): [number, string][] => values.map((v, i) => [1773136500 + 60 * i, v]);

describe('native answers from frames', () => {
  it('Prometheus: one frame per series becomes the matrix Prometheus sent', () => {
    assert.deepEqual(prometheusAnswer(frames('ds-query-prometheus-range.response.json', 'A'), 'matrix'), {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { app: 'checkout' }, values: minutes(['12.4', '12.9', '13.1', '12.7', '14.2', '13.8']) },
          { metric: { app: 'payments' }, values: minutes(['4.1', '4', '4.3', '4.4', '4.2', '4.5']) },
        ],
      },
    });
  });

  it('Loki metric: the matrix, and the stats Grafana kept', () => {
    const answer = lokiMetricAnswer(frames('ds-query-loki-metric.response.json', 'B'), 'matrix');
    assert.deepEqual(answer.data.result, [
      { metric: { app: 'checkout' }, values: minutes(['3', '5', '2', '9', '14', '11']) },
      { metric: { app: 'payments' }, values: minutes(['1', '0', '1', '2', '1', '0']) },
    ]);
    assert.deepEqual(answer.data.stats, {
      summary: { bytesProcessedPerSecond: 44018753, linesProcessedPerSecond: 224771, totalBytesProcessed: 1843221, totalLinesProcessed: 9412, execTime: 0.041873, totalEntriesReturned: 2 },
      ingester: { totalReached: 3, totalChunksMatched: 4, totalBatches: 2, totalLinesSent: 9412 },
    });
  });

  it('Loki logs: nanoseconds from tsNs (or Time + nanos), streams by label set, categorised on request', () => {
    const logs = frames('ds-query-loki-logs.response.json', 'C');
    const rows = logRows(logs[0]!);
    assert.deepEqual(rows.map((r) => r.tsNs), [1773136788412934512n, 1773136741077210339n, 1773136655903118020n]);
    // Without the tsNs column, Time (ms) and data.nanos give the same instants.
    const withoutTsNs = structuredClone(logs[0]!);
    withoutTsNs.schema.fields = withoutTsNs.schema.fields.filter((f) => f.name !== 'tsNs');
    withoutTsNs.data.values.splice(3, 1);
    withoutTsNs.data.nanos?.splice(3, 1);
    assert.deepEqual(logRows(withoutTsNs).map((r) => r.tsNs), rows.map((r) => r.tsNs));
    const lines = rows.map((r) => r.line);
    const plain = lokiStreamsAnswer(rows, lokiStats(logs[0], rows.length), false);
    assert.deepEqual(plain.data.result, [
      { stream: { app: 'checkout', detected_level: 'error', env: 'prod', job: 'app-logs' }, values: rows.map((r, i) => [r.tsNs.toString(), lines[i]]) },
    ]);
    const categorized = lokiStreamsAnswer(rows, lokiStats(logs[0], rows.length), true);
    assert.deepEqual(categorized.data, {
      resultType: 'streams',
      encodingFlags: ['categorize-labels'],
      result: [{ stream: { app: 'checkout', env: 'prod', job: 'app-logs' }, values: rows.map((r, i) => [r.tsNs.toString(), lines[i], { structuredMetadata: { detected_level: 'error' } }]) }],
      stats: plain.data.stats,
    });
  });

  it('a failed Prometheus refId becomes Prometheus\' own error answer; other failures stay text', () => {
    const results = queryDataResponseSchema.parse(grafanaSample('ds-query-partial-error.response.json')).results;
    const failure = { ok: false as const, error: results.B?.error ?? '', status: results.B?.status, httpStatus: 400 };
    const error = nativeFailure('grafana', 'prometheus', failure, 'POST /api/v1/query_range');
    assert.equal(error.status, 400);
    assert.deepEqual(JSON.parse(error.body), { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:4: parse error: unclosed left parenthesis' });
    const unreachable = nativeFailure('grafana', 'prometheus', { ok: false, error: 'Post "http://p:9090/api/v1/query": dial tcp: connection refused', status: 502, httpStatus: 400 }, 'POST /api/v1/query');
    assert.equal(unreachable.status, 502);
    assert.equal(unreachable.body, 'Post "http://p:9090/api/v1/query": dial tcp: connection refused');
  });

  it('reads the failure of a refId from a 400 body cut short by the HTTP layer', async () => {
    const body = JSON.stringify(grafanaSample('ds-query-partial-error.response.json')).replace(/^\{"results":\{/, '{"results":{"B":{"error":"bad_data: oops","errorSource":"downstream","status":400,"frames":[]},');
    const cut = body.slice(0, 120);
    const grafana = {
      name: 'grafana',
      baseUrl: 'http://g',
      stats: { requests: 0, retries: 0, cacheHits: 0, bytesReceived: 0 },
      request: () => Promise.reject(new HttpStatusError('grafana', 400, cut, 'POST /api/ds/query')),
      getJson: () => Promise.reject(new HttpStatusError('grafana', 400, cut, 'POST /api/ds/query')),
    };
    const answer = await runQuery(grafana, 'grafana', { uid: 'x', type: 'prometheus' }, { queries: [{ refId: 'B' }], from: '0', to: '1' }, false);
    assert.deepEqual(answer, { ok: false, error: 'bad_data: oops', status: 400, httpStatus: 400 });
  });

  it('writes sample values as Go does', () => {
    assert.deepEqual([12.4, 4, 1e21, 1.5e-7, -0, NaN, Infinity, -Infinity, 0.1 + 0.2].map(goFloat), ['12.4', '4', '1000000000000000000000', '0.00000015', '-0', 'NaN', '+Inf', '-Inf', '0.30000000000000004']);
  });
});
