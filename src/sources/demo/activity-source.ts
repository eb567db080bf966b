/**
 * Activity answers of the demo organisation: exactly what counting its log lines
 * (demoLogLines) gives, computed from the compact session records.
 */
import { compareEvents, compareSourceStarts } from '../../analytics/sequence.js';
import { sessionStatsOf } from '../../analytics/session-stats.js';
import { noteQuery } from '../query-log.js';
import type { Cohort, LifecycleRow } from '../../analytics/types.js';
import type {
  ActiveUserCounts,
  ActivityEvent,
  ActivityQuery,
  ActivitySource,
  AppId,
  FeatureUsage,
  IntervalsQuery,
  LifecycleEvent,
  SessionStart,
  SessionStats,
  UserDays,
  UserSetQuery,
} from '../types.js';
import { addDaysIn, startOfDayIn, type Window } from '../../time/window.js';
import { countDigest, detailDigest, NOBODY } from './activity-digest.js';
import type { CountDigest, DetailDigest, DigestScope } from './activity-digest.js';
import { deriveEvents, EventBuffer } from './events.js';
import { readFromNote, requireHistory } from './history.js';
import { lifecycleRecords } from './lifecycle.js';
import { instanceOf, sessionId } from './lines.js';
import type { DemoOrg } from './org.js';
import { sessionsStartingIn } from './session-range.js';
import { MAX_SESSION_MS } from './sessions.js';
import { Lru } from './lru.js';
import { userIndex } from './users.js';
import { activeUsersOf, countActive, lifecycleOf, newUsersOf, retentionOf, type UserScope } from './user-sets.js';

/**
 * Digests kept per source: a report asks several questions of the same app and window. Count
 * digests hold a row per active user, detail digests a few small arrays.
 */
const COUNT_CACHE_SIZE = 4;
const DETAIL_CACHE_SIZE = 32;

/** ActivitySource over the simulated organisation. */
export class DemoActivitySource implements ActivitySource {
  readonly type = 'demo';
  private readonly countCache = new Lru<CountDigest>(COUNT_CACHE_SIZE);
  private readonly detailCache = new Lru<DetailDigest>(DETAIL_CACHE_SIZE);

  constructor(
    private readonly org: DemoOrg,
    readonly name = 'demo',
  ) {}

  async activeUsers(q: UserSetQuery): Promise<ActiveUserCounts> {
    const lookback = addDaysIn(startOfDayIn(q.window.from, q.window.tz), -29, q.window.tz);
    this.noteApps(q, `distinct users with a line per local day, and in the 7 and 30 days ending with it${readFromNote(this.org, lookback)}`, 'daily, weekly and monthly active users');
    this.requireHistory(q.window);
    return activeUsersOf(this.org, this.userScope(q), q);
  }

  async distinctUsers(q: UserSetQuery): Promise<number> {
    this.noteApps(q, 'distinct users with a line in the period', 'users active in the period');
    this.requireHistory(q.window);
    return countActive(this.org, this.userScope(q), q.window.from, q.window.to);
  }

  async newUsers(q: UserSetQuery & { historyFrom: number }): Promise<number> {
    const history = q.historyFrom < q.window.from ? readFromNote(this.org, q.historyFrom) : '';
    this.noteApps(q, `distinct users with a line in the period and none in the history before it${history}`, 'new users');
    this.requireHistory(q.window);
    return newUsersOf(this.org, this.userScope(q), q.window, q.historyFrom);
  }

  async userLifecycle(q: IntervalsQuery): Promise<LifecycleRow[]> {
    this.noteApps(q, `users per interval: new, returning, resurrecting, dormant${readFromNote(this.org, q.historyFrom)}`, 'user lifecycle');
    this.requireIntervals(q);
    return lifecycleOf(this.org, this.appIndices(q.apps), q);
  }

  async retention(q: IntervalsQuery): Promise<Cohort[]> {
    this.noteApps(q, `new users per interval, active in each later interval${readFromNote(this.org, q.historyFrom)}`, 'retention cohorts');
    this.requireIntervals(q);
    return retentionOf(this.org, this.appIndices(q.apps), q);
  }

