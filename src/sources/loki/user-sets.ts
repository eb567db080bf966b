/**
 * Sets of users as LogQL vectors that Loki evaluates and counts on the server: "active in
 * [from, to)" is `count_over_time(<pipeline> | keep user [range] offset o)` (one series per
 * user, whatever the app or stream), and set algebra is `and`, `or`, `unless` between them.
 * Nothing per user ever comes back: the caller wraps the set in `count(...)`.
 *
 * Every range is placed by an offset from the request's evaluation time T: Loki's window of a
 * range aggregation is (T - o - range, T - o], so o = T - to + 1 ns makes it [from, to) to the
 * nanosecond (instant queries keep sub-millisecond offsets; range queries would not). Ranges
 * longer than the length limit are cut into even pieces united with `or`; apps are united with
 * `or` too, or share one selector when they can (selectors.ts).
 */
import { HOUR_MS } from '../../time/window.js';
import { offsetDuration, rangeDuration } from './logql.js';
import { labelIs, pipeline, type LogApp } from './pipeline.js';
import type { AppGroup } from './selectors.js';
import { shardFilters, type Shard } from './shards.js';

/** Users with a line in [from, to) (from < to). */
export interface ActiveIn {
  kind: 'active';
  from: number;
  to: number;
}

/** A set operation between two user sets. */
export interface SetOp {
  kind: 'and' | 'or' | 'unless';
  left: UserSet;
  right: UserSet;
}

/** A set of users; null is the empty set (nothing to ask). */
export type UserSet = ActiveIn | SetOp;

/** Users active in [from, to); null when the range is empty. */
export function activeIn(from: number, to: number): UserSet | null {
  return from < to ? { kind: 'active', from, to } : null;
}

/** Users in `a` and not in `b`. */
export function unless(a: UserSet | null, b: UserSet | null): UserSet | null {
  if (a === null || b === null) return a;
  return { kind: 'unless', left: a, right: b };
}

/** Users in both. */
export function and(a: UserSet | null, b: UserSet | null): UserSet | null {
  return a === null || b === null ? null : { kind: 'and', left: a, right: b };
}

/** The time ranges a set reads, in order. */
export function leaves(set: UserSet): ActiveIn[] {
  return set.kind === 'active' ? [set] : [...leaves(set.left), ...leaves(set.right)];
}

/** The fewest pieces of [from, to) none longer than `maxMs`, their lengths within 1 ms of each other (none needlessly short). */
export function pieces(from: number, to: number, maxMs: number): { from: number; to: number }[] {
  const length = to - from;
  const n = Math.max(1, Math.ceil(length / maxMs));
  const size = Math.floor(length / n);
  const longer = length - size * n;
  const out: { from: number; to: number }[] = [];
  for (let i = 0, start = from; i < n; i++) {
    const end = start + size + (i < longer ? 1 : 0);
    out.push({ from: start, to: end });
    start = end;
  }
  return out;
}

/** What rendering a set needs. */
export interface SetRender {
  groups: readonly AppGroup[];
  /** Evaluation time of the request, epoch ms (>= every range's end). */
  evalMs: number;
  /** Longest range of one piece. */
  maxRangeMs: number;
  shard: Shard;
  /** Only this user's lines. */
  user?: string | undefined;
}

/** The pipeline of a group: lines with a user, only the `user` label kept. */
export function userPipeline(group: AppGroup, shard: Shard, user?: string): string {
  const app: LogApp = { ...group.apps[0]!, selector: group.selector };
  const filters = [labelIs('user', '', '!='), ...shardFilters(shard, 'user')];
  return pipeline(app, { fields: ['user'], filters, user, tail: '| keep user' });
}

/** The LogQL vector of `set`: one series per user in it. */
export function renderSet(set: UserSet, r: SetRender): string {
  if (set.kind !== 'active') return `(${renderSet(set.left, r)} ${set.kind} ${renderSet(set.right, r)})`;
  const terms: string[] = [];
  for (const group of r.groups) {
    const logs = userPipeline(group, r.shard, r.user);
    for (const p of pieces(set.from, set.to, r.maxRangeMs)) {
      terms.push(`count_over_time(${logs} [${rangeDuration(p.to - p.from)}] offset ${offsetDuration(r.evalMs - p.to, 1)})`);
    }
  }
  return terms.length === 1 ? terms[0]! : `(${terms.join(' or ')})`;
}

/**
 * Whether Loki splits every range of the set into 1 h pieces when asked instantly: a range of
 * 1 h or less is evaluated whole, and takes the whole binary operation (and any request it is
 * packed into) with it, so that every range is then limited by its whole series count
 * (measured, test/fakes/loki/README.md).
 */
export function splitsWhole(set: UserSet, maxRangeMs: number): boolean {
  return leaves(set).every((leaf) => pieces(leaf.from, leaf.to, maxRangeMs).every((p) => p.to - p.from > HOUR_MS));
}
