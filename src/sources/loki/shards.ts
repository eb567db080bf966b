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

/** The groups of characters a split into `k` (>= 2) children names, in the children's order; the last child takes the rest. */
function namedGroups(k: number): string[] {
  return alphabetGroups(Math.max(2, k)).slice(0, -1);
}

/** `k` (>= 2) children of `shard`, splitting the next character from the end. */
export function splitShard(shard: Shard, k: number): Shard[] {
  const depth = shard.depth + 1;
  const named = namedGroups(k);
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

/**
 * Which of the children of a split (`splitShard`, whose named groups are `namedGroups(k)`) an id
 * falls into by its character at the split's position (a code point, as in RE2; undefined for ids too
 * short to have one): the group holding it, else the last child. Estimates only: `.` in a suffix
 * does not match a newline, which this does not model; Loki's filters decide.
 */
function childOf(ch: string | undefined, named: readonly string[]): number {
  const i = ch === undefined ? -1 : named.findIndex((group) => group.includes(ch));
  return i < 0 ? named.length : i;
}

/** Split options tried per shard, 2 to this many children. */
const MAX_SPLIT = 16;

interface Fit {
  shards: Shard[];
  /** Ids beyond the cap in the fullest shard (0 when every shard fits). */
  over: number;
}

function better(a: Fit, b: Fit | undefined): boolean {
  return !b || a.over < b.over || (a.over === b.over && a.shards.length < b.shards.length);
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** A way to split one shard: its children's ids (built when explored) and their lower bounds. */
interface Split {
  k: number;
  parts: () => (readonly string[])[][];
  lows: number[];
  low: number;
}

/**
 * Splits of a shard holding `ids` in 2 to MAX_SPLIT children, the most promising (lowest bound)
 * first, so that the first answer found bounds the rest of the search. A part of n ids needs
 * ceil(n / cap) shards at least, an empty one 1. The ids are bucketed by their character once;
 * each split only deals the buckets.
 */
function splits(shard: Shard, ids: readonly (readonly string[])[], cap: number): Split[] {
  const buckets = new Map<string | undefined, (readonly string[])[]>();
  for (const id of ids) {
    const ch = id[id.length - 1 - shard.depth];
    const bucket = buckets.get(ch);
    if (bucket) bucket.push(id);
    else buckets.set(ch, [id]);
  }
  const options: Split[] = [];
  for (let k = 2; k <= MAX_SPLIT; k++) {
    const named = namedGroups(k);
    const owner = new Map([...buckets.keys()].map((ch) => [ch, childOf(ch, named)]));
    const sizes = new Array<number>(k).fill(0);
    for (const [ch, bucket] of buckets) sizes[owner.get(ch)!]! += bucket.length;
    const lows = sizes.map((n) => Math.max(1, Math.ceil(n / cap)));
    const parts = () => {
      const out: (readonly string[])[][] = Array.from({ length: k }, () => []);
      for (const [ch, bucket] of buckets) out[owner.get(ch)!]!.push(...bucket);
      return out;
    };
    options.push({ k, parts, lows, low: sum(lows) });
    // Ids that share this character all go to one part whatever k is: two parts are the fewest
    // requests that lead to the character before.
    if (buckets.size === 1) break;
  }
  return options.sort((a, b) => a.low - b.low || a.k - b.k);
}

/** Searches in `fit` left: once spent, a shard keeps the first (most promising) split it found. */
interface Budget {
  left: number;
}

/**
 * The best split of `shard` holding `ids` (depth first, branch and bound): fewer than `bound`
 * shards that all fit, else undefined. Every shard is a request, an empty one too. Options are
 * tried from the lowest bound up, and those, or children, that cannot beat the best found so
 * far are not explored.
 */
function fit(shard: Shard, ids: readonly (readonly string[])[], cap: number, maxDepth: number, budget: Budget, bound = Infinity): Fit | undefined {
  budget.left--;
  if (ids.length <= cap || shard.depth >= maxDepth) {
    const leaf = { shards: [shard], over: Math.max(0, ids.length - cap) };
    return leaf.over > 0 || 1 < bound ? leaf : undefined;
  }
  let best: Fit | undefined;
  for (const { k, parts: dealt, lows, low } of splits(shard, ids, cap)) {
    const limit = best && best.over === 0 ? best.shards.length : bound;
    if (low >= limit) break;
    if (best?.over === 0 && budget.left <= 0) break;
    const children = splitShard(shard, k);
    const parts = dealt();
    const option: Fit = { shards: [], over: 0 };
    let rest = low;
    for (const [i, child] of children.entries()) {
      rest -= lows[i]!;
      const found = fit(child, parts[i]!, cap, maxDepth, budget, limit - option.shards.length - rest);
      if (!found) {
        option.over = Infinity;
        break;
      }
      option.shards.push(...found.shards);
      option.over = Math.max(option.over, found.over);
    }
    if (option.over !== Infinity && better(option, best)) best = option;
  }
  return best && (best.over > 0 || best.shards.length < bound) ? best : undefined;
}

/** Nodes `shardsFitting` explores at most: a few milliseconds for ~3,000 ids, under a second for 50,000. */
const FIT_BUDGET = 2000;

/**
 * The fewest shards in which none holds more than `cap` of `users` (the user of each series of
 * an answer: a user with two series counts twice), found by splitting, from the last character
 * backwards, only the parts that hold too many, each in the number of children that makes the
 * fewest shards in the end. Ids are not spread evenly over characters: ids of digits have 10
 * last characters, so 6 to 9 groups of them are no better than 5, and a part split again by the
 * character before does better. When no split fits (ids sharing their last `maxDepth`
 * characters), the shards whose fullest holds the fewest.
 */
export function shardsFitting(users: readonly string[], cap: number, maxDepth: number): Shard[] {
  return fit(ROOT_SHARD, users.map((user) => Array.from(user)), Math.max(1, cap), maxDepth, { left: FIT_BUDGET })?.shards ?? [ROOT_SHARD];
}

/** Label filters selecting the shard, e.g. ` | user=~".*[05af]"`; empty for all users. */
export function shardFilters(shard: Shard, label: string): string[] {
  return shard.matchers.map((m) => `${label}${m.op}${logqlString(m.regex)}`);
}