  async userDays(q: ActivityQuery): Promise<UserDays> {
    this.note(q, 'log lines with a user, per user per local day', 'events per user per day');
    this.requireHistory(q.window);
    const d = this.counts(q);
    const users = new Map<string, number[]>();
    d.perUserDay.forEach((u, row) => {
      // A plain loop: Array.from on a typed array is several times slower here.
      const counts = new Array<number>(row.length);
      for (let i = 0; i < row.length; i++) counts[i] = row[i]!;
      users.set(this.org.users.ids[u]!, counts);
    });
    return { days: [...d.days.days], users };
  }

  async userTotals(q: ActivityQuery): Promise<Map<string, number>> {
    this.note(q, 'log lines with a user, per user over the window', 'events per user');
    this.requireHistory(q.window);
    const totals = new Map<string, number>();
    this.counts(q).perUserDay.forEach((u, row) => totals.set(this.org.users.ids[u]!, row.reduce((a, b) => a + b, 0)));
    return totals;
  }

  async features(q: ActivityQuery): Promise<FeatureUsage[]> {
    this.note(q, 'feature_used lines and distinct users, per feature', 'feature use');
    this.requireHistory(q.window);
    const d = this.details(q);
    const names = this.org.apps[this.app(q.app)]?.spec.features ?? [];
    return names
      .map((feature, f) => ({ feature, events: d.featureEvents[f] ?? 0, users: d.featureUsers[f] ?? 0 }))
      .filter((row) => row.events > 0);
  }

  async sessions(q: ActivityQuery): Promise<SessionStats> {
    this.note(q, 'session_start lines per user; session_end duration_ms histogram and quantiles', 'sessions and their length');
    this.requireHistory(q.window);
    const d = this.counts(q);
    const perUser = new Map<string, number>();
    d.starts.forEach((n, u) => n > 0 && perUser.set(this.org.users.ids[u]!, n));
    return sessionStatsOf(d.sessionCount, perUser, d.lengths);
  }

  async hourOfWeek(q: ActivityQuery): Promise<number[][]> {
    this.note(q, 'log lines with a user, per local weekday and hour', 'activity by hour of week');
    this.requireHistory(q.window);
    return this.details(q).hourOfWeek.map((row) => [...row]);
  }

  async userEvents(q: ActivityQuery): Promise<ActivityEvent[]> {
    // Read a margin around a period (src/sources/cut-sessions.ts): from what there is.
    this.note(q, `log lines with a user: time, user and session${readFromNote(this.org, q.window.from)}`, 'events to cut sessions from');
    const { org } = this;
    const a = org.appIndex.get(q.app);
    const list = a === undefined ? undefined : org.sessions.byApp[a];
    const u = q.user === undefined ? -1 : userIndex(q.user, org.users.count);
    if (!list || (q.user !== undefined && u < 0)) return [];
    const out: ActivityEvent[] = [];
    const buf = new EventBuffer();
    // Every session line has the session's user and id; a session's lines end within MAX_SESSION_MS of its start.
    const [first, last] = sessionsStartingIn(org.sessions, list, q.window.from - MAX_SESSION_MS, q.window.to);
    for (let i = first; i < last; i++) {
      const s = list[i]!;
      if (u >= 0 && org.sessions.user[s] !== u) continue;
      deriveEvents(org, s, buf);
      const user = org.users.ids[org.sessions.user[s]!]!;
      const session = sessionId(org, s);
      for (let e = 0; e < buf.size; e++) {
        const ts = buf.ts[e]!;
        if (ts >= q.window.from && ts < q.window.to) out.push({ ts, user, session });
      }
    }
    return out.sort(compareEvents);
  }

