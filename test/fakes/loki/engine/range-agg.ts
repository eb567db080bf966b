/**
 * Range aggregations (`count_over_time`, `rate`, `sum_over_time | unwrap`, ...) over a grid of
 * evaluation times. The window of time t is (t - offset - range, t - offset]: a line exactly at t
 * counts for t, as measured on Loki 3.4.6. Series labels follow Loki's sample extractors: grouping
 * applies unless the line carries `__error__`, `unwrap` drops the unwrapped label, and a parent
 * `sum` pushes its grouping down (which also skips parsers when no label is needed at all).
 */
import type { Grouping, RangeAggregation } from '../logql/ast.js';
import { windowFn, type WindowFn } from './window-fns.js';
import { goParseFloat, parseGoDurationSeconds, parseHumanBytes } from './convert.js';
import { groupLabels, labelsString, type Labels } from './labels.js';
import { LineLabels } from './line-labels.js';
import { compilePipeline, labelFilter, requiredLabelNames } from './pipeline.js';
import type { Grid, Matrix } from './matrix.js';
import { PipelineError } from './errors.js';
import type { LineSource, ReadStats } from './source.js';

interface SeriesSamples {
  labels: Labels;
  ts: number[];
  values: number[];
}

/** Whether parsers can be skipped: no label of the line is needed (Loki's noLabels hint). */
function noLabelsNeeded(e: RangeAggregation, grouping: Grouping | undefined): boolean {
  const singleton = grouping !== undefined && !grouping.without && grouping.labels.length === 0;
  return (singleton || e.op === 'absent_over_time') && !e.range.unwrap && requiredLabelNames(e.range.selector.stages).length === 0;
}

/**
 * Loki's parser hints keep a parser error (`__preserve_error__`) instead of failing the query when
 * `__error__` is among the hinted labels and the extractor is grouped `by` something or singleton.
 */
function preservesErrors(e: RangeAggregation, grouping: Grouping | undefined): boolean {
  const hints = new Set([...requiredLabelNames(e.range.selector.stages), ...(grouping?.labels ?? [])]);
  if (e.range.unwrap) {
    hints.add(e.range.unwrap.label);
    for (const name of requiredLabelNames([...e.range.unwrap.postFilters.map((filter) => ({ kind: 'label_filter' as const, filter }))])) hints.add(name);
  }
  if (!hints.has('__error__')) return false;
  const singleton = grouping !== undefined && !grouping.without && grouping.labels.length === 0;
  return singleton || (grouping !== undefined && !grouping.without && grouping.labels.length > 0);
}

/** Evaluates a range aggregation on the grid; `pushed` is a parent sum's grouping. */
export function evalRangeAgg(e: RangeAggregation, grid: Grid, source: LineSource, stats: ReadStats, pushed?: Grouping): Matrix {
  const grouping = e.grouping ?? pushed;
  const skipParsers = noLabelsNeeded(e, grouping);
  const pipeline = compilePipeline(e.range.selector.stages, skipParsers);
  const { rangeNs, offsetNs, unwrap } = e.range;
  const tLast = grid.t0 + grid.step * BigInt(grid.n - 1);
  const base = grid.t0 - offsetNs - rangeNs;
  const series = new Map<string, SeriesSamples>();
  const isBytes = e.op === 'bytes_over_time' || e.op === 'bytes_rate';
  const preserveError = preservesErrors(e, grouping);
  // `by (a, b)` series are found by their values without building label sets line by line.
  const byKey = grouping && !grouping.without ? grouping.labels : undefined;
  const byValues = new Map<string, SeriesSamples>();
  for (const l of source.read(e.range.selector.matchers, base + 1n, tLast - offsetNs + 1n, stats)) {
    const labels = new LineLabels(l.stream.labels, l.meta, l.line);
    labels.preserveError = preserveError;
    const line = pipeline(l.line, labels, l.tsNs);
    if (line === undefined) continue;
    let value = 1;
    if (isBytes) value = Buffer.byteLength(line);
    if (unwrap) {
      const raw = labels.get(unwrap.label);
      if (raw === undefined || raw === '') continue;
      const conv = unwrap.conv === '' ? goParseFloat(raw) : unwrap.conv === 'bytes' ? parseHumanBytes(raw) : parseGoDurationSeconds(raw);
      if (typeof conv === 'string') {
        labels.setError('SampleExtractionErr', conv);
        value = 0;
      } else value = conv;
      if (!unwrap.postFilters.every((f) => labelFilter(f, labels))) continue;
    }
    let s: SeriesSamples | undefined;
    const fastKey = byKey ? groupedKey(labels, byKey) : undefined;
    if (fastKey !== undefined) s = byValues.get(fastKey);
    if (!s) {
      const out = seriesLabels(labels, grouping, unwrap?.label, skipParsers);
      const key = labelsString(out);
      s = series.get(key);
      if (!s) {
        s = { labels: out, ts: [], values: [] };
        series.set(key, s);
      }
      if (fastKey !== undefined) byValues.set(fastKey, s);
    }
    s.ts.push(Number(l.tsNs - base));
    s.values.push(value);
  }
  const m = sweep(series, grid, Number(rangeNs), windowFn(e));
  if (e.op === 'absent_over_time') return absent(e, m, grid);
  throwOnPipelineError(m, grid);
  return m;
}

