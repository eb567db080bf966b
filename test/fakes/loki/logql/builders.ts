/**
 * Builders behind the grammar actions: they construct nodes the way Loki's constructors do
 * (newRangeAggregationExpr, mustNewVectorAggregationExpr, mustNewBinOpExpr, ...), including the
 * errors Loki keeps inside a node until validation (`deferredError`).
 */
import type {
  BinOp, BinOpOptions, CmpOp, Expr, Grouping, LabelFilter, LineFilterOp, LineFilterStage, LogRange,
  LogSelector, MatchOp, Matcher, RangeOp, SampleExpr, Stage, Unwrap, VectorOp,
} from './ast.js';
import { mergeBinOp } from './binop-values.js';
import { ParseError } from './errors.js';
import { formatGoFloatF, goQuote } from './format.js';
import type { Token } from './lexer.js';
import { compileGoRegex, newMatcher } from './matchers.js';

/** `$i` of the rule being reduced. */
export type Values = (i: number) => unknown;
/** A semantic action. */
export type Action = ($: Values) => unknown;

/** Errors Loki keeps inside a node (`err` field) and reports when the tree is validated. */
export const deferredError = new WeakMap<object, string>();

export const tok = ($: Values, i: number): Token => $(i) as Token;
export const str = ($: Values, i: number): string => tok($, i).str ?? '';
export const list = <T>($: Values, i: number): T[] => $(i) as T[];

export const pass: Action = ($) => $(1);
export const second: Action = ($) => $(2);
export const named = (value: string): Action => () => value;

export function matcherAction(op: MatchOp): Action {
  return ($) => newMatcher(op, str($, 1), str($, 3));
}

/** A log range from any of the 25 logRangeExpr rules: pick the parts by symbol name. */
export function logRange(rule: string): Action {
  const symbols = rule.split(': ')[1]?.split(' ') ?? [];
  return ($) => {
    const r: Partial<LogRange> & { stages: Stage[] } = { offsetNs: 0n, stages: [] };
    let matchers: Matcher[] = [];
    symbols.forEach((sym, k) => {
      const v = $(k + 1);
      if (sym === 'selector') matchers = v as Matcher[];
      else if (sym === 'pipelineExpr') r.stages = v as Stage[];
      else if (sym === 'unwrapExpr') r.unwrap = v as Unwrap;
      else if (sym === 'offsetExpr') r.offsetNs = v as bigint;
      else if (sym === 'RANGE') r.rangeNs = (v as Token).duration ?? 0n;
    });
    const selector: LogSelector = { kind: 'log', matchers, stages: r.stages };
    return { selector, rangeNs: r.rangeNs ?? 0n, offsetNs: r.offsetNs ?? 0n, unwrap: r.unwrap } satisfies LogRange;
  };
}

const GROUPABLE_RANGE_OPS = new Set(['avg_over_time', 'stddev_over_time', 'stdvar_over_time', 'quantile_over_time', 'max_over_time', 'min_over_time', 'first_over_time', 'last_over_time']);
const UNWRAP_RANGE_OPS = new Set(['avg_over_time', 'sum_over_time', 'max_over_time', 'min_over_time', 'stddev_over_time', 'stdvar_over_time', 'quantile_over_time', 'rate', 'rate_counter', 'absent_over_time', 'first_over_time', 'last_over_time']);
const PLAIN_RANGE_OPS = new Set(['bytes_over_time', 'bytes_rate', 'count_over_time', 'rate', 'absent_over_time']);

/** newRangeAggregationExpr with its validation (errors deferred as in Loki). */
export function rangeAggregation(rule: string): Action {
  const symbols = rule.split(': ')[1]?.split(' ') ?? [];
  return ($) => {
    const op = $(1) as RangeOp;
    const range = $(symbols.indexOf('logRangeExpr') + 1) as LogRange;
    const gi = symbols.indexOf('grouping');
    const grouping = gi >= 0 ? ($(gi + 1) as Grouping) : undefined;
    const param = symbols.includes('NUMBER') ? str($, 3) : undefined;
    const node = { kind: 'range', op, range, grouping } as const;
    const fail = (msg: string): object => {
      const n = { ...node };
      deferredError.set(n, msg);
      return n;
    };
    let paramValue: number | undefined;
    if (param !== undefined) {
      if (op !== 'quantile_over_time') return fail(`parameter ${param} not supported for operation ${op}`);
      paramValue = Number(param);
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(param)) return fail(`invalid parameter for operation ${op}: strconv.ParseFloat: parsing "${param}": invalid syntax`);
    } else if (op === 'quantile_over_time') {
      return fail(`parameter required for operation ${op}`);
    }
    if (grouping && !GROUPABLE_RANGE_OPS.has(op)) return fail(`grouping not allowed for ${op} aggregation`);
    if (range.unwrap && !UNWRAP_RANGE_OPS.has(op)) return fail(`invalid aggregation ${op} with unwrap`);
    if (!range.unwrap && !PLAIN_RANGE_OPS.has(op)) return fail(`invalid aggregation ${op} without unwrap`);
    return { ...node, param: paramValue };
  };
}