  async sessionStarts(q: { apps: AppId[]; window: Window; user?: string }): Promise<SessionStart[]> {
    const apps = q.apps.join('|');
    this.noteText(`demo: session_start lines, app=~"${apps}"${q.user === undefined ? '' : `, user=${q.user}`}`, 'session starts');
    this.requireHistory(q.window);
    const { org } = this;
    const u = q.user === undefined ? -1 : userIndex(q.user, org.users.count);
    if (q.user !== undefined && u < 0) return [];
    const out: SessionStart[] = [];
    for (const id of new Set(q.apps)) {
      const a = org.appIndex.get(id);
      const list = a === undefined ? undefined : org.sessions.byApp[a];
      if (!list) continue;
      const [first, last] = sessionsStartingIn(org.sessions, list, q.window.from, q.window.to);
      for (let i = first; i < last; i++) {
        const s = list[i]!;
        if (u >= 0 && org.sessions.user[s] !== u) continue;
        out.push({ ts: org.sessions.start[s]!, user: org.users.ids[org.sessions.user[s]!]!, app: id, session: sessionId(org, s) });
      }
    }
    return out.sort(compareSourceStarts);
  }

  async lifecycle(q: ActivityQuery): Promise<LifecycleEvent[]> {
    // Also read before a period, for its first start (src/reports/kinds/health.ts): from what there is.
    this.note(q, `app_start and app_stop lines${readFromNote(this.org, q.window.from)}`, 'app starts and stops');
    const a = this.app(q.app);
    const app = this.org.apps[a];
    // Lifecycle lines carry no user, so a one-user question has none.
    if (!app || q.user !== undefined) return [];
    return lifecycleRecords(this.org, app, q.window.from, q.window.to).map((r) => ({
      ts: r.ts,
      app: app.spec.id,
      instance: instanceOf(app),
      kind: r.kind,
    }));
  }

  async errorLogs(q: ActivityQuery): Promise<number[]> {
    this.note(q, 'lines with level=error, per local day', 'error log lines per day');
    this.requireHistory(q.window);
    return [...this.details(q).errorsPerDay];
  }

  /** Refuses a window that begins before the organisation's data (history.ts). */
  private requireHistory(window: Window): void {
    requireHistory(this.org, this.name, window);
  }

  /** The same for consecutive intervals: their first. */
  private requireIntervals(q: IntervalsQuery): void {
    const first = q.intervals[0];
    if (first) this.requireHistory(first);
  }

  private app(id: string): number {
    return this.org.appIndex.get(id) ?? -1;
  }

  /** Known apps among `ids`, each once. */
  private appIndices(ids: readonly string[]): number[] {
    return [...new Set(ids.flatMap((id) => this.org.appIndex.get(id) ?? []))];
  }

  private userScope(q: { apps: readonly string[]; user?: string }): UserScope {
    const user = q.user === undefined ? -1 : userIndex(q.user, this.org.users.count);
    return { apps: this.appIndices(q.apps), user: q.user !== undefined && user < 0 ? NOBODY : user };
  }

  private noteApps(q: { apps: readonly string[]; user?: string }, what: string, purpose: string): void {
    this.noteText(`demo: ${what}, app=~"${q.apps.join('|')}"${q.user === undefined ? '' : `, user=${q.user}`}`, purpose);
  }

  private scope(q: ActivityQuery): DigestScope {
    const user = q.user === undefined ? -1 : userIndex(q.user, this.org.users.count);
    // An unknown user has no lines: NOBODY matches no session.
    return { app: this.app(q.app), window: q.window, user: q.user !== undefined && user < 0 ? NOBODY : user };
  }

  private counts(q: ActivityQuery): CountDigest {
    return this.countCache.get(this.key(q), () => countDigest(this.org, this.scope(q)));
  }

  private details(q: ActivityQuery): DetailDigest {
    return this.detailCache.get(this.key(q), () => detailDigest(this.org, this.scope(q)));
  }

  private key(q: ActivityQuery): string {
    return [q.app, q.window.from, q.window.to, q.window.tz, q.user ?? ''].join('\u0000');
  }

  private note(q: ActivityQuery, what: string, purpose: string): void {
    this.noteText(`demo: ${what}, app=${q.app}${q.user === undefined ? '' : `, user=${q.user}`}`, purpose);
  }

  private noteText(query: string, purpose: string): void {
    noteQuery({ datasource: this.name, datasourceType: 'demo', query, purpose });
  }
}
