/**
 * The fake's conversion against the recorded Grafana answers: for each sample request, the
 * backend calls it plans, and, fed the backend answer the sample's frames were made from
 * (rebuilt here by hand), frames that deep-equal the sample. Nothing in these samples depends on
 * the time of day: the ranges are fixed, and Loki's timing figures (exec time, rates) are part
 * of the rebuilt backend answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dsQueryReply } from './ds-query.js';
import { fnv32, goDuration, goJsonLabels } from './go.js';
import { lokiResult, planLoki } from './loki-frames.js';
import { planPrometheus, prometheusResult } from './prometheus-frames.js';
import { grafanaSample } from './samples.js';

interface SampleRequest {
  queries: Record<string, unknown>[];
  from: string;
  to: string;
}

const request = (name: string): SampleRequest => grafanaSample(name) as SampleRequest;
const range = (r: SampleRequest): { fromMs: number; toMs: number } => ({ fromMs: Number(r.from), toMs: Number(r.to) });
const datasources = grafanaSample('datasources.json') as { type: string; jsonData: Record<string, unknown> }[];
const jsonData = (type: string): Record<string, unknown> => datasources.find((d) => d.type === type)?.jsonData ?? {};

const matrix = (series: { metric: Record<string, string>; values: [number, string][] }[]): string =>
  JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: series } });

const minutes = (values: string[]): [number, string][] => values.map((v, i) => [1773136500 + 60 * i, v]);

describe('fake Grafana: Prometheus frames', () => {
  it('plans the range query Grafana sends for the sample and rebuilds its frames', () => {
    const req = request('ds-query-prometheus-range.request.json');
    const q = req.queries[0]!;
    const plan = planPrometheus(q, range(req), jsonData('prometheus'));
    assert.deepEqual(plan.calls, [
      {
        kind: 'range',
        call: { method: 'POST', path: '/api/v1/query_range', params: { query: q.expr, start: '1773136500', end: '1773136800', step: '60' } },
      },
    ]);
    const answer = matrix([
      { metric: { app: 'checkout' }, values: minutes(['12.4', '12.9', '13.1', '12.7', '14.2', '13.8']) },
      { metric: { app: 'payments' }, values: minutes(['4.1', '4', '4.3', '4.4', '4.2', '4.5']) },
    ]);
    const reply = dsQueryReply({ A: prometheusResult(plan, [{ status: 200, body: answer }]) });
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.body), grafanaSample('ds-query-prometheus-range.response.json'));
  });

  it('answers 400 with the good refId intact when one refId has bad PromQL', () => {
    const req = request('ds-query-partial-error.request.json');
    const [a, b] = req.queries.map((q) => planPrometheus(q, range(req), jsonData('prometheus')));
    const good = matrix([
      { metric: { app: 'checkout' }, values: minutes(['12.4', '12.9', '13.1', '12.7', '14.2', '13.8']) },
      { metric: { app: 'payments' }, values: minutes(['4.1', '4', '4.3', '4.4', '4.2', '4.5']) },
    ]);
    const bad = JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:4: parse error: unclosed left parenthesis' });
    const reply = dsQueryReply({ B: prometheusResult(b!, [{ status: 400, body: bad }]), A: prometheusResult(a!, [{ status: 200, body: good }]) });
    assert.equal(reply.status, 400);
    assert.deepEqual(JSON.parse(reply.body), grafanaSample('ds-query-partial-error.response.json'));
  });

  it('writes NaN and +Inf as null with entities, and names the value field after __name__', () => {
    const plan = planPrometheus({ refId: 'A', expr: 'up', instant: true, intervalMs: 15000 }, { fromMs: 0, toMs: 60000 }, {});
    assert.equal(plan.calls[0]?.call.params.time, '60');
    const vector = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'x' }, value: [60, 'NaN'] }, { metric: {}, value: [60, '+Inf'] }] } });
    const result = prometheusResult(plan, [{ status: 200, body: vector }]) as { frames: { schema: { fields: { name: string }[] }; data: unknown }[] };
    assert.equal(result.frames[0]?.schema.fields[1]?.name, 'up');
    assert.deepEqual(result.frames[0]?.data, { values: [[60000], [null]], entities: [null, { NaN: [0] }] });
    assert.deepEqual(result.frames[1]?.data, { values: [[60000], [null]], entities: [null, { Inf: [0] }] });
  });
});

describe('fake Grafana: Loki frames', () => {
  const stats = (summary: Record<string, number>, ingester: Record<string, number>): Record<string, unknown> => ({
    summary: { ...summary, queueTime: 0.01, subqueries: 0, splits: 1, shards: 1, totalPostFilterLines: summary.totalLinesProcessed },
    querier: { store: { totalChunksRef: 0, chunk: { headChunkBytes: 0 } } },
    ingester: { ...ingester, store: { totalChunksRef: 0, chunk: { headChunkBytes: 1234, headChunkLines: 7 } } },
    cache: { chunk: { entriesFound: 0 } },
    index: { totalChunks: 0 },
  });

  it('plans the metric query with its explicit step and rebuilds the sample frames', () => {
    const req = request('ds-query-loki-metric.request.json');
    const q = req.queries[0]!;
    const plan = planLoki(q, range(req));
    assert.deepEqual(plan.call, {
      method: 'GET',
      path: '/loki/api/v1/query_range',
      params: { query: q.expr, direction: 'backward', start: '1773136500000000000', end: '1773136800000000000', step: '60000ms' },
      headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
    });
    const answer = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { app: 'checkout' }, values: minutes(['3', '5', '2', '9', '14', '11']) },
          { metric: { app: 'payments' }, values: minutes(['1', '0', '1', '2', '1', '0']) },
        ],
        stats: stats(
          { bytesProcessedPerSecond: 44018753, linesProcessedPerSecond: 224771, totalBytesProcessed: 1843221, totalLinesProcessed: 9412, execTime: 0.041873, totalEntriesReturned: 2 },
          { totalReached: 3, totalChunksMatched: 4, totalBatches: 2, totalLinesSent: 9412 },
        ),
      },
    };
    const reply = dsQueryReply({ B: lokiResult(plan, { status: 200, body: JSON.stringify(answer) }) });
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.body), grafanaSample('ds-query-loki-metric.response.json'));
  });

  it('plans the log query (limit from maxLines, step from the interval) and rebuilds the logs frame', () => {
    const req = request('ds-query-loki-logs.request.json');
    const q = req.queries[0]!;
    const plan = planLoki(q, range(req));
    assert.deepEqual(plan.call.params, { query: q.expr, direction: 'backward', limit: '100', start: '1773136500000000000', end: '1773136800000000000', step: '1000ms' });
    const sm = { structuredMetadata: { detected_level: 'error' } };
    const answer = {
      status: 'success',
      data: {
        resultType: 'streams',
        encodingFlags: ['categorize-labels'],
        result: [
          {
            stream: { app: 'checkout', env: 'prod', job: 'app-logs' },
            values: [
              ['1773136788412934512', 'level=error msg="payment provider timeout" order_id=88231 duration=30.002s', sm],
              ['1773136741077210339', 'level=error msg="payment provider timeout" order_id=88190 duration=30.001s', sm],
              ['1773136655903118020', 'level=error msg="cart service returned 503" upstream=cart attempt=3', sm],
            ],
          },
        ],
        stats: stats(
          { bytesProcessedPerSecond: 3916727, linesProcessedPerSecond: 102364, totalBytesProcessed: 48211, totalLinesProcessed: 1260, execTime: 0.012309, totalEntriesReturned: 3 },
          { totalReached: 1, totalChunksMatched: 4, totalBatches: 2, totalLinesSent: 1260 },
        ),
      },
    };
    const reply = dsQueryReply({ C: lokiResult(plan, { status: 200, body: JSON.stringify(answer) }) });
    assert.deepEqual(JSON.parse(reply.body), grafanaSample('ds-query-loki-logs.response.json'));
  });

  it('reports a Loki refusal as Grafana does: Loki text, status 500, source downstream, no frames', () => {
    const plan = planLoki({ refId: 'A', expr: '{app=', queryType: 'range' }, { fromMs: 0, toMs: 1000 });
    const text = 'parse error at line 1, col 6: syntax error: unexpected $end';
    assert.deepEqual(lokiResult(plan, { status: 400, body: text }), { error: text, errorSource: 'downstream', status: 500 });
  });
});

describe('fake Grafana: Go behaviours', () => {
  it('formats durations like Go', () => {
    assert.deepEqual([60_000, 3_600_000, 86_400_000, 500, 1500, 90_000, 0].map(goDuration), ['1m0s', '1h0m0s', '24h0m0s', '500ms', '1.5s', '1m30s', '0s']);
  });

  it('hashes line ids with FNV-1 32 over line + "_" + labels JSON (the sample ids)', () => {
    const labels = goJsonLabels({ job: 'app-logs', env: 'prod', detected_level: 'error', app: 'checkout' });
    assert.equal(labels, '{"app":"checkout","detected_level":"error","env":"prod","job":"app-logs"}');
    assert.equal(fnv32(`level=error msg="cart service returned 503" upstream=cart attempt=3_${labels}`).toString(16), '1ae0204e');
    assert.equal(goJsonLabels({ a: '<&>' }), '{"a":"\\u003c\\u0026\\u003e"}');
  });
});
