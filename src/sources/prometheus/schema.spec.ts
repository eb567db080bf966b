import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildInfoSchema, errorResponseSchema, labelValuesSchema, parseSampleValue, queryResponseSchema, seriesSchema } from './schema.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));

describe('response schemas (recorded Prometheus 2.42 answers)', () => {
  it('reads a vector with its sample as ms and number', () => {
    assert.deepEqual(queryResponseSchema.parse(fixture('query-vector.json')), {
      resultType: 'vector',
      series: [{ labels: { instance: 'dice:8080', job: 'dice' }, samples: [{ t: 1795641981472, v: 0.9805546553081218 }] }],
    });
  });

  it('reads a matrix, an empty vector and a scalar', () => {
    const matrix = queryResponseSchema.parse(fixture('query_range-matrix.json'));
    assert.ok(matrix.resultType === 'matrix');
    assert.equal(matrix.series[0]!.samples.length, 8);
    assert.deepEqual(matrix.series[0]!.samples[0], { t: 1795037181000, v: 0.9583333333333334 });
    assert.deepEqual(queryResponseSchema.parse(fixture('query-empty.json')), { resultType: 'vector', series: [] });
    assert.deepEqual(queryResponseSchema.parse(fixture('query-scalar.json')), { resultType: 'scalar', series: [{ labels: {}, samples: [{ t: 1795641981506, v: 2 }] }] });
  });

  it('keeps NaN and infinities, and rejects values that are not numbers', () => {
    assert.deepEqual(['NaN', '+Inf', '-Inf', '1e3', '-0.5'].map(parseSampleValue), [NaN, Infinity, -Infinity, 1000, -0.5]);
    const body = (v: string) => ({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, v] }] } });
    const parsed = queryResponseSchema.parse(body('+Inf'));
    assert.ok(parsed.resultType !== 'string');
    assert.equal(parsed.series[0]!.samples[0]!.v, Infinity);
    assert.equal(queryResponseSchema.safeParse(body('lots')).success, false);
    assert.equal(queryResponseSchema.safeParse(fixture('error-bad-promql.json')).success, false);
  });

  it('reads the error envelope, build info, label values and series', () => {
    assert.deepEqual(errorResponseSchema.parse(fixture('error-too-many-points.json')).errorType, 'bad_data');
    assert.equal(buildInfoSchema.parse(fixture('buildinfo.json')).version, '2.42.0+ds');
    assert.deepEqual(labelValuesSchema.parse(fixture('label-values.json')), ['dice']);
    assert.deepEqual(seriesSchema.parse(fixture('series.json')), [{ __name__: 'up', instance: 'dice:8080', job: 'dice' }]);
  });
});
