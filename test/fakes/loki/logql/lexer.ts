/**
 * Loki's LogQL lexer (pkg/logql/syntax/lex.go), token for token: keywords are case-insensitive,
 * function names only count as functions before `(` or `by`/`without (`, numbers followed by a
 * unit become durations or byte sizes, `[...]` is one RANGE token, `#` starts a comment.
 */
import { parseLogqlDuration, parsePromDuration } from './duration.js';
import { EOF, Float, Int, RawStr, Scanner, Str } from './scanner.js';
import { parseHumanBytes, unquote } from './strings.js';
import { T } from './tables.js';

export { unquote };

/** One token with its semantic value, as goyacc's lval carries it. */
export interface Token {
  code: number;
  str?: string;
  /** Nanoseconds for DURATION and RANGE tokens. */
  duration?: bigint;
  bytes?: number;
}

const TOKENS: Record<string, number> = {
  ',': T.COMMA, '.': T.DOT, '{': T.OPEN_BRACE, '}': T.CLOSE_BRACE, '=': T.EQ, '!=': T.NEQ,
  '=~': T.RE, '!~': T.NRE, '!>': T.NPA, '|=': T.PIPE_EXACT, '|~': T.PIPE_MATCH, '|>': T.PIPE_PATTERN,
  '|': T.PIPE, unwrap: T.UNWRAP, '(': T.OPEN_PARENTHESIS, ')': T.CLOSE_PARENTHESIS, by: T.BY,
  without: T.WITHOUT, bool: T.BOOL, '[': T.OPEN_BRACKET, ']': T.CLOSE_BRACKET,
  label_replace: T.LABEL_REPLACE, offset: T.OFFSET, on: T.ON, ignoring: T.IGNORING,
  group_left: T.GROUP_LEFT, group_right: T.GROUP_RIGHT, or: T.OR, and: T.AND, unless: T.UNLESS,
  '+': T.ADD, '-': T.SUB, '*': T.MUL, '/': T.DIV, '%': T.MOD, '^': T.POW, '==': T.CMP_EQ,
  '>': T.GT, '>=': T.GTE, '<': T.LT, '<=': T.LTE, json: T.JSON, regexp: T.REGEXP, logfmt: T.LOGFMT,
  unpack: T.UNPACK, pattern: T.PATTERN, label_format: T.LABEL_FMT, line_format: T.LINE_FMT,
  ip: T.IP, decolorize: T.DECOLORIZE, drop: T.DROP, keep: T.KEEP,
};

/** Operator tokens print as their text in syntax errors (Loki rewrites goyacc's names at init). */
export const TOKEN_TEXT: ReadonlyMap<number, string> = new Map(Object.entries(TOKENS).map(([s, c]) => [c, s]));

const FUNCTION_TOKENS: Record<string, number> = {
  rate: T.RATE, rate_counter: T.RATE_COUNTER, count_over_time: T.COUNT_OVER_TIME,
  bytes_rate: T.BYTES_RATE, bytes_over_time: T.BYTES_OVER_TIME, avg_over_time: T.AVG_OVER_TIME,
  sum_over_time: T.SUM_OVER_TIME, min_over_time: T.MIN_OVER_TIME, max_over_time: T.MAX_OVER_TIME,
  stdvar_over_time: T.STDVAR_OVER_TIME, stddev_over_time: T.STDDEV_OVER_TIME,
  quantile_over_time: T.QUANTILE_OVER_TIME, first_over_time: T.FIRST_OVER_TIME,
  last_over_time: T.LAST_OVER_TIME, absent_over_time: T.ABSENT_OVER_TIME, vector: T.VECTOR,
  sum: T.SUM, avg: T.AVG, max: T.MAX, min: T.MIN, count: T.COUNT, stddev: T.STDDEV, stdvar: T.STDVAR,
  bottomk: T.BOTTOMK, topk: T.TOPK, sort: T.SORT, sort_desc: T.SORT_DESC, label_replace: T.LABEL_REPLACE,
  approx_topk: T.APPROX_TOPK, bytes: T.BYTES_CONV, duration: T.DURATION_CONV,
  duration_seconds: T.DURATION_SECONDS_CONV, ip: T.IP,
};

const PARSER_FLAGS = new Set(['--strict', '--keep-empty']);
const isSpace = (c: number): boolean => c >= 0 && /\s/u.test(String.fromCodePoint(c));
const isNumberRune = (c: number): boolean => c >= 0 && /\p{N}/u.test(String.fromCodePoint(c));
const chr = (c: number): string => (c >= 0 ? String.fromCodePoint(c) : '');
/** Go's string(rune(-1)) is U+FFFD, which matters when peeking at the end of the input. */
const goRune = (c: number): string => (c >= 0 ? String.fromCodePoint(c) : '\ufffd');

/** A syntax or lexing problem at a 1-based line and column (0, 0 when Loki gives no place). */
export interface LexError {
  msg: string;
  line: number;
  col: number;
}

/** Turns a query into tokens on demand, collecting errors the way Loki's lexer does. */
export class Lexer {
  readonly sc: Scanner;
  readonly errors: LexError[] = [];

  constructor(input: string) {
    this.sc = new Scanner(input);
    this.sc.onError = (msg) => this.error(msg);
  }

