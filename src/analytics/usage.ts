/** Usage of one app: features, sessions per user, session lengths and the most active users. */
import type { FeatureUsage, Histogram, UserDays } from '../sources/types.js';
import { compareText } from './sequence.js';
import type { CountBucket, FeatureRow, FeatureTable, TopUser } from './types.js';
import { checkRange, totalsIn, type DayRange } from './user-days.js';
import { formatBound } from './duration-label.js';

/**
 * Features by use (events desc, users desc, name), including observed features missing from
 * `known`; features with no events are listed only in `neverUsed` (when known).
 */
export function featureTable(features: FeatureUsage[], known: readonly string[], activeUsers: number | null): FeatureTable {
  const used = features.filter((f) => f.events > 0);
  const rows: FeatureRow[] = used
    .map((f) => ({
      feature: f.feature,
      events: f.events,
      users: f.users,
      userShare: activeUsers ? f.users / activeUsers : null,
    }))
    .sort((a, b) => b.events - a.events || b.users - a.users || compareText(a.feature, b.feature));
  const usedNames = new Set(used.map((f) => f.feature));
  return { rows, neverUsed: known.filter((name) => !usedNames.has(name)) };
}

/** Session-count buckets: [min, max] inclusive, max null = open. */
const SESSIONS_PER_USER: readonly { label: string; min: number; max: number | null }[] = [
  { label: '1', min: 1, max: 1 },
  { label: '2', min: 2, max: 2 },
  { label: '3–5', min: 3, max: 5 },
  { label: '6–10', min: 6, max: 10 },
  { label: '11–20', min: 11, max: 20 },
  { label: '21+', min: 21, max: null },
];

/** Users by number of sessions started: 1, 2, 3–5, 6–10, 11–20, 21+ (users with none are not counted). */
export function sessionsPerUserBuckets(perUser: ReadonlyMap<string, number>): CountBucket[] {
  const buckets = SESSIONS_PER_USER.map((b) => ({ ...b, count: 0 }));
  for (const sessions of perUser.values()) {
    const bucket = buckets.find((b) => sessions >= b.min && (b.max === null || sessions <= b.max));
    if (bucket) bucket.count++;
  }
  return buckets;
}

/**
 * One bucket per histogram bucket, labelled for people ("≤ 1 min", "1–5 min", "> 2 h"). Bounds
 * are in whole ms and inclusive: a bucket above bound b starts at b + 1.
 */
export function sessionLengthBuckets(lengths: Histogram): CountBucket[] {
  const { bounds, counts } = lengths;
  const first = bounds[0];
  const last = bounds[bounds.length - 1];
  if (first === undefined || last === undefined) {
    return [{ label: 'any length', min: 0, max: null, count: counts[0] ?? 0 }];
  }
  const out: CountBucket[] = [{ label: `≤ ${formatBound(first)}`, min: 0, max: first, count: counts[0] ?? 0 }];
  for (let i = 1; i < bounds.length; i++) {
    const lo = bounds[i - 1]!;
    const hi = bounds[i]!;
    out.push({ label: rangeLabel(lo, hi), min: lo + 1, max: hi, count: counts[i] ?? 0 });
  }
  out.push({ label: `> ${formatBound(last)}`, min: last + 1, max: null, count: counts[bounds.length] ?? 0 });
  return out;
}

/** "1–5 min" when both ends share a unit, else "30 min–1 h". */
function rangeLabel(lo: number, hi: number): string {
  const a = formatBound(lo);
  const b = formatBound(hi);
  const [aValue, aUnit] = a.split(' ');
  const [bValue, bUnit] = b.split(' ');
  return aUnit === bUnit ? `${aValue}–${bValue} ${bUnit}` : `${a}–${b}`;
}

/** The `n` users with most events in the range (then most active days, then id); only users active in it. */
export function topUsers(
  ud: UserDays,
  range: DayRange,
  sessionsPerUser: ReadonlyMap<string, number> | null,
  n: number,
): TopUser[] {
  checkRange(ud, range);
  const rows: TopUser[] = [];
  for (const [user, counts] of ud.users) {
    const { activeDays, events } = totalsIn(counts, range);
    if (activeDays === 0) continue;
    rows.push({ user, events, activeDays, sessions: sessionsPerUser ? (sessionsPerUser.get(user) ?? 0) : null });
  }
  rows.sort((a, b) => b.events - a.events || b.activeDays - a.activeDays || compareText(a.user, b.user));
  return rows.slice(0, Math.max(0, n));
}
