import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatasourceError } from '../../errors.js';
import { appSelectors, promDuration, promString, queries, selector, withMatcher } from './promql.js';

/** Reads one PromQL double-quoted literal as Prometheus' lexer does; returns the value and where it ended. */
function unquote(text: string): { value: string; end: number } {
  assert.equal(text[0], '"');
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') return { value, end: i + 1 };
    assert.notEqual(ch, '\n', 'raw newline inside a literal');
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = text[++i];
    const simple: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', t: '\t' };
    if (next !== undefined && next in simple) value += simple[next];
    else if (next === 'x') {
      value += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else assert.fail(`unknown escape \\${next}`);
  }
  assert.fail('unterminated literal');
}

const hostile = [
  'dice',
  'a"b',
  'back\\slash\\',
  'line\nbreak',
  'dice"} or vector(1) or up{job="',
  '\\"} or on() vector(1) #',
  'tab\tcr\r\u0000bell\u0007',
  'ünïcødé 🚀 \u2028',
  '',
];

describe('promString', () => {
  it('escapes backslash, double quote and newline', () => {
    assert.equal(promString('a"b\\c\nd'), '"a\\"b\\\\c\\nd"');
  });

  for (const value of hostile) {
    it(`keeps ${JSON.stringify(value)} one literal that reads back unchanged`, () => {
      const literal = promString(value);
      const { value: read, end } = unquote(literal);
      assert.equal(read, value);
      assert.equal(end, literal.length, 'the literal must end at its last character');
    });
  }

  it('builds selectors whose hostile values cannot add matchers or operators', () => {
    const sel = selector('up', { job: 'x",job!="' });
    assert.equal(sel, 'up{job="x\\",job!=\\""}');
    assert.equal(unquote(sel.slice('up{job='.length)).value, 'x",job!="');
  });
});

describe('queries', () => {
  it('uses the conventions with job = app id or the configured job', () => {
    assert.equal(appSelectors({ id: 'dice' }).up, 'up{job="dice"}');
    const shop = appSelectors({ id: 'shop', prometheus: { job: 'shop-api', queries: { latencyBucket: 'lat_bucket{svc="shop"}' } } });
    assert.equal(shop.requests, 'http_requests_total{job="shop-api"}');
    assert.equal(shop.latencyBucket, 'lat_bucket{svc="shop"}');
  });

  it('writes the exact PromQL of each question', () => {
    const up = 'up{job="dice"}';
    assert.equal(queries.uptime(up, 7 * 86_400_000), 'avg(avg_over_time(up{job="dice"}[604799s999ms]))');
    assert.equal(queries.down(up, 60_000), 'max(max_over_time(up{job="dice"}[59s999ms])) == 0');
    assert.equal(
      queries.processStarts('process_start_time_seconds{job="dice"}', 60_000),
      'max by (instance) (max_over_time(process_start_time_seconds{job="dice"}[59s999ms]))',
    );
    assert.equal(queries.requests('http_requests_total{job="dice"}', 86_400_000), 'sum(increase(http_requests_total{job="dice"}[86400s1ms]))');
    assert.equal(
      queries.latency(0.95, 'b{job="dice"}', 82_800_000),
      'histogram_quantile(0.95, sum by (le) (increase(b{job="dice"}[82800s1ms])))',
    );
    assert.equal(
      queries.alerts('dice', 60_000),
      'max by (alertname, severity) (max_over_time(ALERTS{job="dice",alertstate="firing"}[59s999ms]))',
    );
    assert.deepEqual([1500, 999, 60_000, 59_999].map(promDuration), ['1s500ms', '999ms', '60s', '59s999ms']);
  });

  it('adds the 5xx matcher to any selector form', () => {
    const m = 'code=~"5.."';
    assert.equal(withMatcher('p', 'http_requests_total{job="a"}', m), 'http_requests_total{job="a",code=~"5.."}');
    assert.equal(withMatcher('p', 'reqs', m), 'reqs{code=~"5.."}');
    assert.equal(withMatcher('p', ' reqs{} ', m), 'reqs{code=~"5.."}');
    assert.equal(withMatcher('p', '{__name__="reqs",job="a",}', m), '{__name__="reqs",job="a",code=~"5.."}');
    assert.throws(() => withMatcher('p', 'sum(rate(x[5m]))', m), (e: unknown) => e instanceof DatasourceError && e.code === 'DATASOURCE_QUERY');
  });
});
