/**
 * Semantic actions of the LogQL grammar, keyed by the rule text of Loki's expr.y (see RULES in
 * tables.ts). A rule without an action here is valid LogQL the fake does not evaluate. Errors that
 * Loki raises by panicking inside an action (a bad regex) are thrown at once; errors Loki stores in
 * the node are kept in `deferredError` and raised by validate.ts.
 */
import type { BinOp, BinOpOptions, CmpOp, Grouping, LabelFilter, LineFilterStage, LogSelector, Matcher, ParserStage, SampleExpr, Stage, Unwrap } from './ast.js';
import {
  binOp, cmp, labelReplace, lineFilter, list, literal, logRange, matcherAction, named, newLineFilter, onOrIgnoring, pass, rangeAggregation,
  second, str, tok, vectorAggregation, type Action,
} from './builders.js';
import { Unsupported } from './errors.js';

export { deferredError, type Values } from './builders.js';

const LOG_RANGE_RULES = [
  'selector RANGE', 'selector RANGE offsetExpr', 'OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE',
  'OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE offsetExpr', 'selector RANGE unwrapExpr',
  'selector RANGE offsetExpr unwrapExpr', 'OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE unwrapExpr',
  'OPEN_PARENTHESIS selector CLOSE_PARENTHESIS RANGE offsetExpr unwrapExpr', 'selector unwrapExpr RANGE',
  'selector unwrapExpr RANGE offsetExpr', 'OPEN_PARENTHESIS selector unwrapExpr CLOSE_PARENTHESIS RANGE',
  'OPEN_PARENTHESIS selector unwrapExpr CLOSE_PARENTHESIS RANGE offsetExpr', 'selector pipelineExpr RANGE',
  'selector pipelineExpr RANGE offsetExpr', 'OPEN_PARENTHESIS selector pipelineExpr CLOSE_PARENTHESIS RANGE',
  'OPEN_PARENTHESIS selector pipelineExpr CLOSE_PARENTHESIS RANGE offsetExpr', 'selector pipelineExpr unwrapExpr RANGE',
  'selector pipelineExpr unwrapExpr RANGE offsetExpr', 'OPEN_PARENTHESIS selector pipelineExpr unwrapExpr CLOSE_PARENTHESIS RANGE',
  'OPEN_PARENTHESIS selector pipelineExpr unwrapExpr CLOSE_PARENTHESIS RANGE offsetExpr', 'selector RANGE pipelineExpr',
  'selector RANGE offsetExpr pipelineExpr', 'selector RANGE pipelineExpr unwrapExpr', 'selector RANGE offsetExpr pipelineExpr unwrapExpr',
].map((r) => `logRangeExpr: ${r}`);

const RANGE_AGG_RULES = [
  'rangeOp OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS', 'rangeOp OPEN_PARENTHESIS NUMBER COMMA logRangeExpr CLOSE_PARENTHESIS',
  'rangeOp OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS grouping', 'rangeOp OPEN_PARENTHESIS NUMBER COMMA logRangeExpr CLOSE_PARENTHESIS grouping',
].map((r) => `rangeAggregationExpr: ${r}`);

const VECTOR_AGG_RULES = [
  'vectorOp OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS', 'vectorOp grouping OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS',
  'vectorOp OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS grouping', 'vectorOp OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS',
  'vectorOp OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS grouping', 'vectorOp grouping OPEN_PARENTHESIS NUMBER COMMA metricExpr CLOSE_PARENTHESIS',
].map((r) => `vectorAggregationExpr: ${r}`);

const BINOPS: [string, BinOp][] = [
  ['OR', 'or'], ['AND', 'and'], ['UNLESS', 'unless'], ['ADD', '+'], ['SUB', '-'], ['MUL', '*'], ['DIV', '/'], ['MOD', '%'],
  ['POW', '^'], ['CMP_EQ', '=='], ['NEQ', '!='], ['GT', '>'], ['GTE', '>='], ['LT', '<'], ['LTE', '<='],
];
const CMPS: [string, CmpOp][] = [['GT', '>'], ['GTE', '>='], ['LT', '<'], ['LTE', '<='], ['NEQ', '!='], ['EQ', '=='], ['CMP_EQ', '==']];

