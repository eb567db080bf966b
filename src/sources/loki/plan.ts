/**
 * Turns slices into the fewest Loki requests that respect its limits.
 *
 * - Pieces: consecutive slices spanning at most max_query_length. Every request lies inside
 *   one piece, and a piece's distinct-series count bounds every request in it (for sharding).
 * - Inside a piece, runs of whole slices of exactly `stepMs` become one range query with that
 *   step; anything else (partial days, 23 h / 25 h DST days) is an instant query of its own.
 *
 * Loki's query frontend rounds a range query's start down to a multiple of the step, so a
 * range query cannot be evaluated at, say, Berlin midnights. Instead it is evaluated at
 * multiples of the step and `offset` moves each range back onto the slice. Loki's ranges are
 * (t - range, t]; instant queries at end - 1 ns make them [start, end), the slices' own
 * convention, to the nanosecond. A range query's offset must be whole milliseconds (Loki 3.4.6
 * answers nothing otherwise, measured), so it gets one more millisecond: exact for lines stamped
 * in whole milliseconds, while a line stamped within the last millisecond before a slice's end
 * (sub-millisecond timestamps) counts for the next slice.
 */
import { DAY_MS, TzCalendar, type Window } from '../../time/window.js';
import { summedDaySlices, type Slice } from './slices.js';

/** One instant query over [endMs - rangeMs, endMs). */
export interface InstantStep {
  kind: 'instant';
  endMs: number;
  rangeMs: number;
  index: number;
}

/** One range query: evaluation k at firstEvalMs + k * stepMs covers slot indices[k]. */
export interface RangeStep {
  kind: 'range';
  firstEvalMs: number;
  lastEvalMs: number;
  stepMs: number;
  /** Whole ms to shift each range back by (the extra nanosecond is added when rendering). */
  offsetMs: number;
  indices: number[];
}

export type PlanStep = InstantStep | RangeStep;

/** Consecutive slices whose requests share one series bound. */
export interface Piece {
  startMs: number;
  endMs: number;
  steps: PlanStep[];
}

/** Limits a plan respects. */
export interface PlanLimits {
  /** Loki's max_query_length; counts end - start plus the range of a range query. */
  maxLengthMs: number;
  /** Loki's points per series (11,000). */
  maxPoints: number;
}

/** Pieces and requests for `slices` (sorted, contiguous); `stepMs` enables range queries. */
export function planPieces(slices: readonly Slice[], limits: PlanLimits, stepMs?: number): Piece[] {
  const pieces: Piece[] = [];
  let current: Slice[] = [];
  for (const slice of chunk(slices, limits.maxLengthMs)) {
    const first = current[0];
    if (first && slice.endMs - first.startMs > limits.maxLengthMs) {
      pieces.push(planPiece(current, limits, stepMs));
      current = [];
    }
    current.push(slice);
  }
  if (current.length > 0) pieces.push(planPiece(current, limits, stepMs));
  return pieces;
}

/** Slices longer than the length limit, cut into parts that fit (same slot: counts add up). */
function chunk(slices: readonly Slice[], maxLengthMs: number): Slice[] {
  return slices.flatMap((s) => {
    const parts: Slice[] = [];
    for (let start = s.startMs; start < s.endMs; start += maxLengthMs) {
      parts.push({ startMs: start, endMs: Math.min(s.endMs, start + maxLengthMs), index: s.index });
    }
    return parts;
  });
}

function planPiece(slices: Slice[], limits: PlanLimits, stepMs: number | undefined): Piece {
  const steps: PlanStep[] = [];
  let run: Slice[] = [];
  const flush = (): void => {
    if (run.length > 0) steps.push(...runSteps(run, stepMs!));
    run = [];
  };
  // Loki checks each step-long sub-query of a range query with its range and 1 ns more against the limit.
  const ranged = stepMs !== undefined && 2 * stepMs < limits.maxLengthMs;
  for (const slice of slices) {
    const whole = ranged && slice.endMs - slice.startMs === stepMs;
    if (!whole) {
      flush();
      steps.push(instant(slice));
      continue;
    }
    const last = run[run.length - 1];
    const joins = last && last.endMs === slice.startMs && phase(last.endMs, stepMs) === phase(slice.endMs, stepMs);
    if (!joins || run.length >= limits.maxPoints) flush();
    run.push(slice);
  }
  flush();
  return { startMs: slices[0]!.startMs, endMs: slices[slices.length - 1]!.endMs, steps };
}

function phase(ms: number, stepMs: number): number {
  return ((ms % stepMs) + stepMs) % stepMs;
}

function instant(slice: Slice): InstantStep {
  return { kind: 'instant', endMs: slice.endMs, rangeMs: slice.endMs - slice.startMs, index: slice.index };
}

/** A run of whole, contiguous, same-phase slices: one range query (a single slice is asked instantly). */
function runSteps(run: Slice[], stepMs: number): PlanStep[] {
  if (run.length === 1) return [instant(run[0]!)];
  const offsetMs = (stepMs - phase(run[0]!.endMs, stepMs)) % stepMs;
  return [
    {
      kind: 'range',
      firstEvalMs: run[0]!.endMs + offsetMs,
      lastEvalMs: run[run.length - 1]!.endMs + offsetMs,
      stepMs,
      offsetMs,
      indices: run.map((s) => s.index),
    },
  ];
}

/**
 * Pieces at most this long for a per-user answer asked in user shards (sum by (user) of a day's
 * lines or session starts). Every shard's request makes Loki read all of the piece's lines again,
 * and the shards needed grow with the users a piece holds, which a week has far fewer of than a
 * month: at 10,000 users, a month's adoption report scanned 116 M lines in 741 requests with
 * pieces of 30 days, 44 M in 952 with pieces of 7 days and 19 M in 1,465 with single days, in
 * 139, 64 and 61 s (single-binary Loki 3.4.6, 2 cores). A week keeps most of the gain for a
 * third fewer requests than days, which a small organisation, asked unsharded, pays as well.
 */
export const SHARDED_PIECE_MS = 7 * DAY_MS;

/** `limits` for a per-user answer asked in user shards: pieces of at most SHARDED_PIECE_MS. */
export function shardedLimits(limits: PlanLimits): PlanLimits {
  return { ...limits, maxLengthMs: Math.min(limits.maxLengthMs, SHARDED_PIECE_MS) };
}

/**
 * The plan of a count over the window that adds up across days: the window's local days, whole
 * ones asked as range queries of a one-day step (which Loki splits by step, where an instant
 * query over the window is split into 1 h pieces), all adding to slot 0.
 */
export function summedDayPieces(window: Window, limits: PlanLimits): Piece[] {
  return planPieces(summedDaySlices(new TzCalendar(window)), limits, DAY_MS);
}
