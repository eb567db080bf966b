/**
 * Range aggregations (`count_over_time`, `rate`, `sum_over_time | unwrap`, ...) over a grid of
 * evaluation times. The window of time t is (t - offset - range, t - offset]: a line exactly at t
 * counts for t, as measured on Loki 3.4.6. What each line adds is extract.ts's business; several
 * range aggregations of one query over the same lines share one read (sample-cache.ts).
 */
import type { Grouping, RangeAggregation } from '../logql/ast.js';
import { windowFn, type WindowFn } from './window-fns.js';
import { labelsString, type Labels } from './labels.js';
import type { Grid, Matrix } from './matrix.js';
import { PipelineError, SeriesLimitError } from './errors.js';
import { extractSamples, extractionKey, type Sample } from './extract.js';
import type { SampleCache } from './sample-cache.js';
import type { LineSource, ReadStats } from './source.js';

interface SeriesSamples {
  labels: Labels;
  ts: number[];
  values: number[];
}

/** How the query around a range aggregation is run. */
export interface RangeAggOptions {
  /** A range query (query_range), whose sample times Loki truncates to the millisecond. */
  rangeQuery?: boolean;
  /** The instant query is split into pieces of `splitNs` (newest first), each limited to `maxSeries` series. */
  pieces?: { splitNs: bigint; maxSeries: number };
  /** Reads shared by the range aggregations of one query. */
  cache?: SampleCache;
}

/** Every line read counts in the statistics, as Loki counts what it processed. */
function count(stats: ReadStats, s: Sample): void {
  stats.lines++;
  stats.bytes += s.bytes + s.metaBytes;
  stats.metadataBytes += s.metaBytes;
}

const MS_NS = 1_000_000n;

/** Evaluates a range aggregation on the grid; `pushed` is a parent sum's grouping. */
export function evalRangeAgg(e: RangeAggregation, grid: Grid, source: LineSource, stats: ReadStats, pushed?: Grouping, opts: RangeAggOptions = {}): Matrix {
  // Loki stamps each sample at (t - offset)/1e6 + offset/1e6 ms, integer divisions: an offset with
  // a sub-millisecond part puts every sample 1 ms before its step, and a range query keeps none (measured).
  if (opts.rangeQuery && e.range.offsetNs % MS_NS !== 0n) return new Map();
  const grouping = e.grouping ?? pushed;
  const { rangeNs, offsetNs } = e.range;
  const tLast = grid.t0 + grid.step * BigInt(grid.n - 1);
  const base = grid.t0 - offsetNs - rangeNs;
  const [from, to] = [base + 1n, tLast - offsetNs + 1n];
  const samples = opts.cache
    ? opts.cache.samples(extractionKey(e, grouping), from, to, (f, t) => extractSamples(e, grouping, source.read(e.range.selector.matchers, f, t, { lines: 0, bytes: 0, metadataBytes: 0 })))
    : extractSamples(e, grouping, source.read(e.range.selector.matchers, from, to, { lines: 0, bytes: 0, metadataBytes: 0 }));
  const series = new Map<string, SeriesSamples>();
  const pieces = opts.pieces && grid.n === 1 ? new PieceSeries(grid.t0 - offsetNs, opts.pieces.splitNs, opts.pieces.maxSeries) : undefined;
  for (const sample of samples) {
    count(stats, sample);
    if (!sample.series) continue;
    let s = series.get(sample.series.key);
    if (!s) series.set(sample.series.key, (s = { labels: sample.series.labels, ts: [], values: [] }));
    s.ts.push(Number(sample.tsNs - base));
    s.values.push(sample.value);
    pieces?.add(sample.tsNs, s);
  }
  const m = sweep(series, grid, Number(rangeNs), windowFn(e));
  if (e.op === 'absent_over_time') return absent(e, m, grid);
  throwOnPipelineError(m, grid);
  return m;
}

/** Distinct series per piece (t - (k+1)·split, t - k·split] of a split instant query; throws past the limit. */
class PieceSeries {
  private readonly seen = new Map<bigint, Set<object>>();

  constructor(
    private readonly end: bigint,
    private readonly splitNs: bigint,
    private readonly maxSeries: number,
  ) {}

  add(tsNs: bigint, series: object): void {
    const k = (this.end - tsNs) / this.splitNs;
    let set = this.seen.get(k);
    if (!set) this.seen.set(k, (set = new Set()));
    set.add(series);
    if (set.size > this.maxSeries) throw new SeriesLimitError(this.maxSeries);
  }
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
