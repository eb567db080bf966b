/**
 * Sessions of the simulated organisation as compact columns (typed arrays): who, which app,
 * when, how long, how many events. The events themselves are derived on demand (events.ts).
 * Users work in journeys: a session in one app, then often the next app a few minutes later.
 */
import type { Interval } from '../types.js';
import { HOUR_MS } from '../../time/window.js';
import type { TzCalendar } from '../../time/window.js';
import type { AppProfile } from './apps.js';
import { cumulate, hash, pickCumulative, SALT, Stream, uniform } from './rng.js';
import { isMember } from './users.js';
import type { UserTable } from './users.js';
import { SessionColumns } from './session-columns.js';
import type { SessionTable } from './session-columns.js';

/** Longest session the simulation produces, in ms. */
export const MAX_SESSION_MS = 5 * HOUR_MS;

/** Everything session generation depends on. */
export interface SessionPlan {
  seed: number;
  range: Interval;
  /** Berlin days of the history, in order (the users' day indices refer to these). */
  days: number[];
  berlin: TzCalendar;
  users: UserTable;
  profiles: AppProfile[];
  /** Per role: cumulative weights over app indices. */
  appsByRole: Float64Array[];
  /** Per app: cumulative weights over the next app (indices 0..n-1) and "stop" (index n). */
  nextApp: Float64Array[];
  /** Per app: its outage, when sessions cannot happen. */
  outages: (Interval | null)[];
}

/** Share of sessions started in each Berlin hour, working days and weekends. */
const WEEKDAY_HOURS = cumulate([0.1, 0.05, 0.03, 0.03, 0.05, 0.2, 0.6, 2, 5, 7, 7, 6, 4, 5, 6, 6, 5, 3.5, 2, 1.2, 0.8, 0.5, 0.3, 0.2]);
const WEEKEND_HOURS = cumulate([0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 2.5, 3, 3, 3, 3, 3, 3, 3, 2.5, 2, 2, 1.8, 1.5, 1, 0.6]);
/** Chance multiplier of being active, Monday .. Sunday. */
const WEEKDAY_ACTIVITY = [1, 1, 1, 0.97, 0.9, 0.12, 0.08];

const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** Simulates every session of the history. */
export function buildSessions(plan: SessionPlan): SessionTable {
  const { seed, users, profiles } = plan;
  const columns = new SessionColumns(users.count * plan.days.length * 0.5 + 1024);
  const rng = new Stream();
  const stop = profiles.length;
  const times: number[] = [];
  const emit = (u: number, app: number, t: number): number => {
    const profile = profiles[app]!;
    const events = Math.round(profile.meanEvents * users.depth[u]! * Math.exp(0.8 * rng.normal() - 0.32));
    const body = Math.min(400, Math.max(1, events));
    let duration = Math.round((body + 1) * profile.meanGapS * 1000 * Math.exp(0.5 * rng.normal() - 0.125));
    duration = Math.min(MAX_SESSION_MS, Math.max(1000, duration));
    const logout = rng.next() < 0.6;
    if (t < plan.range.start || t + duration >= plan.range.end) return t;
    const outage = plan.outages[app];
    if (outage && t < outage.end && t + duration >= outage.start - 60_000) {
      // Nobody can use the app while it is down; sessions running into the outage are cut short.
      if (t >= outage.start - 61_000) return t;
      duration = outage.start - 60_000 - t;
    }
    columns.push(t, duration, u, app, body, logout);
    return t + duration;
  };
  plan.days.forEach((dayStart, d) => {
    const weekday = plan.berlin.weekday(dayStart + 12 * HOUR_MS);
    const hours = weekday < 5 ? WEEKDAY_HOURS : WEEKEND_HOURS;
    for (let u = 0; u < users.count; u++) {
      if (!isMember(users, u, d)) continue;
      const chance = users.activity[u]! * WEEKDAY_ACTIVITY[weekday]!;
      const joinsToday = d === users.joinDay[u] && d > 0;
      if (!joinsToday && uniform(seed, SALT.userDay, u, d) >= chance) continue;
      rng.reset(hash(seed, SALT.journey, u, d));
      const journeys = 1 + rng.poisson(users.intensity[u]!, 7);
      times.length = 0;
      for (let j = 0; j < journeys; j++) times.push((pickCumulative(hours, rng.next()) + rng.next()) * HOUR_MS);
      times.sort((a, b) => a - b);
      let busyUntil = -Infinity;
      for (const time of times) {
        let t = toSecond(Math.max(dayStart + time, busyUntil + rng.int(60, 600) * 1000));
        const role = users.role[u]!;
        let app = rng.next() < 0.55 ? users.favourite[u]! : pickCumulative(plan.appsByRole[role]!, rng.next());
        for (let step = 0; step < 5 && app !== stop; step++) {
          const ended = emit(u, app, t);
          busyUntil = ended;
          t = toSecond(ended + rng.int(60, 480) * 1000);
          app = pickCumulative(plan.nextApp[app]!, rng.next());
        }
      }
    }
  });
  return columns.sorted(plan.range.start, profiles.length);
}
