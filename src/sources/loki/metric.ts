/**
 * Runs one metric question over a plan: every piece, every request in it, sharded by user when
 * the answer has one series per user, and adds the values up per series and slot.
 */
import { DAY_MS } from '../../time/window.js';
import { msToNs, type LokiApi, type Tally } from './api.js';
import { isSeriesLimit, lokiError } from './errors.js';
import { offsetDuration, rangeDuration } from './logql.js';
import { FIELD_LABEL, pipeline, type LogApp, type PipelineSpec } from './pipeline.js';
import type { Piece, PlanStep } from './plan.js';
import { ROOT_SHARD, makeShards, shardFilters, splitShard, type Shard } from './shards.js';

/** A metric question over one app's logs, before time range and shard are chosen. */
export interface MetricSpec {
  app: LogApp;
  pipeline: PipelineSpec;
  /** Wraps the range aggregation, e.g. `(r) => \`sum by (user) (count_over_time(${r}))\``. */
  aggregate: (logRange: string) => string;
  /**
   * The labels of one result series when there is one per user (e.g. `['user']` or
   * `['feature', 'user']`): the answer is then sharded by user when it has too many series.
   */
  shardBy?: readonly string[] | undefined;
  /** The answer has several series (grouped by a label) though not one per user: range queries then guard them like sharded ones. */
  grouped?: boolean;
}

/** One result series: its labels and a value per slot. */
export interface SeriesValues {
  labels: Record<string, string>;
  values: number[];
}

/** Series by label-set key. */
export type SeriesTable = Map<string, SeriesValues>;

/** Shards are sized for this share of the series limit: trailing characters are not uniform. */
const SHARD_FILL = 0.6;
/** Parts a shard is cut into when Loki cannot even count its series. */
const BLIND_SPLIT = 8;
/** Trailing characters examined at most; beyond that, sharding cannot help. */
const MAX_SHARD_DEPTH = 6;

/** What a run needs: the API and the series limit. */
export interface MetricContext {
  api: LokiApi;
  maxSeries: number;
  /** Shards that answered the last time, by app, series labels, user and piece length in days (see runMetric). */
  shards?: Map<string, number>;
}

/** The LogQL text of `spec` over a range, optionally shifted by `offset` and restricted to a shard. */
export function renderMetric(spec: MetricSpec, rangeMs: number, offset?: string, shard: Shard = ROOT_SHARD): string {
  const filters = [...spec.pipeline.filters, ...shardFilters(shard, FIELD_LABEL.user)];
  const logs = pipeline(spec.app, { ...spec.pipeline, filters });
  return spec.aggregate(`${logs} [${rangeDuration(rangeMs)}]${offset ? ` offset ${offset}` : ''}`);
}

/**
 * Runs `spec` over `pieces`, `slots` values per series. A per-user answer is first asked in as
 * many shards as answered last time for this app and piece length (none at first: a week has
 * fewer users than a month), and split only when Loki
 * refuses it for its series: counting a piece's series up front is an instant query over the
 * whole piece, which Loki's frontend splits into 1 h parts (720 for 30 days; measured on a
 * single-binary Loki 3.4.6: 5 s, where the per-day answer itself took 0.2 s).
 */
export async function runMetric(ctx: MetricContext, spec: MetricSpec, pieces: readonly Piece[], slots: number, tally: Tally): Promise<SeriesTable> {
  const table: SeriesTable = new Map();
  const base = spec.shardBy ? [spec.app.id, spec.shardBy.join(','), spec.pipeline.user ?? ''].join('\u0000') : '';
  for (const piece of pieces) {
    const key = `${base}\u0000${Math.round((piece.endMs - piece.startMs) / DAY_MS)}`;
    const shards = spec.shardBy ? makeShards(ROOT_SHARD, ctx.shards?.get(key) ?? 1) : [ROOT_SHARD];
    const answered = { shards: 0 };
    const parts = await Promise.all(shards.map((shard) => runShard(ctx, spec, piece, shard, slots, tally, answered)));
    for (const part of parts) mergeInto(table, part);
    if (spec.shardBy && answered.shards > (ctx.shards?.get(key) ?? 1)) (ctx.shards ??= new Map()).set(key, answered.shards);
  }
  return table;
}

/**
 * Distinct series `spec` has over the whole piece, within `shard`. Counted straight from the
 * range aggregation with only the series labels kept: Loki 3.4.6 applies the series limit to
 * the `sum by (user)` of `count(sum by (user) (...))`, but not to a range aggregation (with a
 * parser stage) that `count` consumes directly (measured, test/fakes/loki/README.md).
 * Rethrows the series limit as is.
 */
export async function countSeries(ctx: MetricContext, spec: MetricSpec, piece: Piece, shard: Shard, tally: Tally): Promise<number> {
  const labels = spec.shardBy ?? [];
  const filters = [...spec.pipeline.filters, ...shardFilters(shard, FIELD_LABEL.user)];
  const logs = pipeline(spec.app, { ...spec.pipeline, filters, tail: `| keep ${labels.join(', ')}` });
  const query = `count(count_over_time(${logs} [${rangeDuration(piece.endMs - piece.startMs)}]))`;
  const samples = await ctx.api.instant(query, msToNs(piece.endMs) - 1n, tally);
  return samples[0]?.value.value ?? 0;
}

