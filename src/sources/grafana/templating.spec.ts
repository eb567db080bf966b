import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolate, resolveVariables, timeVariables, type VariableValue } from './templating.js';
import { nativeQuery } from './native-request.js';
import { HttpStatusError } from '../../http/types.js';

describe('dashboard variables', () => {
  const vars = new Map<string, VariableValue>([
    ['env', { kind: 'values', values: ["pr'od"], multi: false }],
    ['app', { kind: 'values', values: ['a.b', 'c'], multi: true }],
    ['one', { kind: 'values', values: ['x+y'], multi: true }],
    ['all', { kind: 'raw', value: '.*' }],
  ]);

  it('interpolates every syntax with the Prometheus datasource escaping', () => {
    assert.equal(interpolate('{env="$env"}', vars), "{env=\"pr\\\\'od\"}");
    assert.equal(interpolate('{app=~"${app}"}', vars), '{app=~"(a\\\\.b|c)"}');
    assert.equal(interpolate('{app=~"[[one]]"}', vars), '{app=~"x\\\\+y"}');
    assert.equal(interpolate('${app:raw} ${app:pipe} ${app:csv} ${all} $missing ${__interval}', vars), 'a.b,c a.b|c a.b,c .* $missing ${__interval}');
  });

  it('gives time variables from the window, interval and scrape interval', () => {
    const t = timeVariables({ from: 0, to: 86_400_000 }, 60_000, 15_000);
    assert.equal(interpolate('[$__interval] [$__rate_interval] [$__range] $__interval_ms $__range_s [$__auto]', t), '[1m] [75s] [86400s] 60000 86400 [1m]');
  });

  it('resolves All from options, allValue, or a lookup, and notes a fallback', async () => {
    const notes: string[] = [];
    const all = { text: ['All'], value: ['$__all'] };
    const resolved = await resolveVariables(
      [
        { name: 'a', type: 'custom', current: all, options: [{ value: '$__all' }, { value: 'x' }, { value: 'y' }], includeAll: true },
        { name: 'b', type: 'query', current: all, options: [], includeAll: true, allValue: '.+' },
        { name: 'c', type: 'query', current: all, options: [], includeAll: true },
        { name: 'd', type: 'query', current: all, options: [], includeAll: true, query: 'unknown' },
        { name: 'e', type: 'constant', query: 'k' },
      ],
      async (v) => (v.name === 'c' ? ['p', 'q'] : undefined),
      notes,
    );
    assert.equal(interpolate('$a $b $c $d $e', resolved), '(x|y) .+ (p|q) .* k');
    assert.deepEqual(notes, ['Variable d is set to All, whose values could not be listed: ".*" was used instead.']);
  });
});

describe('native request parsing', () => {
  it('reads Prometheus forms and Loki query strings', () => {
    assert.deepEqual(nativeQuery('g', 'prometheus', { path: '/api/v1/query_range', method: 'POST', form: { query: 'up', start: '10', end: '70.5', step: '30s' } }), {
      api: 'prometheus', kind: 'range', expr: 'up', startMs: 10_000, endMs: 70_500, stepMs: 30_000,
    });
    const q = nativeQuery('g', 'loki', { path: '/loki/api/v1/query_range', query: { query: '{a="b"}', start: '1700000000', end: '1700000000000000123', limit: '5' } });
    assert.deepEqual(q, { api: 'loki', kind: 'range', expr: '{a="b"}', startNs: 1_700_000_000_000_000_000n, endNs: 1_700_000_000_000_000_123n, stepMs: 1000, limit: 5, direction: 'backward' });
    assert.equal(nativeQuery('g', 'loki', { path: '/loki/api/v1/labels' }), undefined);
  });

  it('refuses what the native server refuses, in its words', () => {
    const refusal = (fn: () => unknown): HttpStatusError => {
      try {
        fn();
      } catch (error) {
        assert.ok(error instanceof HttpStatusError);
        return error;
      }
      return assert.fail('no refusal');
    };
    const steps = refusal(() => nativeQuery('g', 'prometheus', { path: '/api/v1/query_range', form: { query: 'up', start: '0', end: '1000', step: '0' } }));
    assert.match(steps.body, /zero or negative query resolution step widths are not accepted/);
    const limit = refusal(() => nativeQuery('g', 'loki', { path: '/loki/api/v1/query_range', query: { query: '{a="b"}', limit: '-1' } }));
    assert.equal(limit.body, 'limit must be a positive value');
    assert.equal(limit.status, 400);
  });
});
