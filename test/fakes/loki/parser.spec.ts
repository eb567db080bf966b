// LogQL parsing: syntax errors worded and placed like Loki 3.4.6 (each expected text was recorded
// from the real server), durations, escapes and the fake's refusal of what it does not evaluate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoDuration, formatPromDuration, parseLogqlDuration } from './logql/duration.js';
import { parseLogQL } from './logql/parser.js';

const error = (q: string): string => {
  try {
    parseLogQL(q);
  } catch (e) {
    return (e as Error).message;
  }
  return 'OK';
};

describe('LogQL parser', () => {
  const recorded: [string, string][] = [
    ['{app="dice"', 'parse error at line 1, col 12: syntax error: unexpected $end, expecting } or ,'],
    ['{app="dice"} | json |', 'parse error at line 1, col 22: syntax error: unexpected $end'],
    ['count_over_time({app="dice"})', 'parse error at line 1, col 29: syntax error: unexpected )'],
    ['topk({app="dice"})', 'parse error at line 1, col 18: syntax error: unexpected )'],
    ['{app="dice"} | json | unwrap', 'parse error at line 1, col 23: syntax error: unexpected unwrap'],
    ['', 'parse error : syntax error: unexpected $end'],
    ['{app=~".*"}', 'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will'],
    ['{}', 'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will'],
    ['count_over_time({app="dice"}[1d]) by (app)', 'parse error : grouping not allowed for count_over_time aggregation'],
    ['quantile_over_time({app="dice"} | unwrap x [1d])', 'parse error : parameter required for operation quantile_over_time'],
    ['sum_over_time({app="dice"}[1d])', 'parse error : invalid aggregation sum_over_time without unwrap'],
    ['count_over_time({app="dice"} | unwrap x [1d])', 'parse error : invalid aggregation count_over_time with unwrap'],
    ['topk(0, count_over_time({app="dice"}[1d]))', 'parse error : invalid parameter (must be greater than 0) topk(0'],
    ['sum(count_over_time({app="dice"}[1d])) and 1', 'parse error : unexpected literal for right leg of logical/set binary operation (and): 1.000000'],
    ['{app=~"("}', 'parse error : error parsing regexp: missing closing ): `(`'],
    ['{app="dice"} |~ "("', 'parse error : stage \'|~ "("\' : error parsing regexp: missing closing ): `(`'],
  ];
  for (const [q, expected] of recorded) {
    it(`${JSON.stringify(q)} -> ${expected.slice(0, 60)}`, () => assert.equal(error(q), expected));
  }

  it('accepts the queries obs-report sends', () => {
    for (const q of [
      'sum by (user) (count_over_time({app="dice"} | json user="user" | __error__="" | user!="" [1d]))',
      'count by (feature) (sum by (feature, user) (count_over_time({app="dice"} | json event="event", feature="feature", user="user" | __error__="" | event="feature_used" | user!="" [7d])))',
      'quantile_over_time(0.9, {app="dice"} | json event="event", duration_ms="duration_ms" | __error__="" | event="session_end" | unwrap duration_ms | __error__="" [7d]) by (event)',
      '{app="dice"} | json event="event" | __error__="" | event="session_start" | line_format "{{.duration_ms}}"',
      'sum(count_over_time({app="dice"} | logfmt user="user" | duration_ms <= 60000 [1h] offset 1h))',
      '{ app = "dice" , env != "test" } |= `raw "text"` != "x" |~ "a|b" !~ "c"',
    ]) {
      assert.equal(error(q), 'OK', q);
    }
  });

  it('refuses valid LogQL it does not evaluate, as a parse error that says so', () => {
    assert.match(error('{app="dice"} | regexp "(?P<x>.*)"'), /^parse error : the fake Loki does not implement labelParser/);
    assert.match(error('{app="dice"} | logfmt | line_format "{{ .a | upper }}"'), /^parse error : the fake Loki does not implement line_format templates/);
  });

  it('reads Go string escapes and backtick strings in matchers', () => {
    const e = parseLogQL('{app="a\\"b\\\\c\\n", env=`x\\y`}');
    assert.ok(e.kind === 'log');
    assert.deepEqual(e.matchers.map((m) => m.value), ['a"b\\c\n', 'x\\y']);
  });

  it('durations: Prometheus units, Go fallback, and both printed forms', () => {
    assert.equal(parseLogqlDuration('1d'), 86_400_000_000_000n);
    assert.equal(parseLogqlDuration('2h30m'), 9_000_000_000_000n);
    assert.equal(parseLogqlDuration('500ms'), 500_000_000n);
    assert.equal(parseLogqlDuration('1.5h'), 5_400_000_000_000n);
    assert.equal(formatPromDuration(721n * 3_600_000_000_000n), '30d1h');
    assert.equal(formatGoDuration(960n * 3_600_000_000_000n), '960h0m0s');
    assert.equal(formatGoDuration(721n * 3_600_000_000_000n + 1n), '721h0m0.000000001s');
  });
});
