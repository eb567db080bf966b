/** One user across apps: where they were active, how much, and in which order. */
import type { AppId, SessionStart, UserDays } from '../sources/types.js';
import { collapseRepeats, compareStarts, compareText } from './sequence.js';
import type { UserAppUse, UserFootprint } from './types.js';
import { checkRange, totalsIn, type DayRange } from './user-days.js';

/**
 * The user's apps (those with a session start or an event in the range; by sessions desc,
 * then id), their timeline of session starts and the collapsed sequence of apps.
 */
export function userFootprint(
  user: string,
  starts: readonly SessionStart[],
  perApp: ReadonlyMap<AppId, UserDays>,
  range: DayRange,
): UserFootprint {
  const mine = starts.filter((s) => s.user === user).sort(compareStarts);
  const uses = new Map<AppId, UserAppUse>();
  const use = (app: AppId): UserAppUse => {
    const found = uses.get(app);
    if (found) return found;
    const created: UserAppUse = { app, sessions: 0, activeDays: 0, events: 0, first: null, last: null };
    uses.set(app, created);
    return created;
  };
  for (const s of mine) {
    const u = use(s.app);
    u.sessions++;
    u.first ??= s.ts;
    u.last = s.ts;
  }
  for (const [app, ud] of perApp) {
    checkRange(ud, range);
    const counts = ud.users.get(user);
    if (!counts) continue;
    const { activeDays, events } = totalsIn(counts, range);
    if (activeDays === 0) continue;
    const u = use(app);
    u.activeDays = activeDays;
    u.events = events;
  }
  const timeline = mine.map(({ ts, app, session }) => ({ ts, app, session }));
  return {
    user,
    apps: [...uses.values()].sort((a, b) => b.sessions - a.sessions || compareText(a.app, b.app)),
    timeline,
    sequence: collapseRepeats(timeline.map((t) => t.app)),
  };
}