/** mustNewVectorAggregationExpr. */
export function vectorAggregation(rule: string): Action {
  const symbols = rule.split(': ')[1]?.split(' ') ?? [];
  return ($) => {
    const op = $(1) as VectorOp;
    const inner = $(symbols.indexOf('metricExpr') + 1) as SampleExpr;
    const gi = symbols.indexOf('grouping');
    const grouping = gi >= 0 ? ($(gi + 1) as Grouping) : undefined;
    const ni = symbols.indexOf('NUMBER');
    const param = ni >= 0 ? str($, ni + 1) : undefined;
    const node: SampleExpr = { kind: 'vector', op, inner, grouping };
    const fail = (msg: string): SampleExpr => {
      deferredError.set(node, msg);
      return node;
    };
    if (op === 'topk' || op === 'bottomk') {
      if (param === undefined) return fail(`parameter required for operation ${op}`);
      if (!/^[-+]?\d+$/.test(param)) return fail(`invalid parameter ${op}(${param},`);
      const p = Number(param);
      if (p <= 0) return fail(`invalid parameter (must be greater than 0) ${op}(${param}`);
      return { ...node, param: p };
    }
    if (param !== undefined) return fail(`unsupported parameter for operation ${op}(${param},`);
    return node;
  };
}

const LOGICAL = new Set(['or', 'and', 'unless']);

function goTypeName(e: Expr | undefined): string {
  if (e?.kind === 'log') return e.stages.length ? '*syntax.PipelineExpr' : '*syntax.MatchersExpr';
  return '<nil>';
}

/** mustNewBinOpExpr, including literal folding `(1+1) -> 2`. */
export function binOp(op: BinOp): Action {
  return ($) => {
    const left = $(1) as Expr;
    const opts = $(3) as BinOpOptions;
    const right = $(4) as Expr;
    const node: SampleExpr = { kind: 'literal', value: 0 };
    const fail = (msg: string): SampleExpr => {
      deferredError.set(node, msg);
      return node;
    };
    if (left.kind === 'log') return fail(`unexpected type for left leg of binary operation (${op}): ${goTypeName(left)}`);
    if (right.kind === 'log') return fail(`unexpected type for right leg of binary operation (${op}): ${goTypeName(right)}`);
    if (LOGICAL.has(op)) {
      if (left.kind === 'literal') return fail(`unexpected literal for left leg of logical/set binary operation (${op}): ${formatGoFloatF(left.value)}`);
      if (right.kind === 'literal') return fail(`unexpected literal for right leg of logical/set binary operation (${op}): ${formatGoFloatF(right.value)}`);
    }
    if (left.kind === 'literal' && right.kind === 'literal') {
      return { kind: 'literal', value: mergeBinOp(op, left.value, right.value, false, false) ?? NaN } satisfies SampleExpr;
    }
    return { kind: 'binop', op, left, right, opts } satisfies SampleExpr;
  };
}

/**
 * mustNewLabelReplaceExpr: the regex is compiled anchored (`^(?:re)$`); a bad one is kept as
 * `invalid regex in label_replace: ...` until validation (measured on Loki 3.4.6).
 */
export const labelReplace: Action = ($) => {
  const inner = $(3) as Expr;
  const [dst, replacement, src, regex] = [5, 7, 9, 11].map((i) => str($, i)) as [string, string, string, string];
  const node = { kind: 'label_replace', inner: inner as SampleExpr, dst, replacement, src, re: /$^/ } satisfies SampleExpr;
  try {
    return { ...node, re: compileGoRegex(regex, true) } satisfies SampleExpr;
  } catch (e) {
    const anchored = `\`^(?:${regex})$\``;
    deferredError.set(node, `invalid regex in label_replace: error parsing regexp: ${(e as Error).message.replace(/`[^`]*`$/, () => anchored)}`);
    return node;
  }
};

export function literal(sign: number, at: number): Action {
  return ($) => {
    const text = str($, at);
    const node: SampleExpr = { kind: 'literal', value: sign * Number(text) };
    if (!/^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) deferredError.set(node, `unable to parse literal as a float: strconv.ParseFloat: parsing "${text}": invalid syntax`);
    return node;
  };
}

export function lineFilter(filterAt: number, orAt?: number): Action {
  return ($) => {
    const op = $(filterAt) as LineFilterOp;
    const values = [str($, filterAt + 1), ...(orAt ? list<string>($, orAt) : [])];
    return newLineFilter(op, values);
  };
}

export function newLineFilter(op: LineFilterOp, values: string[]): LineFilterStage {
  if (op === '|~' || op === '!~') {
    return { kind: 'line_filter', op, values, res: values.map((v) => lineRegex(op, v)) };
  }
  return { kind: 'line_filter', op, values };
}

/** A line filter regex matches anywhere in the line (Go's MatchString). */
function lineRegex(op: LineFilterOp, v: string): RegExp {
  try {
    return compileGoRegex(v, false);
  } catch (e) {
    throw new ParseError(`stage '${op} ${goQuote(v)}' : error parsing regexp: ${(e as Error).message}`);
  }
}

export function cmp(type: 'number' | 'duration' | 'bytes', op: CmpOp): Action {
  return ($) => {
    const v = $(3);
    const value =
      type === 'number' ? (v as { value: number }).value : type === 'duration' ? Number((v as Token).duration ?? 0n) / 1e9 : (v as Token).bytes ?? 0;
    return { type, name: str($, 1), op, value } satisfies LabelFilter;
  };
}

export function onOrIgnoring(on: boolean, labelsAt?: number): Action {
  return ($) => ({ ...($(1) as BinOpOptions), on, matching: labelsAt ? list<string>($, labelsAt) : [] }) satisfies BinOpOptions;
}
