/**
 * Sessions for apps that log no session_start/session_end (apps[].sessionsFrom: events): an
 * ActivitySource that answers `sessions` and `sessionStarts` for those apps from the sessions
 * cut from their events (src/analytics/cut-sessions.ts), and passes everything else, and every
 * other app, to the source it wraps. Reports do not know the difference; the appendix says how
 * sessions were counted.
 */
import { compareSourceStarts } from '../analytics/sequence.js';
import { cutSessionMargin, cutSessions, cutSessionStarts, cutSessionStats, type CutSession } from '../analytics/cut-sessions.js';
import type { Cohort, LifecycleRow } from '../analytics/types.js';
import type { AppConfig } from '../config/schema.js';
import type { Window } from '../time/window.js';
import type * as T from './types.js';

/** Wraps `source` when some app's sessions are cut from its events; returns it unchanged otherwise. */
export function withCutSessions(source: T.ActivitySource, apps: readonly AppConfig[], timeoutMinutes: number, now: number): T.ActivitySource {
  const cut = new Set(apps.filter((a) => a.sessionsFrom === 'events').map((a) => a.id));
  return cut.size === 0 ? source : new CutSessionSource(source, cut, timeoutMinutes * 60_000, now);
}

/** Windows whose cut sessions are kept (a report asks about its period and the previous one). */
const KEPT = 8;

class CutSessionSource implements T.ActivitySource {
  readonly name: string;
  readonly type: string;
  private readonly read = new Map<string, Promise<{ sessions: CutSession[]; readTo: number }>>();

  constructor(
    private readonly inner: T.ActivitySource,
    private readonly cut: ReadonlySet<T.AppId>,
    private readonly timeoutMs: number,
    private readonly now: number,
  ) {
    this.name = inner.name;
    this.type = inner.type;
  }

  async sessions(q: T.ActivityQuery): Promise<T.SessionStats> {
    if (!this.cut.has(q.app)) return this.inner.sessions(q);
    const { sessions, readTo } = await this.cutAround(q);
    return cutSessionStats(sessions, q.window, readTo, this.timeoutMs);
  }

  async sessionStarts(q: { apps: T.AppId[]; window: Window; user?: string }): Promise<T.SessionStart[]> {
    const apps = [...new Set(q.apps)];
    const logged = apps.filter((app) => !this.cut.has(app));
    const starts = logged.length > 0 ? await this.inner.sessionStarts({ ...q, apps: logged }) : [];
    for (const app of apps.filter((a) => this.cut.has(a))) {
      const { sessions } = await this.cutAround({ app, window: q.window, ...(q.user === undefined ? {} : { user: q.user }) });
      starts.push(...cutSessionStarts(sessions, app, q.window));
    }
    return starts.sort(compareSourceStarts);
  }

  /**
   * The sessions of the app's events read from a margin before the window to a margin after it
   * (or now), read once for the window's sessions and its session starts.
   */
  private cutAround(q: T.ActivityQuery): Promise<{ sessions: CutSession[]; readTo: number }> {
    const key = [q.app, q.window.from, q.window.to, q.user ?? ''].join('\u0000');
    let found = this.read.get(key);
    if (!found) {
      const margin = cutSessionMargin(this.timeoutMs);
      const readTo = Math.max(q.window.to, Math.min(q.window.to + margin, this.now));
      found = this.inner
        .userEvents({ ...q, window: { ...q.window, from: q.window.from - margin, to: readTo } })
        .then((events) => ({ sessions: cutSessions(events, this.timeoutMs), readTo }));
      this.read.set(key, found);
      found.catch(() => this.read.delete(key));
      while (this.read.size > KEPT) this.read.delete(this.read.keys().next().value!);
    }
    return found;
  }

  activeUsers(q: T.UserSetQuery): Promise<T.ActiveUserCounts> {
    return this.inner.activeUsers(q);
  }
  distinctUsers(q: T.UserSetQuery): Promise<number> {
    return this.inner.distinctUsers(q);
  }
  newUsers(q: T.UserSetQuery & { historyFrom: number }): Promise<number> {
    return this.inner.newUsers(q);
  }
  userLifecycle(q: T.IntervalsQuery): Promise<LifecycleRow[]> {
    return this.inner.userLifecycle(q);
  }
  retention(q: T.IntervalsQuery): Promise<Cohort[]> {
    return this.inner.retention(q);
  }
  userDays(q: T.ActivityQuery): Promise<T.UserDays> {
    return this.inner.userDays(q);
  }
  userTotals(q: T.ActivityQuery): Promise<Map<string, number>> {
    return this.inner.userTotals(q);
  }
  features(q: T.ActivityQuery): Promise<T.FeatureUsage[]> {
    return this.inner.features(q);
  }
  hourOfWeek(q: T.ActivityQuery): Promise<number[][]> {
    return this.inner.hourOfWeek(q);
  }
  userEvents(q: T.ActivityQuery): Promise<T.ActivityEvent[]> {
    return this.inner.userEvents(q);
  }
  lifecycle(q: T.ActivityQuery): Promise<T.LifecycleEvent[]> {
    return this.inner.lifecycle(q);
  }
  errorLogs(q: T.ActivityQuery): Promise<number[]> {
    return this.inner.errorLogs(q);
  }
}
