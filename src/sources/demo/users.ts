/**
 * The simulated people: when each one joins, leaves and maybe comes back, how active they
 * are (long-tailed: a few heavy users, many light ones) and which role (and so which apps)
 * they have. Compact typed arrays, one entry per user.
 */
import { ROLE_SHARES } from './apps.js';
import { cumulate, hash, pickCumulative, SALT, Stream } from './rng.js';

/** Marks "never" in the day columns. */
export const NEVER = 32767;

/** Per-user traits; column i belongs to user ids[i]. */
export interface UserTable {
  count: number;
  /** Pseudonymous ids, e.g. `u00042`. */
  ids: string[];
  /** First day index (of the history's Berlin days) the user can be active. */
  joinDay: Int16Array;
  /** First day after the first active period (NEVER if the user stays). */
  churnDay: Int16Array;
  /** Start and end of a second active period for users who come back (NEVER if not). */
  returnDay: Int16Array;
  returnEnd: Int16Array;
  /** Chance of being active on a weekday. */
  activity: Float32Array;
  /** Mean number of extra journeys on an active day. */
  intensity: Float32Array;
  /** Multiplier on the number of events in a session. */
  depth: Float32Array;
  /** Role index into ROLE_SHARES. */
  role: Uint8Array;
  /** Preferred app index. */
  favourite: Uint8Array;
}

/** `u00042`-style id for the user at `index` (ids start at 1). */
export function userId(index: number, count: number): string {
  const width = Math.max(5, String(count).length);
  return `u${String(index + 1).padStart(width, '0')}`;
}

/** Index of a user id in a table of `count` users, or -1. */
export function userIndex(id: string, count: number): number {
  if (!/^u\d+$/.test(id)) return -1;
  const index = Number(id.slice(1)) - 1;
  return index >= 0 && index < count && userId(index, count) === id ? index : -1;
}

/** Draws the users; `appWeightsByRole[r]` are the app weights of role r. */
export function buildUsers(seed: number, count: number, days: number, appWeightsByRole: Float64Array[]): UserTable {
  const table: UserTable = {
    count,
    ids: Array.from({ length: count }, (_, i) => userId(i, count)),
    joinDay: new Int16Array(count),
    churnDay: new Int16Array(count),
    returnDay: new Int16Array(count),
    returnEnd: new Int16Array(count),
    activity: new Float32Array(count),
    intensity: new Float32Array(count),
    depth: new Float32Array(count),
    role: new Uint8Array(count),
    favourite: new Uint8Array(count),
  };
  const roles = cumulate([...ROLE_SHARES]);
  const rng = new Stream();
  const clampDay = (d: number): number => (d >= days ? NEVER : Math.max(0, Math.floor(d)));
  for (let u = 0; u < count; u++) {
    rng.reset(hash(seed, SALT.user, u));
    // A third were already there; the others join with a density growing over the history.
    const join = rng.next() < 0.35 ? 0 : days * Math.sqrt(rng.next());
    table.joinDay[u] = clampDay(join);
    const churns = rng.next() < 0.5;
    const churn = churns ? join + 3 + rng.exp(45) : NEVER;
    table.churnDay[u] = clampDay(churn);
    const comesBack = churns && rng.next() < 0.25;
    const back = comesBack ? churn + 7 + rng.exp(20) : NEVER;
    table.returnDay[u] = clampDay(back);
    table.returnEnd[u] = comesBack ? clampDay(back + 5 + rng.exp(30)) : NEVER;
    table.activity[u] = Math.min(0.95, 0.3 * Math.exp(0.9 * rng.normal() - 0.4));
    table.intensity[u] = 0.3 * Math.exp(0.8 * rng.normal());
    table.depth[u] = Math.exp(0.5 * rng.normal());
    const role = pickCumulative(roles, rng.next());
    table.role[u] = role;
    table.favourite[u] = pickCumulative(appWeightsByRole[role] ?? new Float64Array(1), rng.next());
  }
  return table;
}

/** Whether user `u` is in one of their active periods on day `day`. */
export function isMember(users: UserTable, u: number, day: number): boolean {
  if (day >= users.joinDay[u]! && day < users.churnDay[u]!) return true;
  return day >= users.returnDay[u]! && day < users.returnEnd[u]!;
}