/** The values of the `by` labels as a map key; undefined when the line has an error (full labels then). */
function groupedKey(labels: LineLabels, names: readonly string[]): string | undefined {
  if (labels.err !== '') return undefined;
  let key = '';
  for (const n of names) {
    const v = labels.get(n);
    key += v === undefined ? '\u0001' : '\u0002' + v;
    key += '\u0000';
  }
  return key;
}

/** GroupedLabels: full labels when the line has an error, else the grouping (unwrap drops its label). */
function seriesLabels(labels: LineLabels, grouping: Grouping | undefined, unwrapLabel: string | undefined, noLabels: boolean): Labels {
  if (labels.err !== '') return labels.all();
  const singleton = grouping !== undefined && !grouping.without && grouping.labels.length === 0;
  if (noLabels || singleton) return {};
  const all = labels.all();
  if (unwrapLabel !== undefined) {
    if (!grouping || grouping.without) return groupLabels(all, [...(grouping?.labels ?? []), unwrapLabel], true);
    return groupLabels(all, grouping.labels, false);
  }
  if (!grouping) return all;
  return groupLabels(all, grouping.labels, grouping.without);
}

/** Slides the window over each series' samples (relative ns, time order). */
function sweep(series: Map<string, SeriesSamples>, grid: Grid, rangeRel: number, fn: WindowFn): Matrix {
  const step = Number(grid.step);
  const out: Matrix = new Map();
  for (const [key, s] of series) {
    const values: (number | undefined)[] = new Array<number | undefined>(grid.n).fill(undefined);
    let lo = 0;
    let hi = 0;
    let any = false;
    for (let k = 0; k < grid.n; k++) {
      const end = k * step + rangeRel;
      const start = k * step;
      while (hi < s.ts.length && (s.ts[hi] ?? 0) <= end) hi++;
      while (lo < hi && (s.ts[lo] ?? 0) <= start) lo++;
      if (hi > lo) {
        values[k] = fn(s.values.slice(lo, hi));
        any = true;
      }
    }
    if (any) out.set(key, { labels: s.labels, values });
  }
  return out;
}

function throwOnPipelineError(m: Matrix, grid: Grid): void {
  for (let k = 0; k < grid.n; k++) {
    const failing = [...m.values()].filter((s) => s.values[k] !== undefined && s.labels.__error__ !== undefined && s.labels.__preserve_error__ !== 'true');
    if (failing.length) throw new PipelineError(failing.map((s) => labelsString(s.labels)).sort()[0] ?? '{}', failing[0]?.labels.__error__ ?? '');
  }
}

/** absent_over_time: 1 where no series has a sample, labelled by the selector's equality matchers. */
function absent(e: RangeAggregation, m: Matrix, grid: Grid): Matrix {
  const labels: Labels = {};
  for (const mt of e.range.selector.matchers) if (mt.op === '=' && labels[mt.name] === undefined) labels[mt.name] = mt.value;
  const values = Array.from({ length: grid.n }, (_, k) => ([...m.values()].some((s) => s.values[k] !== undefined) ? undefined : 1));
  return values.some((v) => v !== undefined) ? new Map([[labelsString(labels), { labels, values }]]) : new Map();
}
