/**
 * Partitions of the user-id space by trailing characters, so that a per-user query whose
 * answer would exceed Loki's series limit can be asked in parts.
 *
 * A shard at depth d pins the last d characters. Its k children at depth d + 1 split the
 * (d+1)-th character from the end: the first k - 1 by groups of ALPHABET (`.*[G]<suffix>`),
 * the last takes every other character of the parent, punctuation, Unicode and a missing
 * character of short ids included (`!~ .*[G1...Gk-1]<suffix>`). The groups are disjoint and the
 * last child is the exact complement of their union, so each user falls into exactly one shard
 * at every depth, and every shard is a request worth sending (no empty "rest" shards).
 */
import { logqlString } from './logql.js';

/** Characters dealt into groups; ids ending in anything else land in the last child. */
export const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A label matcher on the sharded label. */
export interface ShardMatcher {
  op: '=~' | '!~';
  regex: string;
}

/** One part of the user space: users matching all matchers. */
export interface Shard {
  matchers: ShardMatcher[];
  /** Regex of the last `depth` characters this shard pins (`.` where it takes "any other"). */
  suffix: string;
  depth: number;
}

/** All users. */
export const ROOT_SHARD: Shard = { matchers: [], suffix: '', depth: 0 };

/**
 * ALPHABET dealt round-robin into `k` groups, so that ids ending in digits only, hex or
 * letters spread over the groups rather than filling the first ones.
 */
export function alphabetGroups(k: number): string[] {
  const n = Math.max(1, Math.min(k, ALPHABET.length));
  const groups: string[] = Array.from({ length: n }, () => '');
  [...ALPHABET].forEach((ch, i) => (groups[i % n] += ch));
  return groups;
}

/** `k` (>= 2) children of `shard`, splitting the next character from the end. */
export function splitShard(shard: Shard, k: number): Shard[] {
  const depth = shard.depth + 1;
  const groups = alphabetGroups(Math.max(2, k));
  const named = groups.slice(0, -1);
  const excludes = shard.matchers.filter((m) => m.op === '!~');
  const children = named.map(
    (group): Shard => ({
      // The parent's own `=~` matchers are implied by the longer suffix.
      matchers: [...excludes, { op: '=~', regex: `.*[${group}]${shard.suffix}` }],
      suffix: `[${group}]${shard.suffix}`,
      depth,
    }),
  );
  const others: Shard = {
    matchers: [...shard.matchers, { op: '!~', regex: `.*[${named.join('')}]${shard.suffix}` }],
    suffix: `.${shard.suffix}`,
    depth,
  };
  return [...children, others];
}

/**
 * At least `n` shards covering `shard`. Beyond 10 they are spread over several character
 * positions (about n^(1/levels) groups each), so that ids ending in digits only still divide
 * by n instead of by 10.
 */
export function makeShards(shard: Shard, n: number): Shard[] {
  if (n <= 1) return [shard];
  const levels = Math.max(1, Math.ceil(Math.log10(n) - 1e-9));
  const k = Math.ceil(n ** (1 / levels) - 1e-9);
  const children = splitShard(shard, k);
  if (levels === 1) return children;
  return children.flatMap((child) => makeShards(child, Math.ceil(n / k)));
}

/** Label filters selecting the shard, e.g. ` | user=~".*[05af]"`; empty for all users. */
export function shardFilters(shard: Shard, label: string): string[] {
  return shard.matchers.map((m) => `${label}${m.op}${logqlString(m.regex)}`);
}
