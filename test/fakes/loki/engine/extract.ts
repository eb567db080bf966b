/**
 * What a range aggregation takes from each log line, as Loki's sample extractors do: the line
 * through the pipeline, the unwrapped value, and the series labels (grouping applies unless the
 * line carries `__error__`, `unwrap` drops the unwrapped label, a pushed-down `sum` grouping may
 * skip the parsers). Lines the pipeline drops are kept without a series, for the read statistics.
 */
import type { Grouping, RangeAggregation } from '../logql/ast.js';
import { goParseFloat, parseGoDurationSeconds, parseHumanBytes } from './convert.js';
import { groupLabels, labelsString, type Labels } from './labels.js';
import { LineLabels } from './line-labels.js';
import { compilePipeline, labelFilter, requiredLabelNames } from './pipeline.js';
import type { ReadLine } from './source.js';

/** One line read: its size and, unless the pipeline dropped it, its series and value. */
export interface Sample {
  tsNs: bigint;
  bytes: number;
  metaBytes: number;
  series?: { key: string; labels: Labels };
  value: number;
}

/** Identifies what `extractSamples` does with a line, so equal range aggregations can share one read. */
export function extractionKey(e: RangeAggregation, grouping: Grouping | undefined): string {
  const replacer = (_: string, v: unknown): unknown => (v instanceof RegExp ? `/${v.source}/${v.flags}` : typeof v === 'bigint' ? v.toString() : v);
  const kind = e.op === 'bytes_over_time' || e.op === 'bytes_rate' ? 'bytes' : e.op === 'absent_over_time' ? 'absent' : 'count';
  return JSON.stringify([e.range.selector, e.range.unwrap ?? null, grouping ?? null, kind], replacer);
}

/** The samples of `lines` (in time order) for `e` under `grouping` (its own or a parent sum's). */
export function extractSamples(e: RangeAggregation, grouping: Grouping | undefined, lines: Iterable<ReadLine>): Sample[] {
  const skipParsers = noLabelsNeeded(e, grouping);
  const pipeline = compilePipeline(e.range.selector.stages, skipParsers);
  const unwrap = e.range.unwrap;
  const isBytes = e.op === 'bytes_over_time' || e.op === 'bytes_rate';
  const preserveError = preservesErrors(e, grouping);
  // `by (a, b)` series are found by their values without building label sets line by line.
  const byKey = grouping && !grouping.without ? grouping.labels : undefined;
  const byValues = new Map<string, { key: string; labels: Labels }>();
  const out: Sample[] = [];
  for (const l of lines) {
    const bytes = Buffer.byteLength(l.line);
    // Loki counts 8 bytes per structured metadata label (detected_level included) on top of the line.
    const metaBytes = 8 * (1 + (l.meta ? Object.keys(l.meta).length : 0));
    const sample: Sample = { tsNs: l.tsNs, bytes, metaBytes, value: 1 };
    out.push(sample);
    const labels = new LineLabels(l.stream.labels, l.meta, l.line);
    labels.preserveError = preserveError;
    const line = pipeline(l.line, labels, l.tsNs);
    if (line === undefined) continue;
    if (isBytes) sample.value = Buffer.byteLength(line);
    if (unwrap) {
      const raw = labels.get(unwrap.label);
      if (raw === undefined || raw === '') continue;
      const conv = unwrap.conv === '' ? goParseFloat(raw) : unwrap.conv === 'bytes' ? parseHumanBytes(raw) : parseGoDurationSeconds(raw);
      if (typeof conv === 'string') {
        labels.setError('SampleExtractionErr', conv);
        sample.value = 0;
      } else sample.value = conv;
      if (!unwrap.postFilters.every((f) => labelFilter(f, labels))) continue;
    }
    const fastKey = byKey ? groupedKey(labels, byKey) : undefined;
    let series = fastKey !== undefined ? byValues.get(fastKey) : undefined;
    if (!series) {
      const seriesOut = seriesLabels(labels, grouping, unwrap?.label, skipParsers);
      series = { key: labelsString(seriesOut), labels: seriesOut };
      if (fastKey !== undefined) byValues.set(fastKey, series);
    }
    sample.series = series;
  }
  return out;
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