function shardCount(series: number, maxSeries: number): number {
  return Math.ceil(series / Math.max(1, Math.floor(maxSeries * SHARD_FILL)));
}

/** Shards of `shard` (at least `minParts`) sized from a count of its series; none when it has no series. */
async function shardsFor(ctx: MetricContext, spec: MetricSpec, piece: Piece, shard: Shard, minParts: number, tally: Tally): Promise<Shard[]> {
  let series: number;
  try {
    series = await countSeries(ctx, spec, piece, shard, tally);
  } catch (error) {
    if (!isSeriesLimit(error) || shard.depth >= MAX_SHARD_DEPTH) throw seriesError(ctx, spec, piece, shard, error);
    // Too many even to count: cut blindly, then size each part.
    const parts = await Promise.all(splitShard(shard, BLIND_SPLIT).map((part) => shardsFor(ctx, spec, piece, part, 1, tally)));
    return parts.flat();
  }
  if (series === 0) return [];
  const n = Math.max(minParts, shardCount(series, ctx.maxSeries));
  return n <= 1 ? [shard] : makeShards(shard, n);
}

function seriesError(ctx: MetricContext, spec: MetricSpec, piece: Piece, shard: Shard, error: unknown): unknown {
  return lokiError(error, ctx.api.name, renderMetric(spec, piece.endMs - piece.startMs, undefined, shard));
}

async function runShard(ctx: MetricContext, spec: MetricSpec, piece: Piece, shard: Shard, slots: number, tally: Tally, answered: { shards: number }): Promise<SeriesTable> {
  const local: SeriesTable = new Map();
  try {
    for (const step of piece.steps) await runStep(ctx, spec, step, shard, slots, local, tally);
    answered.shards++;
    return local;
  } catch (error) {
    if (!isSeriesLimit(error)) throw error;
    if (!spec.shardBy || shard.depth >= MAX_SHARD_DEPTH) throw seriesError(ctx, spec, piece, shard, error);
    // More series in this shard than hoped: count them, and split it by as many parts as needed.
    const children = await shardsFor(ctx, spec, piece, shard, 2, tally);
    const parts = await Promise.all(children.map((child) => runShard(ctx, spec, piece, child, slots, tally, answered)));
    const merged: SeriesTable = new Map();
    for (const part of parts) mergeInto(merged, part);
    return merged;
  }
}

async function runStep(ctx: MetricContext, spec: MetricSpec, step: PlanStep, shard: Shard, slots: number, into: SeriesTable, tally: Tally): Promise<void> {
  if (step.kind === 'instant') {
    const query = renderMetric(spec, step.rangeMs, undefined, shard);
    for (const sample of await ctx.api.instant(query, msToNs(step.endMs) - 1n, tally)) {
      add(into, sample.metric, step.index, sample.value.value, slots);
    }
    return;
  }
  // Whole milliseconds only: Loki 3.4.6 answers a range query with a sub-millisecond offset with
  // nothing at all (it stamps the samples 1 ms early; measured). One more millisecond instead of
  // one more nanosecond makes (t - range, t] into [start, end) for lines stamped in whole ms.
  let query = renderMetric(spec, step.stepMs, offsetDuration(step.offsetMs + 1), shard);
  // Loki splits the query into one part per step, sorts the parts by their first series' first
  // sample and drops what overlaps: a part whose first series starts late loses other series'
  // earlier samples (measured). A series sorting first ({}) with a sample at every step prevents it.
  const guarded = spec.shardBy !== undefined || spec.grouped === true;
  if (guarded) query = `${query} or vector(0)`;
  const series = await ctx.api.range(query, msToNs(step.firstEvalMs), msToNs(step.lastEvalMs), step.stepMs, tally);
  for (const s of series) {
    if (guarded && Object.keys(s.metric).length === 0) continue;
    for (const point of s.values) {
      const slot = step.indices[Math.round((point.ms - step.firstEvalMs) / step.stepMs)];
      if (slot !== undefined) add(into, s.metric, slot, point.value, slots);
    }
  }
}

/** Identity of a label set, independent of key order. */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function add(table: SeriesTable, labels: Record<string, string>, slot: number, value: number, slots: number): void {
  if (Number.isNaN(value)) return;
  const key = labelsKey(labels);
  let row = table.get(key);
  if (!row) {
    row = { labels, values: new Array<number>(slots).fill(0) };
    table.set(key, row);
  }
  row.values[slot] = (row.values[slot] ?? 0) + value;
}

function mergeInto(table: SeriesTable, part: SeriesTable): void {
  for (const [key, row] of part) {
    const existing = table.get(key);
    if (!existing) table.set(key, row);
    else row.values.forEach((v, i) => (existing.values[i] = (existing.values[i] ?? 0) + v));
  }
}
