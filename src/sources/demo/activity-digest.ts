/**
 * One pass over an app's sessions in a window answers several activity questions at once.
 * Line counts per user and day, and session statistics, come from the session records alone
 * (a session's line count is known); only sessions crossing a day or window edge, and the
 * questions about single events (features, hours, errors), derive events.
 */
import { DAY_MS, HOUR_MS } from '../../time/window.js';
import type { Window } from '../../time/window.js';
import { windowDays } from './days.js';
import type { DayColumns } from './days.js';
import { deriveEvents, EVENT, EventBuffer } from './events.js';
import type { DemoOrg } from './org.js';
import { MAX_SESSION_MS } from './sessions.js';
import { sessionsStartingIn } from './session-range.js';
import { UserRows } from './user-rows.js';

/** Which sessions a digest covers: one app, a window, and optionally one user (-1 = all, NOBODY = none). */
export interface DigestScope {
  app: number;
  window: Window;
  user: number;
}

/** DigestScope.user for a user the organisation does not have. */
export const NOBODY = -2;

/** Line counts per user and day, plus session starts and ends, of one scope. */
export interface CountDigest {
  days: DayColumns;
  /** Lines per user and day. */
  perUserDay: UserRows;
  /** Per user index: sessions started in the window. */
  starts: Int32Array;
  sessionCount: number;
  /** duration_ms of the session_end lines in the window, ascending. */
  lengths: number[];
}

/** Feature use, hour-of-week and error counts of one scope. */
export interface DetailDigest {
  featureEvents: Float64Array;
  /** Distinct users per feature. */
  featureUsers: Float64Array;
  hourOfWeek: number[][];
  errorsPerDay: number[];
}

/** Calls `visit` for each session of the scope that can have lines in its window. */
function eachSession(org: DemoOrg, scope: DigestScope, visit: (s: number) => void): void {
  const list = org.sessions.byApp[scope.app];
  if (!list || scope.user === NOBODY) return;
  const { from, to } = scope.window;
  const [first, last] = sessionsStartingIn(org.sessions, list, from - MAX_SESSION_MS, to);
  const { start, duration, user } = org.sessions;
  for (let i = first; i < last; i++) {
    const s = list[i]!;
    if (start[s]! + duration[s]! < from) continue;
    if (scope.user >= 0 && user[s] !== scope.user) continue;
    visit(s);
  }
}

/**
 * Counts lines per user and day (or per column of `days`, which must start at the window's
 * start and end at its end), and session starts and lengths.
 */
export function countDigest(org: DemoOrg, scope: DigestScope, days: DayColumns = windowDays(scope.window)): CountDigest {
  const { from, to } = scope.window;
  const digest: CountDigest = {
    days,
    perUserDay: new UserRows(org.users.count, days.days.length),
    starts: new Int32Array(org.users.count),
    sessionCount: 0,
    lengths: [],
  };
  const buf = new EventBuffer();
  const { start, duration, user, body, logout } = org.sessions;
  const ends = days.ends;
  // Sessions come in start order, so the day of a start only moves forward.
  let day = 0;
  eachSession(org, scope, (s) => {
    const u = user[s]!;
    const begin = start[s]!;
    const end = begin + duration[s]!;
    if (begin >= from && begin < to) {
      digest.sessionCount++;
      digest.starts[u]!++;
    }
    if (end >= from && end < to) digest.lengths.push(duration[s]!);
    while (day < ends.length && ends[day]! <= begin) day++;
    if (begin >= from && end < to && end < ends[day]!) {
      // The whole session is inside the window and one local day: session_start, login, the body, maybe logout, session_end.
      digest.perUserDay.add(u, day, 3 + body[s]! + logout[s]!);
      return;
    }
    deriveEvents(org, s, buf);
    for (let i = 0; i < buf.size; i++) {
      const t = buf.ts[i]!;
      if (t >= from && t < to) digest.perUserDay.add(u, days.index(t), 1);
    }
  });
  // Sorted once here (natively), so the quantiles' own sort finds them in order.
  digest.lengths = Array.from(Float64Array.from(digest.lengths).sort());
  return digest;
}

/** Counts feature use, lines by local weekday and hour, and error lines per day. */
export function detailDigest(org: DemoOrg, scope: DigestScope): DetailDigest {
  const days = windowDays(scope.window);
  const cal = days.calendar;
  const { from, to } = scope.window;
  const features = org.apps[scope.app]?.spec.features.length ?? 0;
  const users = org.users.count;
  const digest: DetailDigest = {
    featureEvents: new Float64Array(features),
    featureUsers: new Float64Array(features),
    hourOfWeek: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)),
    errorsPerDay: new Array<number>(days.days.length).fill(0),
  };
  // One mark per (feature, user): distinct users without a Set per feature.
  const seen = new Uint8Array(features * users);
  const buf = new EventBuffer();
  eachSession(org, scope, (s) => {
    deriveEvents(org, s, buf);
    const u = org.sessions.user[s]!;
    // The UTC offset is the same for the whole session unless it spans a DST change.
    const first = cal.offsetAt(buf.ts[0]!);
    const steady = first === cal.offsetAt(buf.ts[buf.size - 1]!);
    for (let i = 0; i < buf.size; i++) {
      const t = buf.ts[i]!;
      if (t < from || t >= to) continue;
      const local = t + (steady ? first : cal.offsetAt(t));
      const day = Math.floor(local / DAY_MS);
      // 1970-01-01 was a Thursday (index 3 when Monday is 0).
      digest.hourOfWeek[(((day + 3) % 7) + 7) % 7]![Math.floor((local - day * DAY_MS) / HOUR_MS)]!++;
      const kind = buf.kind[i];
      if (kind === EVENT.featureUsed) {
        const f = buf.detail[i]!;
        digest.featureEvents[f]!++;
        if (seen[f * users + u] === 0) {
          seen[f * users + u] = 1;
          digest.featureUsers[f]!++;
        }
      } else if (buf.level[i] === 2) {
        digest.errorsPerDay[days.index(t)]!++;
      }
    }
  });
  return digest;
}