  error(msg: string): void {
    this.errors.push({ msg, line: this.sc.Line, col: this.sc.Column });
  }

  lex(): Token {
    const sc = this.sc;
    const r = sc.Scan();
    if (r === 35) {
      // '#': comment to the end of the line
      for (let n = sc.Peek(); !(n === 10 || n === EOF); n = sc.Next()) {
        /* skip */
      }
      return this.lex();
    }
    if (r === EOF) return { code: 0 };
    if (r === Int || r === Float) {
      const text = sc.TokenText();
      const duration = scanSuffixed(text, sc, isDurationRune, (s) => parseLogqlDuration(s));
      if (duration !== undefined) return { code: T.DURATION, duration };
      const bytes = scanSuffixed(text, sc, isBytesRune, parseHumanBytes);
      if (bytes !== undefined) return { code: T.BYTES, bytes };
      return { code: T.NUMBER, str: text };
    }
    if (r === 45 && sc.Peek() === 45) {
      const flag = scanFlag(sc);
      if (flag) return { code: T.PARSER_FLAG, str: flag };
    }
    if (r === 45) {
      const duration = scanSuffixed(sc.TokenText(), sc, isDurationRune, (s) => parseLogqlDuration(s));
      if (duration !== undefined) return { code: T.DURATION, duration };
    }
    if (r === Str || r === RawStr) {
      try {
        return { code: T.STRING, str: unquote(sc.TokenText()) };
      } catch (e) {
        this.error((e as Error).message);
        return { code: 0 };
      }
    }
    if (r === 91) return this.lexRange();

    const text = sc.TokenText();
    const lower = text.toLowerCase();
    const withNext = (text + goRune(sc.Peek())).toLowerCase();
    const fnNext = FUNCTION_TOKENS[withNext];
    if (fnNext !== undefined) {
      const copy = sc.clone();
      copy.Next();
      if (isFunction(copy)) {
        sc.Next();
        return { code: fnNext };
      }
    }
    const fn = FUNCTION_TOKENS[lower];
    if (fn !== undefined) {
      if (!isFunction(sc)) return { code: T.IDENTIFIER, str: text };
      return { code: fn };
    }
    const tokNext = TOKENS[withNext];
    if (tokNext !== undefined) {
      sc.Next();
      return { code: tokNext };
    }
    const tok = TOKENS[lower];
    if (tok !== undefined) return { code: tok };
    return { code: T.IDENTIFIER, str: text };
  }

  private lexRange(): Token {
    let buf = '';
    for (let c = this.sc.Next(); c !== EOF; c = this.sc.Next()) {
      if (c === 93) {
        try {
          return { code: T.RANGE, duration: parsePromDuration(buf) };
        } catch (e) {
          this.error((e as Error).message);
          return { code: 0 };
        }
      }
      buf += chr(c);
    }
    this.error("missing closing ']' in duration");
    return { code: 0 };
  }
}

function isDurationRune(c: number): boolean {
  return 'nuµmshdwy'.includes(chr(c)) && c >= 0;
}

function isBytesRune(c: number): boolean {
  return 'BikKMGTP'.includes(chr(c)) && c >= 0;
}

/** tryScanDuration / tryScanBytes: extend a number with unit characters up to a space. */
function scanSuffixed<V>(prefix: string, sc: Scanner, isUnit: (c: number) => boolean, parse: (s: string) => V): V | undefined {
  const copy = sc.clone();
  let text = prefix;
  let consumed = 0;
  for (let c = copy.Peek(); c !== EOF && !isSpace(c); c = copy.Peek()) {
    if (!isNumberRune(c) && !isUnit(c) && c !== 46) break;
    text += chr(c);
    copy.Next();
    consumed++;
  }
  if (consumed === 0) return undefined;
  let value: V;
  try {
    value = parse(text);
  } catch {
    return undefined;
  }
  for (let i = 0; i < consumed; i++) sc.Next();
  return value;
}

function scanFlag(sc: Scanner): string | undefined {
  const copy = sc.clone();
  let flag = sc.TokenText();
  let consumed = 0;
  for (let c = copy.Peek(); (c >= 0 && /\p{L}/u.test(chr(c))) || c === 45; c = copy.Peek()) {
    flag += chr(c);
    copy.Next();
    consumed++;
  }
  if (!PARSER_FLAGS.has(flag)) return undefined;
  for (let i = 0; i < consumed; i++) sc.Next();
  return flag;
}

/** isFunction: the next non-space text is `(`, or `by`/`without` followed by `(`. */
function isFunction(from: Scanner): boolean {
  const sc = trimSpace(from.clone());
  let s = '';
  for (let c = sc.Next(); c !== EOF; c = sc.Next()) {
    s += chr(c);
    const lower = s.toLowerCase();
    if (lower === '(') return true;
    if (lower === 'by' || lower === 'without') return trimSpace(sc).Next() === 40;
  }
  return false;
}

function trimSpace(sc: Scanner): Scanner {
  for (let n = sc.Peek(); n !== EOF; n = sc.Peek()) {
    if (!isSpace(n)) return sc;
    sc.Next();
  }
  return sc;
}