/** Actions by rule text. */
export const ACTIONS: Record<string, Action> = {
  'root: expr': pass,
  'expr: logExpr': pass,
  'expr: metricExpr': pass,
  'metricExpr: rangeAggregationExpr': pass,
  'metricExpr: vectorAggregationExpr': pass,
  'metricExpr: binOpExpr': pass,
  'metricExpr: literalExpr': pass,
  'metricExpr: vectorExpr': pass,
  'metricExpr: labelReplaceExpr': pass,
  'labelReplaceExpr: LABEL_REPLACE OPEN_PARENTHESIS metricExpr COMMA STRING COMMA STRING COMMA STRING COMMA STRING CLOSE_PARENTHESIS': labelReplace,
  'metricExpr: OPEN_PARENTHESIS metricExpr CLOSE_PARENTHESIS': second,
  'logExpr: selector': ($) => ({ kind: 'log', matchers: list<Matcher>($, 1), stages: [] }) satisfies LogSelector,
  'logExpr: selector pipelineExpr': ($) => ({ kind: 'log', matchers: list<Matcher>($, 1), stages: list<Stage>($, 2) }) satisfies LogSelector,
  'logExpr: OPEN_PARENTHESIS logExpr CLOSE_PARENTHESIS': second,
  ...Object.fromEntries(LOG_RANGE_RULES.map((r) => [r, logRange(r)])),
  'logRangeExpr: OPEN_PARENTHESIS logRangeExpr CLOSE_PARENTHESIS': second,
  'unwrapExpr: PIPE UNWRAP IDENTIFIER': ($) => ({ label: str($, 3), conv: '', postFilters: [] }) satisfies Unwrap,
  'unwrapExpr: PIPE UNWRAP convOp OPEN_PARENTHESIS IDENTIFIER CLOSE_PARENTHESIS': ($) =>
    ({ label: str($, 5), conv: $(3) as Unwrap['conv'], postFilters: [] }) satisfies Unwrap,
  'unwrapExpr: unwrapExpr PIPE labelFilter': ($) => {
    const u = $(1) as Unwrap;
    return { ...u, postFilters: [...u.postFilters, $(3) as LabelFilter] } satisfies Unwrap;
  },
  'convOp: BYTES_CONV': named('bytes'),
  'convOp: DURATION_CONV': named('duration'),
  'convOp: DURATION_SECONDS_CONV': named('duration_seconds'),
  ...Object.fromEntries(RANGE_AGG_RULES.map((r) => [r, rangeAggregation(r)])),
  ...Object.fromEntries(VECTOR_AGG_RULES.map((r) => [r, vectorAggregation(r)])),
  'filter: PIPE_MATCH': named('|~'),
  'filter: PIPE_EXACT': named('|='),
  'filter: NRE': named('!~'),
  'filter: NEQ': named('!='),
  'selector: OPEN_BRACE matchers CLOSE_BRACE': second,
  'selector: OPEN_BRACE matchers error': second,
  'selector: OPEN_BRACE CLOSE_BRACE': () => [],
  'matchers: matcher': ($) => [$(1)],
  'matchers: matchers COMMA matcher': ($) => [...list($, 1), $(3)],
  'matcher: IDENTIFIER EQ STRING': matcherAction('='),
  'matcher: IDENTIFIER NEQ STRING': matcherAction('!='),
  'matcher: IDENTIFIER RE STRING': matcherAction('=~'),
  'matcher: IDENTIFIER NRE STRING': matcherAction('!~'),
  'pipelineExpr: pipelineStage': ($) => [...list<Stage>($, 1)],
  'pipelineExpr: pipelineExpr pipelineStage': ($) => [...list<Stage>($, 1), ...list<Stage>($, 2)],
  'pipelineStage: lineFilters': pass,
  'pipelineStage: PIPE logfmtParser': ($) => [$(2)],
  'pipelineStage: PIPE labelParser': ($) => [$(2)],
  'pipelineStage: PIPE jsonExpressionParser': ($) => [$(2)],
  'pipelineStage: PIPE logfmtExpressionParser': ($) => [$(2)],
  'pipelineStage: PIPE labelFilter': ($) => [{ kind: 'label_filter', filter: $(2) as LabelFilter }],
  'pipelineStage: PIPE lineFormatExpr': ($) => [$(2)],
  'pipelineStage: PIPE dropLabelsExpr': ($) => [$(2)],
  'pipelineStage: PIPE keepLabelsExpr': ($) => [$(2)],
  'orFilter: STRING': ($) => [str($, 1)],
  'orFilter: STRING OR orFilter': ($) => [str($, 1), ...list<string>($, 3)],
  'lineFilter: filter STRING': lineFilter(1),
  'lineFilter: filter STRING OR orFilter': lineFilter(1, 4),
  'lineFilters: lineFilter': ($) => [$(1)],
  'lineFilters: lineFilter OR orFilter': ($) => {
    const f = $(1) as LineFilterStage;
    return [newLineFilter(f.op, [...f.values, ...list<string>($, 3)])];
  },
  'lineFilters: lineFilters lineFilter': ($) => [...list<Stage>($, 1), $(2)],
  'parserFlags: PARSER_FLAG': ($) => [str($, 1)],
  'parserFlags: parserFlags PARSER_FLAG': ($) => [...list<string>($, 1), str($, 2)],
  'logfmtParser: LOGFMT': () => ({ kind: 'logfmt' }) satisfies ParserStage,
  'logfmtParser: LOGFMT parserFlags': ($) => ({ kind: 'logfmt', flags: list<string>($, 2) }) satisfies ParserStage,
  'labelParser: JSON': () => ({ kind: 'json' }) satisfies ParserStage,
  'jsonExpressionParser: JSON labelExtractionExpressionList': ($) => ({ kind: 'json', params: list($, 2) }) satisfies ParserStage,
  'logfmtExpressionParser: LOGFMT parserFlags labelExtractionExpressionList': ($) =>
    ({ kind: 'logfmt', flags: list<string>($, 2), params: list($, 3) }) satisfies ParserStage,
  'logfmtExpressionParser: LOGFMT labelExtractionExpressionList': ($) => ({ kind: 'logfmt', params: list($, 2) }) satisfies ParserStage,
  'lineFormatExpr: LINE_FMT STRING': ($) => {
    const template = str($, 2);
    if (!/^(?:[^{]|\{(?!\{)|\{\{\s*\.[A-Za-z_][A-Za-z0-9_]*\s*\}\})*$/.test(template)) {
      throw new Unsupported(`line_format templates other than field references ({{.field}}): ${JSON.stringify(template)}`);
    }
    return { kind: 'line_format', template };
  },
  'labelFilter: matcher': ($) => ({ type: 'string', matcher: $(1) as Matcher }) satisfies LabelFilter,
  'labelFilter: unitFilter': pass,
  'labelFilter: numberFilter': pass,
  'labelFilter: OPEN_PARENTHESIS labelFilter CLOSE_PARENTHESIS': second,
  'labelFilter: labelFilter labelFilter': ($) => ({ type: 'and', left: $(1) as LabelFilter, right: $(2) as LabelFilter }) satisfies LabelFilter,
  'labelFilter: labelFilter AND labelFilter': ($) => ({ type: 'and', left: $(1) as LabelFilter, right: $(3) as LabelFilter }) satisfies LabelFilter,
  'labelFilter: labelFilter COMMA labelFilter': ($) => ({ type: 'and', left: $(1) as LabelFilter, right: $(3) as LabelFilter }) satisfies LabelFilter,
  'labelFilter: labelFilter OR labelFilter': ($) => ({ type: 'or', left: $(1) as LabelFilter, right: $(3) as LabelFilter }) satisfies LabelFilter,
  'labelExtractionExpression: IDENTIFIER EQ STRING': ($) => ({ label: str($, 1), expr: str($, 3) }),
  'labelExtractionExpression: IDENTIFIER': ($) => ({ label: str($, 1), expr: str($, 1) }),
  'labelExtractionExpressionList: labelExtractionExpression': ($) => [$(1)],
  'labelExtractionExpressionList: labelExtractionExpressionList COMMA labelExtractionExpression': ($) => [...list($, 1), $(3)],
  'unitFilter: durationFilter': pass,
  'unitFilter: bytesFilter': pass,
  ...Object.fromEntries(CMPS.map(([t, op]) => [`durationFilter: IDENTIFIER ${t} DURATION`, cmp('duration', op)])),
  ...Object.fromEntries(CMPS.map(([t, op]) => [`bytesFilter: IDENTIFIER ${t} BYTES`, cmp('bytes', op)])),
  ...Object.fromEntries(CMPS.map(([t, op]) => [`numberFilter: IDENTIFIER ${t} literalExpr`, cmp('number', op)])),
  'dropLabel: IDENTIFIER': ($) => ({ name: str($, 1) }),
  'dropLabel: matcher': ($) => ({ name: ($(1) as Matcher).name, matcher: $(1) }),
  'dropLabels: dropLabel': ($) => [$(1)],
  'dropLabels: dropLabels COMMA dropLabel': ($) => [...list($, 1), $(3)],
  'dropLabelsExpr: DROP dropLabels': ($) => ({ kind: 'drop', items: list($, 2) }),
  'keepLabel: IDENTIFIER': ($) => ({ name: str($, 1) }),
  'keepLabel: matcher': ($) => ({ name: ($(1) as Matcher).name, matcher: $(1) }),
  'keepLabels: keepLabel': ($) => [$(1)],
  'keepLabels: keepLabels COMMA keepLabel': ($) => [...list($, 1), $(3)],
  'keepLabelsExpr: KEEP keepLabels': ($) => ({ kind: 'keep', items: list($, 2) }),
  ...Object.fromEntries(BINOPS.map(([t, op]) => [`binOpExpr: expr ${t} binOpModifier expr`, binOp(op)])),
  'boolModifier: ': () => ({ returnBool: false, on: false, matching: [] }) satisfies BinOpOptions,
  'boolModifier: BOOL': () => ({ returnBool: true, on: false, matching: [] }) satisfies BinOpOptions,
  'onOrIgnoringModifier: boolModifier ON OPEN_PARENTHESIS labels CLOSE_PARENTHESIS': onOrIgnoring(true, 4),
  'onOrIgnoringModifier: boolModifier ON OPEN_PARENTHESIS CLOSE_PARENTHESIS': onOrIgnoring(true),
  'onOrIgnoringModifier: boolModifier IGNORING OPEN_PARENTHESIS labels CLOSE_PARENTHESIS': onOrIgnoring(false, 4),
  'onOrIgnoringModifier: boolModifier IGNORING OPEN_PARENTHESIS CLOSE_PARENTHESIS': onOrIgnoring(false),
  'binOpModifier: boolModifier': pass,
  'binOpModifier: onOrIgnoringModifier': pass,
  'literalExpr: NUMBER': literal(1, 1),
  'literalExpr: ADD NUMBER': literal(1, 2),
  'literalExpr: SUB NUMBER': literal(-1, 2),
  'vectorExpr: vector OPEN_PARENTHESIS NUMBER CLOSE_PARENTHESIS': ($) => ({ kind: 'vector_literal', value: Number(str($, 3)) }) satisfies SampleExpr,
  'vector: VECTOR': named('vector'),
  ...Object.fromEntries(
    ['SUM', 'AVG', 'COUNT', 'MAX', 'MIN', 'STDDEV', 'STDVAR', 'BOTTOMK', 'TOPK', 'SORT', 'SORT_DESC'].map((t) => [`vectorOp: ${t}`, named(t.toLowerCase())]),
  ),
  ...Object.fromEntries(
    ['COUNT_OVER_TIME', 'RATE', 'BYTES_OVER_TIME', 'BYTES_RATE', 'AVG_OVER_TIME', 'SUM_OVER_TIME', 'MIN_OVER_TIME', 'MAX_OVER_TIME',
      'STDVAR_OVER_TIME', 'STDDEV_OVER_TIME', 'QUANTILE_OVER_TIME', 'FIRST_OVER_TIME', 'LAST_OVER_TIME', 'ABSENT_OVER_TIME',
    ].map((t) => [`rangeOp: ${t}`, named(t.toLowerCase())]),
  ),
  'offsetExpr: OFFSET DURATION': ($) => tok($, 2).duration ?? 0n,
  'labels: IDENTIFIER': ($) => [str($, 1)],
  'labels: labels COMMA IDENTIFIER': ($) => [...list<string>($, 1), str($, 3)],
  'grouping: BY OPEN_PARENTHESIS labels CLOSE_PARENTHESIS': ($) => ({ without: false, labels: list<string>($, 3) }) satisfies Grouping,
  'grouping: WITHOUT OPEN_PARENTHESIS labels CLOSE_PARENTHESIS': ($) => ({ without: true, labels: list<string>($, 3) }) satisfies Grouping,
  'grouping: BY OPEN_PARENTHESIS CLOSE_PARENTHESIS': () => ({ without: false, labels: [] }) satisfies Grouping,
  'grouping: WITHOUT OPEN_PARENTHESIS CLOSE_PARENTHESIS': () => ({ without: true, labels: [] }) satisfies Grouping,
};

