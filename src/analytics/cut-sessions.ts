/**
 * Sessions of an app that logs no session_start/session_end (apps[].sessionsFrom: events), cut
 * from its events as design.md defines them: a user's events sharing a session id are one
 * session; a user's events without one are cut wherever more than the timeout passes without
 * an event. A session lasts from its first event to its last.
 */
import type { ActivityEvent, AppId, SessionStart, SessionStats } from '../sources/types.js';
import type { Window } from '../time/window.js';
import { sessionStatsOf } from './session-stats.js';
import { compareText } from './sequence.js';

/** One session cut from events. */
export interface CutSession {
  user: string;
  /** The session id its events share; '' for a session cut by inactivity. */
  session: string;
  start: number;
  end: number;
}

/** Sessions of `events` (any order; events without a user are ignored), by start, then user, then session id. */
export function cutSessions(events: readonly ActivityEvent[], timeoutMs: number): CutSession[] {
  const byId = new Map<string, CutSession>();
  const idle = new Map<string, number[]>();
  for (const e of events) {
    if (e.user === '') continue;
    if (e.session === '') {
      let times = idle.get(e.user);
      if (!times) idle.set(e.user, (times = []));
      times.push(e.ts);
      continue;
    }
    const key = `${e.user}\u0000${e.session}`;
    const found = byId.get(key);
    if (!found) byId.set(key, { user: e.user, session: e.session, start: e.ts, end: e.ts });
    else {
      found.start = Math.min(found.start, e.ts);
      found.end = Math.max(found.end, e.ts);
    }
  }
  const sessions = [...byId.values()];
  for (const [user, times] of idle) {
    times.sort((a, b) => a - b);
    let start = times[0]!;
    for (let i = 1; i <= times.length; i++) {
      const t = times[i];
      if (t !== undefined && t - times[i - 1]! <= timeoutMs) continue;
      sessions.push({ user, session: '', start, end: times[i - 1]! });
      if (t !== undefined) start = t;
    }
  }
  return sessions.sort((a, b) => a.start - b.start || compareText(a.user, b.user) || compareText(a.session, b.session));
}

/**
 * How far around a window events are read to cut its sessions: a session that starts in the
 * window must show no event in the timeout before it, and one that ends in it no event in the
 * timeout after it; a session running across the window's edge is measured up to this far
 * outside it (six hours, or the timeout if longer).
 */
export function cutSessionMargin(timeoutMs: number): number {
  return Math.max(timeoutMs, 6 * 3_600_000);
}

/**
 * The window's session figures from sessions cut from the events of [window.from − margin,
 * readTo): sessions are counted by their start in the window, their lengths by their end in it,
 * as with session_start and session_end events. A session has ended when the timeout has passed
 * after its last event by `readTo` (the end of what was read: the margin after the window, or
 * now); one still open is counted but has no length yet.
 */
export function cutSessionStats(sessions: readonly CutSession[], window: Window, readTo: number, timeoutMs: number): SessionStats {
  const perUser = new Map<string, number>();
  const lengths: number[] = [];
  let count = 0;
  for (const s of sessions) {
    if (s.start >= window.from && s.start < window.to) {
      count++;
      perUser.set(s.user, (perUser.get(s.user) ?? 0) + 1);
    }
    if (s.end >= window.from && s.end < window.to && s.end + timeoutMs <= readTo) lengths.push(s.end - s.start);
  }
  return sessionStatsOf(count, perUser, lengths);
}

/** The starts in the window of sessions cut from an app's events, as journeys read them. */
export function cutSessionStarts(sessions: readonly CutSession[], app: AppId, window: Window): SessionStart[] {
  return sessions.filter((s) => s.start >= window.from && s.start < window.to).map((s) => ({ ts: s.start, user: s.user, app, session: s.session }));
}
