/**
 * The LogQL syntax tree the fake evaluates: the subset of Loki's AST that obs-report's queries
 * use. Nodes the real grammar accepts but the fake does not implement never reach the evaluator:
 * the parser refuses them (see parser.ts).
 */

/** Label matcher operators, as written in a selector or label filter. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One label matcher; regexes are compiled once, fully anchored as in Prometheus. */
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  re?: RegExp;
}

/** Line filter operators. */
export type LineFilterOp = '|=' | '!=' | '|~' | '!~';

/** `|= "a" or "b"`: a line filter whose values are alternatives. */
export interface LineFilterStage {
  kind: 'line_filter';
  op: LineFilterOp;
  values: string[];
  res?: RegExp[];
}

/** `json` / `logfmt`, either every field or only the listed `label="expression"` pairs. */
export interface ParserStage {
  kind: 'json' | 'logfmt';
  params?: { label: string; expr: string }[];
  flags?: string[];
}

/** Comparison operators of numeric, duration and bytes label filters. */
export type CmpOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A label filter expression tree. */
export type LabelFilter =
  | { type: 'string'; matcher: Matcher }
  | { type: 'number' | 'duration' | 'bytes'; name: string; op: CmpOp; value: number }
  | { type: 'and' | 'or'; left: LabelFilter; right: LabelFilter };

/** `| label filter` stage. */
export interface LabelFilterStage {
  kind: 'label_filter';
  filter: LabelFilter;
}

/** `| line_format "{{.a}}"`. */
export interface LineFormatStage {
  kind: 'line_format';
  template: string;
}

/** `| keep a, b="v"` / `| drop a, b="v"`. */
export interface KeepDropStage {
  kind: 'keep' | 'drop';
  items: { name: string; matcher?: Matcher }[];
}

/** One pipeline stage. */
export type Stage = LineFilterStage | ParserStage | LabelFilterStage | LineFormatStage | KeepDropStage;

/** `{matchers} | stages`. */
export interface LogSelector {
  kind: 'log';
  matchers: Matcher[];
  stages: Stage[];
}

/** `| unwrap [conv(]label[)] | post filters`. */
export interface Unwrap {
  label: string;
  conv: '' | 'bytes' | 'duration' | 'duration_seconds';
  postFilters: LabelFilter[];
}

/** A log range `selector [range] offset d` with an optional unwrap. */
export interface LogRange {
  selector: LogSelector;
  rangeNs: bigint;
  offsetNs: bigint;
  unwrap?: Unwrap;
}

/** `by (...)` or `without (...)`. */
export interface Grouping {
  without: boolean;
  labels: string[];
}

/** Range aggregation operations the fake evaluates. */
export type RangeOp =
  | 'count_over_time' | 'rate' | 'bytes_over_time' | 'bytes_rate' | 'sum_over_time' | 'avg_over_time'
  | 'min_over_time' | 'max_over_time' | 'quantile_over_time' | 'first_over_time' | 'last_over_time'
  | 'stddev_over_time' | 'stdvar_over_time' | 'absent_over_time';

/** `count_over_time(...)` and friends. */
export interface RangeAggregation {
  kind: 'range';
  op: RangeOp;
  range: LogRange;
  grouping?: Grouping;
  param?: number;
}

/** Vector aggregation operations the fake evaluates. */
export type VectorOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'topk' | 'bottomk' | 'stddev' | 'stdvar' | 'sort' | 'sort_desc';

/** `sum by (x) (...)` and friends. */
export interface VectorAggregation {
  kind: 'vector';
  op: VectorOp;
  inner: SampleExpr;
  grouping: Grouping | undefined;
  param?: number;
}

/** Binary operators between sample expressions. */
export type BinOp = 'or' | 'and' | 'unless' | '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '>=' | '<' | '<=';

/** Vector matching of a binary operation (`on`/`ignoring`; group modifiers are not supported). */
export interface BinOpOptions {
  returnBool: boolean;
  on: boolean;
  matching: string[];
}

/** `a op b`. */
export interface BinaryExpr {
  kind: 'binop';
  op: BinOp;
  left: SampleExpr;
  right: SampleExpr;
  opts: BinOpOptions;
}

/** A number literal. */
export interface Literal {
  kind: 'literal';
  value: number;
}

/** `vector(n)`. */
export interface VectorLiteral {
  kind: 'vector_literal';
  value: number;
}

/** `label_replace(v, "dst", "replacement", "src", "regex")`; `re` is the regex anchored as Loki compiles it. */
export interface LabelReplace {
  kind: 'label_replace';
  inner: SampleExpr;
  dst: string;
  replacement: string;
  src: string;
  re: RegExp;
}

/** Anything that yields samples. */
export type SampleExpr = RangeAggregation | VectorAggregation | BinaryExpr | Literal | VectorLiteral | LabelReplace;

/** A parsed query. */
export type Expr = LogSelector | SampleExpr;

/** Whether an expression is a log (streams) query. */
export function isLogSelector(e: Expr): e is LogSelector {
  return e.kind === 'log';
}
