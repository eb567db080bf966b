/**
 * What one read of a window keeps, per app: aggregates built while streaming, never the
 * messages. `days` keeps only events per user per local day (enough for every user-set
 * question); `all` adds what the per-app questions need: feature counts and user sets,
 * session starts and the lengths of sessions that ended, hour-of-week and error counts, and
 * app starts and stops. Memory grows with users x days and with sessions, not with messages,
 * but for apps whose sessions are cut from their events (apps[].sessionsFrom: events): `all`
 * keeps their events with a user (time, user, session id), as the Loki source reads them raw.
 *
 * The rules are the Loki source's and the demo's: a line "with a user" has a non-empty user
 * field; features count `feature_used` lines with a feature; session lengths are the numeric
 * durations of `session_end` lines; error lines have level `error`.
 */
import { TzCalendar, type Window } from '../../time/window.js';
import type { ActivityEvent, LifecycleEvent, SessionStart } from '../types.js';
import type { AppEvent } from './event.js';

/** How much a read keeps. */
export type DigestMode = 'days' | 'all';

/** Everything kept about one app in one window. */
export interface AppDigest {
  /** Lines with a user, per user, per day of the window's calendar. */
  users: Map<string, number[]>;
  features: Map<string, { events: number; users: Set<string> }>;
  /** `session_start` lines, with or without a user. */
  sessionCount: number;
  sessionsPerUser: Map<string, number>;
  /** duration_ms of `session_end` lines. */
  lengths: number[];
  /** Lines with a user by local weekday (0 = Monday) and hour. */
  hourOfWeek: number[][];
  errorsPerDay: number[];
  lifecycle: LifecycleEvent[];
  starts: SessionStart[];
  /** Events with a user, in `all` mode of an app whose sessions are cut from events; null otherwise. */
  events: ActivityEvent[] | null;
}

/** One window's digest: its calendar and one AppDigest per configured app. */
export interface Digest {
  window: Window;
  mode: DigestMode;
  /** Only this user's lines were kept. */
  user: string | undefined;
  /** Local midnights of the days intersecting the window. */
  days: number[];
  apps: Map<string, AppDigest>;
}

// As Loki's unwrap and numeric label filters: a plain decimal number, nothing else.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function emptyApp(days: number, keepEvents: boolean): AppDigest {
  return {
    users: new Map(),
    features: new Map(),
    sessionCount: 0,
    sessionsPerUser: new Map(),
    lengths: [],
    hourOfWeek: Array.from({ length: 7 }, () => new Array<number>(24).fill(0)),
    errorsPerDay: new Array<number>(days).fill(0),
    lifecycle: [],
    starts: [],
    events: keepEvents ? [] : null,
  };
}

/** Builds a Digest from events in any order; events outside the window, of other apps or users are ignored. */
export class DigestBuilder {
  private readonly calendar: TzCalendar;
  readonly digest: Digest;

  /** `keepEvents`: the apps whose events `all` keeps (apps[].sessionsFrom: events). */
  constructor(window: Window, mode: DigestMode, apps: readonly string[], user?: string, keepEvents: ReadonlySet<string> = new Set()) {
    this.calendar = new TzCalendar(window);
    const days = [...this.calendar.days];
    this.digest = { window, mode, user, days, apps: new Map(apps.map((app) => [app, emptyApp(days.length, mode === 'all' && keepEvents.has(app))])) };
  }

  add(e: AppEvent): void {
    const { window, user, mode } = this.digest;
    if (e.ts < window.from || e.ts >= window.to) return;
    if (user !== undefined && e.user !== user) return;
    const app = this.digest.apps.get(e.app);
    if (!app) return;
    const day = this.calendar.dayIndex(e.ts);
    if (e.user !== '') {
      let row = app.users.get(e.user);
      if (!row) {
        row = new Array<number>(this.digest.days.length).fill(0);
        app.users.set(e.user, row);
      }
      row[day]!++;
      if (mode === 'all') app.hourOfWeek[this.calendar.weekday(e.ts)]![this.calendar.hour(e.ts)]!++;
      app.events?.push({ ts: e.ts, user: e.user, session: e.session });
    }
    if (mode === 'all') this.addDetail(app, e, day);
  }

  private addDetail(app: AppDigest, e: AppEvent, day: number): void {
    if (e.level === 'error') app.errorsPerDay[day]!++;
    switch (e.event) {
      case 'feature_used': {
        if (e.feature === '') return;
        let f = app.features.get(e.feature);
        if (!f) {
          f = { events: 0, users: new Set() };
          app.features.set(e.feature, f);
        }
        f.events++;
        if (e.user !== '') f.users.add(e.user);
        return;
      }
      case 'session_start':
        app.sessionCount++;
        if (e.user !== '') app.sessionsPerUser.set(e.user, (app.sessionsPerUser.get(e.user) ?? 0) + 1);
        app.starts.push({ ts: e.ts, user: e.user, app: e.app, session: e.session });
        return;
      case 'session_end':
        if (NUMBER.test(e.duration)) app.lengths.push(Number(e.duration));
        return;
      case 'app_start':
      case 'app_stop':
        app.lifecycle.push({ ts: e.ts, app: e.app, instance: e.instance, kind: e.event === 'app_start' ? 'start' : 'stop' });
        return;
      default:
    }
  }
}
