import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logqlRegexLiteral, logqlString, offsetDuration, rangeDuration, regexEscape } from './logql.js';

/** Go's strconv.Unquote for the escapes LogQL strings use: what Loki reads back. */
function goUnquote(text: string): string {
  assert.ok(text.startsWith('"') && text.endsWith('"') && text.length >= 2, `not a quoted string: ${text}`);
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    assert.notEqual(ch, '"', `unescaped quote inside ${text}`);
    assert.notEqual(ch, '\n', `raw newline inside ${text}`);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === 'u') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else {
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };
      const decoded = next === undefined ? undefined : map[next];
      assert.ok(decoded !== undefined, `unknown escape \\${next} in ${text}`);
      out += decoded;
    }
  }
  return out;
}

const HOSTILE = [
  'plain',
  'quote"inside',
  'back\\slash',
  '"} |= "',
  '"} | line_format "{{.secret}}',
  'new\nline',
  'tab\tand\rcr',
  'back`tick`',
  'nul\u0000bell\u0007del\u007f',
  'ünïcödé ✓ 用户 👩‍💻',
  '\\"',
  '',
  '.*',
  'a|b',
  '[0-9]+(x){2}^$?',
];

describe('logqlString', () => {
  it('escapes quotes, backslashes and control characters as Go does', () => {
    assert.equal(logqlString('dice'), '"dice"');
    assert.equal(logqlString('a"b'), '"a\\"b"');
    assert.equal(logqlString('a\\b'), '"a\\\\b"');
    assert.equal(logqlString('"} |= "'), '"\\"} |= \\""');
    assert.equal(logqlString('x\ny'), '"x\\ny"');
    assert.equal(logqlString('\u0001'), '"\\x01"');
    assert.equal(logqlString('`'), '"`"');
    assert.equal(logqlString('用户'), '"用户"');
  });

  it('round-trips hostile values exactly, so a value can never end the string early', () => {
    for (const value of HOSTILE) assert.equal(goUnquote(logqlString(value)), value);
  });

  it('replaces a lone surrogate, which UTF-8 cannot carry', () => {
    assert.equal(logqlString('a\ud800b'), '"a\\uFFFDb"');
  });
});

describe('logqlRegexLiteral', () => {
  it('escapes regex metacharacters, then the string', () => {
    assert.equal(regexEscape('a.b*c'), 'a\\.b\\*c');
    assert.equal(logqlRegexLiteral('a.b'), '"a\\\\.b"');
    assert.equal(logqlRegexLiteral('app_start|app_stop'), '"app_start\\\\|app_stop"');
  });

  it('matches exactly the value and nothing else (anchored, as LogQL matchers are)', () => {
    for (const value of HOSTILE) {
      const re = new RegExp(`^(?:${goUnquote(logqlRegexLiteral(value))})$`, 'u');
      assert.ok(re.test(value), `does not match itself: ${JSON.stringify(value)}`);
      assert.ok(!re.test(`${value}x`), `matches more: ${JSON.stringify(value)}`);
      if (value.length > 1) assert.ok(!re.test(value.slice(1)), `matches less: ${JSON.stringify(value)}`);
    }
    assert.ok(!new RegExp(`^(?:${goUnquote(logqlRegexLiteral('.*'))})$`, 'u').test('anything'));
  });
});

describe('durations', () => {
  it('writes ranges in Prometheus syntax, largest unit first', () => {
    assert.equal(rangeDuration(86_400_000), '1d');
    assert.equal(rangeDuration(23 * 3_600_000), '23h');
    assert.equal(rangeDuration(25 * 3_600_000), '1d1h');
    assert.equal(rangeDuration(30 * 86_400_000 + 3_600_000), '30d1h');
    assert.equal(rangeDuration(90_061_001), '1d1h1m1s1ms');
    assert.equal(rangeDuration(500), '500ms');
    assert.throws(() => rangeDuration(0), RangeError);
    assert.throws(() => rangeDuration(1.5), RangeError);
  });

  it('writes offsets in Go syntax, with nanoseconds and without days', () => {
    assert.equal(offsetDuration(0, 1), '1ns');
    assert.equal(offsetDuration(3_600_000, 1), '1h1ns');
    assert.equal(offsetDuration(19 * 3_600_000 + 30 * 60_000, 1), '19h30m1ns');
    assert.equal(offsetDuration(25 * 3_600_000), '25h');
    assert.equal(offsetDuration(0), '0s');
    assert.throws(() => offsetDuration(-1), RangeError);
    assert.throws(() => offsetDuration(0, 1_000_000), RangeError);
  });
});
