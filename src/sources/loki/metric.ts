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
import { ROOT_SHARD, makeShards, shardFilters, shardsFitting, splitShard, type Shard } from './shards.js';

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

/** Shards are planned from a piece already answered so that none holds more than this share of the limit. */
const NEIGHBOUR_FILL = 0.8;
/** Pieces remembered per app, series labels and user. */
const SEEN_KEPT = 64;

/** A piece of a per-user answer: when it starts, how long it is, and the user of each of its series. */
export interface SeenPiece {
  startMs: number;
  lengthMs: number;
  users: readonly string[];
}

/** What a run needs: the API and the series limit. */
export interface MetricContext {
  api: LokiApi;
  maxSeries: number;
  /** Pieces of per-user answers already received, by app, series labels and user (see runMetric). */
  seen?: Map<string, SeenPiece[]>;
}

/** The LogQL text of `spec` over a range, optionally shifted by `offset` and restricted to a shard. */
export function renderMetric(spec: MetricSpec, rangeMs: number, offset?: string, shard: Shard = ROOT_SHARD): string {
  const filters = [...spec.pipeline.filters, ...shardFilters(shard, FIELD_LABEL.user)];
  const logs = pipeline(spec.app, { ...spec.pipeline, filters });
  return spec.aggregate(`${logs} [${rangeDuration(rangeMs)}]${offset ? ` offset ${offset}` : ''}`);
}

/**
 * Runs `spec` over `pieces`, `slots` values per series. A piece of a per-user answer is asked in
 * the shards that would have fitted a piece already answered near it (its users' ids dealt
 * into them: `shardsFitting`): the nearest in time of the same length, else of a longer one
 * (more users, so never too few shards), in the order of `longestNewestFirst`. Users change
 * little from one week to the next, and a week without a line next to another is asked once,
 * not once per shard of a busy one. A piece with no such neighbour is asked whole, and split
 * only when Loki refuses it for its series: counting a piece's series up front is an instant
 * query over the whole piece, which Loki's frontend splits into 1 h parts (168 for a week;
 * measured on a single-binary Loki 3.4.6: 0.5-5 s, where a shard's per-day answer took 0.2 s).
 */
export async function runMetric(ctx: MetricContext, spec: MetricSpec, pieces: readonly Piece[], slots: number, tally: Tally): Promise<SeriesTable> {
  const table: SeriesTable = new Map();
  const key = spec.shardBy ? [spec.app.id, spec.shardBy.join(','), spec.pipeline.user ?? ''].join('\u0000') : '';
  for (const piece of spec.shardBy ? longestNewestFirst(pieces) : pieces) {
    const near = spec.shardBy ? neighbour(ctx.seen?.get(key), piece) : undefined;
    const shards = near ? shardsFitting(near.users, Math.floor(ctx.maxSeries * NEIGHBOUR_FILL), MAX_SHARD_DEPTH) : [ROOT_SHARD];
    const parts = await Promise.all(shards.map((shard) => runShard(ctx, spec, piece, shard, slots, tally)));
    for (const part of parts) mergeInto(table, part);
    if (spec.shardBy) {
      const users = parts.flatMap((part) => [...part.values()].map((row) => row.labels[FIELD_LABEL.user] ?? ''));
      remember(ctx, key, { startMs: piece.startMs, lengthMs: piece.endMs - piece.startMs, users });
    }
  }
  return table;
}

/**
 * The order a per-user answer's pieces are asked in: whole weeks before a shorter piece, which
 * can then take their shards, and the newest first. An app's first lines are often in the
 * window (a lookback reaching before them): asked from the newest, the weeks before the first
 * line take the shards of the week after them once, then find an empty neighbour and are
 * asked whole; asked from the oldest, the first week with lines would follow an empty one, be
 * asked whole, refused, and counted.
 */
function longestNewestFirst(pieces: readonly Piece[]): Piece[] {
  return [...pieces].sort((a, b) => days(b.endMs - b.startMs) - days(a.endMs - a.startMs) || b.startMs - a.startMs);
}

/** Whole days of a piece: a day of 23 or 25 hours (DST) counts as one. */
function days(lengthMs: number): number {
  return Math.round(lengthMs / DAY_MS);
}

/** The answered piece nearest in time to `piece` of the same length in days, else of a longer one. */
function neighbour(seen: readonly SeenPiece[] | undefined, piece: Piece): SeenPiece | undefined {
  const length = days(piece.endMs - piece.startMs);
  const nearest = (candidates: SeenPiece[]) =>
    candidates.reduce<SeenPiece | undefined>((best, p) => (!best || Math.abs(p.startMs - piece.startMs) < Math.abs(best.startMs - piece.startMs) ? p : best), undefined);
  const all = seen ?? [];
  return nearest(all.filter((p) => days(p.lengthMs) === length)) ?? nearest(all.filter((p) => days(p.lengthMs) > length));
}

function remember(ctx: MetricContext, key: string, piece: SeenPiece): void {
  const seen = (ctx.seen ??= new Map());
  const list = seen.get(key) ?? [];
  list.push(piece);
  if (list.length > SEEN_KEPT) list.shift();
  seen.set(key, list);
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

async function runShard(ctx: MetricContext, spec: MetricSpec, piece: Piece, shard: Shard, slots: number, tally: Tally): Promise<SeriesTable> {
  const local: SeriesTable = new Map();
  try {
    for (const step of piece.steps) await runStep(ctx, spec, step, shard, slots, local, tally);
    return local;
  } catch (error) {
    if (!isSeriesLimit(error)) throw error;
    if (!spec.shardBy || shard.depth >= MAX_SHARD_DEPTH) throw seriesError(ctx, spec, piece, shard, error);
    // More series in this shard than hoped: count them, and split it by as many parts as needed.
    const children = await shardsFor(ctx, spec, piece, shard, 2, tally);
    const parts = await Promise.all(children.map((child) => runShard(ctx, spec, piece, child, slots, tally)));
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
