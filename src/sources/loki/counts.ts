/**
 * Sizes of user sets, counted by Loki: each set is asked as `count(<set>)` in an instant query,
 * and several sets share one request as `count by (k) (label_replace(<set1>, "k", "<key1>", "", "")
 * or ...)`, so that a month of daily figures costs a few answers rather than one per figure.
 *
 * Limits met (measured on Loki 3.4.6, test/fakes/loki/README.md): an instant query is split
 * into 1 h pieces and max_query_series applies to the users of each piece of each range. When a
 * piece has too many, the apps sharing one selector are asked apart (`or`), then the user space
 * is split by trailing characters (shards.ts) and the counts of the parts added up: a user is in
 * exactly one part, and every set operation keeps to it. What worked is remembered for the next
 * question about the same apps. Packing stops at a budget of log time read per request.
 */
import type { Tally } from './api.js';
import { msToNs } from './api.js';
import { DEFAULT_RANGE_DAYS_PER_REQUEST, appOf, logged, type SourceContext } from './context.js';
import { isSeriesLimit, lokiError } from './errors.js';
import { appGroups, type AppGroup } from './selectors.js';
import { ROOT_SHARD, makeShards, splitShard, type Shard } from './shards.js';
import { leaves, renderSet, splitsWhole, type UserSet } from './user-sets.js';
import type { LogApp } from './pipeline.js';

/** One figure to count: the size of a set (null = the empty set, 0 without asking). */
export interface CountTerm {
  /** Names the figure in the answer; letters, digits and `_` only. */
  key: string;
  set: UserSet | null;
}

/** Figures about the users of some apps. */
export interface CountQuestion {
  apps: readonly string[];
  user?: string | undefined;
  terms: CountTerm[];
  /** For the query log. */
  purpose: string;
}

/** How a set of apps was last asked successfully. */
export interface Fanout {
  /** Apps with selectors that differ in one label share one selector. */
  combine: boolean;
  /** Parts the user space is split into. */
  shards: number;
}

/** Parts a shard is cut into when Loki refuses it for its series. */
const SPLIT = 4;
const MAX_SHARD_DEPTH = 6;
/** Sets per request at most (keeps query texts reasonable). */
const MAX_TERMS = 48;

/** The size of every set, by key. */
export async function countSets(ctx: SourceContext, q: CountQuestion): Promise<Map<string, number>> {
  const out = new Map(q.terms.map((t) => [t.key, 0]));
  const asked = q.terms.filter((t): t is { key: string; set: UserSet } => t.set !== null);
  if (asked.length === 0) return out;
  const apps = [...new Set(q.apps)].map((id) => appOf(ctx, id));
  const memoKey = apps.map((a) => a.id).sort().join('\u0000');
  const fanout = ctx.fanout.get(memoKey) ?? { combine: true, shards: 1 };
  ctx.fanout.set(memoKey, fanout);
  const budget = { rangeMs: (ctx.limits.maxRangeDaysPerRequest ?? DEFAULT_RANGE_DAYS_PER_REQUEST) * 86_400_000, terms: Math.min(MAX_TERMS, ctx.limits.maxSeriesPerQuery) };
  const requests = pack(asked, ctx.plan.maxLengthMs - 1, budget, apps.length);
  const first = asked[0]!;
  const example = `count(${renderSet(first.set, { groups: appGroups(apps, true), evalMs: lastEnd([first]), maxRangeMs: ctx.plan.maxLengthMs - 1, shard: ROOT_SHARD, user: q.user })})`;
  const purpose = `${q.purpose}: ${asked.length} distinct-user count${asked.length === 1 ? '' : 's'}, counted by Loki`;
  const parts = await logged(ctx, example, purpose, (tally) =>
    Promise.all(requests.map((terms) => askAll(ctx, { apps, user: q.user, fanout, tally }, terms))),
  );
  for (const part of parts) for (const [key, n] of part) out.set(key, n);
  return out;
}

/** Requests: sets in order, up to a budget of range x apps and of sets (one answer series each); a set Loki would not split goes alone. */
export function pack<T extends { set: UserSet }>(terms: T[], maxRangeMs: number, budget: { rangeMs: number; terms: number }, apps: number): T[][] {
  const requests: T[][] = [];
  let current: T[] = [];
  let work = 0;
  for (const term of terms) {
    const cost = leaves(term.set).reduce((sum, l) => sum + (l.to - l.from), 0) * apps;
    if (!splitsWhole(term.set, maxRangeMs)) {
      requests.push([term]);
      continue;
    }
    if (current.length > 0 && (work + cost > budget.rangeMs || current.length >= budget.terms)) {
      requests.push(current);
      current = [];
      work = 0;
    }
    current.push(term);
    work += cost;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

interface Asking {
  apps: LogApp[];
  user: string | undefined;
  fanout: Fanout;
  tally: Tally;
}

type Term = { key: string; set: UserSet };

async function askAll(ctx: SourceContext, a: Asking, terms: Term[]): Promise<Map<string, number>> {
  const shards = makeShards(ROOT_SHARD, a.fanout.shards);
  return sum(await Promise.all(shards.map((shard) => askShard(ctx, a, terms, shard))));
}

async function askShard(ctx: SourceContext, a: Asking, terms: Term[], shard: Shard): Promise<Map<string, number>> {
  const groups = appGroups(a.apps, a.fanout.combine);
  const query = countQuery(ctx, groups, terms, shard, a.user);
  try {
    const samples = await ctx.api.instant(query, msToNs(lastEnd(terms)), a.tally);
    const out = new Map<string, number>();
    for (const s of samples) out.set(terms.length === 1 ? terms[0]!.key : (s.metric.k ?? ''), s.value.value);
    return out;
  } catch (error) {
    if (!isSeriesLimit(error)) throw error;
    if (groups.some((g) => g.apps.length > 1)) {
      // A combined selector puts every app's users of an hour into one piece: ask the apps apart.
      a.fanout.combine = false;
      return askShard(ctx, a, terms, shard);
    }
    if (shard.depth >= MAX_SHARD_DEPTH) throw lokiError(error, ctx.name, query);
    a.fanout.shards = Math.max(a.fanout.shards, SPLIT ** (shard.depth + 1));
    return sum(await Promise.all(splitShard(shard, SPLIT).map((part) => askShard(ctx, a, terms, part))));
  }
}

/** `count(<set>)`, or several sets labelled by key and counted together. */
function countQuery(ctx: SourceContext, groups: AppGroup[], terms: Term[], shard: Shard, user: string | undefined): string {
  const render = { groups, evalMs: lastEnd(terms), maxRangeMs: ctx.plan.maxLengthMs - 1, shard, user };
  if (terms.length === 1) return `count(${renderSet(terms[0]!.set, render)})`;
  const labelled = terms.map((t) => `label_replace(${renderSet(t.set, render)}, "k", "${t.key}", "", "")`);
  return `count by (k) (${labelled.join(' or ')})`;
}

function lastEnd(terms: readonly Term[]): number {
  return Math.max(...terms.flatMap((t) => leaves(t.set).map((l) => l.to)));
}

function sum(parts: Map<string, number>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of parts) for (const [key, n] of part) out.set(key, (out.get(key) ?? 0) + n);
  return out;
}
