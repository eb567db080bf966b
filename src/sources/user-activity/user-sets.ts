/**
 * The user-set answers (several apps together: a user of two apps counts once), computed from
 * per-user daily activity. "Active" means at least one line with a user in the range.
 */
import type { Cohort, LifecycleRow } from '../../analytics/types.js';
import type { ActiveUserCounts } from '../types.js';
import type { UserActivity } from './day-store.js';

const WEEK_DAYS = 7;
const MONTH_DAYS = 30;

/** Users with at least one event in `activity` in any of `apps`. */
export function activeSet(activity: UserActivity, apps: readonly string[]): Set<string> {
  const users = new Set<string>();
  for (const app of apps) for (const user of activity.apps.get(app)?.keys() ?? []) users.add(user);
  return users;
}

/** Per user, the local midnights on which they were active in any of `apps`. */
function activeDays(parts: readonly UserActivity[], apps: readonly string[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const part of parts) {
    for (const app of apps) {
      for (const [user, counts] of part.apps.get(app) ?? []) {
        let days = out.get(user);
        if (!days) out.set(user, (days = new Set()));
        counts.forEach((c, i) => c > 0 && days.add(part.days[i]!));
      }
    }
  }
  return out;
}

/**
 * DAU per day of `window`, and distinct users in the 7 and 30 local days ending with each day;
 * `lookback` holds the 29 days before the window. `axis` lists every local midnight from the
 * lookback's first day to the window's last.
 */
export function activeUserCounts(window: UserActivity, lookback: UserActivity, axis: readonly number[], apps: readonly string[]): ActiveUserCounts {
  const position = new Map(axis.map((d, i) => [d, i]));
  const slots = window.days.map((d) => position.get(d) ?? -1);
  const n = window.days.length;
  const counts: ActiveUserCounts = { days: [...window.days], dau: new Array<number>(n).fill(0), wau: new Array<number>(n).fill(0), mau: new Array<number>(n).fill(0) };
  const dayIndex = new Map(window.days.map((d, i) => [d, i]));
  for (const days of activeDays([window], apps).values()) for (const d of days) counts.dau[dayIndex.get(d)!]!++;
  for (const days of activeDays([lookback, window], apps).values()) {
    const marks = new Uint8Array(axis.length);
    for (const d of days) {
      const k = position.get(d);
      if (k !== undefined) marks[k] = 1;
    }
    // One pass: the last active day at or before each slot decides WAU and MAU.
    let last = -Infinity;
    let s = 0;
    for (let k = 0; k < axis.length && s < n; k++) {
      if (marks[k] === 1) last = k;
      while (s < n && slots[s] === k) {
        if (last > k - WEEK_DAYS) counts.wau[s]!++;
        if (last > k - MONTH_DAYS) counts.mau[s]!++;
        s++;
      }
    }
  }
  return counts;
}

/**
 * Lifecycle rows for intervals[1..]: `active[k]` are the users of interval k, `before[k]` those
 * with an event in [historyFrom, interval k's start).
 */
export function lifecycleRows(starts: readonly number[], active: readonly Set<string>[], before: readonly Set<string>[]): LifecycleRow[] {
  const rows: LifecycleRow[] = [];
  for (let k = 1; k < active.length; k++) {
    const row: LifecycleRow = { start: starts[k]!, new: 0, returning: 0, resurrecting: 0, dormant: 0 };
    const now = active[k]!;
    const previous = active[k - 1]!;
    for (const user of now) {
      if (previous.has(user)) row.returning++;
      else if (!before[k]!.has(user)) row.new++;
      else row.resurrecting++;
    }
    for (const user of previous) if (!now.has(user)) row.dormant++;
    rows.push(row);
  }
  return rows;
}

/** Cohort i: the new users of interval i; retained[k]: how many of them are active in interval i + k. */
export function retentionCohorts(starts: readonly number[], active: readonly Set<string>[], before: readonly Set<string>[]): Cohort[] {
  return active.map((users, i) => {
    const members = [...users].filter((u) => !before[i]!.has(u));
    const retained = active.slice(i).map((later) => members.filter((u) => later.has(u)).length);
    return { start: starts[i]!, size: members.length, retained };
  });
}
