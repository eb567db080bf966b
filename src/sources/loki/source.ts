/**
 * ActivitySource over Loki's HTTP API. Counting and grouping are pushed down to Loki as LogQL
 * metric queries (split to its length limit, sharded by user under its series limit); distinct
 * users, new users, lifecycle and retention are formed from each user's lines per local day
 * (user-days.ts), or, with `countUsers: on-server`, counted by Loki without any per-user answer
 * (users.ts); raw lines are read only where order matters (session starts, lifecycle), page by page,
 * and one user's only on the days that user was active in the app (known-days.ts).
 */
import type { AppConfig } from '../../config/schema.js';
import type { HttpTransport } from '../../http/types.js';
import type { Window } from '../../time/window.js';
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
import { errorLogs, hourOfWeek, userDays, userTotals } from './activity.js';
import { LokiApi, type LokiWork } from './api.js';
import { MAX_POINTS, appOf, type LokiLimits, type SourceContext } from './context.js';
import { lifecycle, sessionStarts, userEvents, type UserSpans } from './events.js';
import { features } from './features.js';
import { KnownUserDays } from './known-days.js';
import { logApp } from './pipeline.js';
import { sessions } from './sessions.js';
import { activeUsers, distinctUsers, newUsers, retention, userLifecycle } from './users.js';
import { LokiDays } from './user-days.js';
import { activeUsersOf, distinctUsersOf, intervalSets, newUsersOf } from '../user-activity/user-reads.js';
import { lifecycleRows, retentionCohorts } from '../user-activity/user-sets.js';

/** What a LokiActivitySource is built from. */
export interface LokiActivitySourceOptions {
  /** Datasource name, as in the config. */
  name: string;
  http: HttpTransport;
  apps: AppConfig[];
  limits: LokiLimits;
}

/** Answers activity questions from the apps' logs in Loki. */
export class LokiActivitySource implements ActivitySource {
  readonly name: string;
  readonly type = 'loki';
  private readonly ctx: SourceContext;
  /** Per-user daily activity, when distinct users are counted from it (countUsers: per-day). */
  private readonly days: LokiDays | undefined;
  /** One user's days per app, as answered: where that user's raw lines can be (known-days.ts). */
  private readonly userDaysKnown = new KnownUserDays();
  private readonly userSpans: UserSpans = (app, user, window) => this.userDaysKnown.spans(app, user, window);

  constructor(opts: LokiActivitySourceOptions) {
    this.name = opts.name;
    const api = new LokiApi(opts.http, opts.name);
    this.ctx = {
      name: opts.name,
      api,
      limits: opts.limits,
      plan: { maxLengthMs: Math.floor(opts.limits.maxQueryLengthHours * 3_600_000), maxPoints: MAX_POINTS },
      metric: { api, maxSeries: opts.limits.maxSeriesPerQuery, seen: new Map() },
      apps: new Map(opts.apps.map((app) => [app.id, logApp(app)])),
      fanout: new Map(),
    };
    this.days = opts.limits.countUsers === 'on-server' ? undefined : new LokiDays(this.ctx);
  }

  /** The apps' ids, each checked (UNKNOWN_APP otherwise). */
  private known(apps: readonly string[]): string[] {
    return [...new Set(apps)].map((id) => appOf(this.ctx, id).id);
  }

  /** Requests sent and the work Loki reported for them, since this source was built. */
  get work(): Readonly<LokiWork> {
    return this.ctx.api.work;
  }

  async activeUsers(q: UserSetQuery): Promise<ActiveUserCounts> {
    if (!this.days) return activeUsers(this.ctx, q);
    return (await activeUsersOf(this.days, q, this.known(q.apps))).value;
  }

  async distinctUsers(q: UserSetQuery): Promise<number> {
    if (!this.days) return distinctUsers(this.ctx, q);
    return (await distinctUsersOf(this.days, q, this.known(q.apps))).value;
  }

  async newUsers(q: UserSetQuery & { historyFrom: number }): Promise<number> {
    if (!this.days) return newUsers(this.ctx, q);
    return (await newUsersOf(this.days, q, this.known(q.apps))).value;
  }

  async userLifecycle(q: IntervalsQuery): Promise<LifecycleRow[]> {
    if (!this.days) return userLifecycle(this.ctx, q);
    const sets = await intervalSets(this.days, q, this.known(q.apps));
    return lifecycleRows(sets.starts, sets.active, sets.before);
  }

  async retention(q: IntervalsQuery): Promise<Cohort[]> {
    if (!this.days) return retention(this.ctx, q);
    const sets = await intervalSets(this.days, q, this.known(q.apps));
    return retentionCohorts(sets.starts, sets.active, sets.before);
  }

  async userDays(q: ActivityQuery): Promise<UserDays> {
    const days = await userDays(this.ctx, q);
    this.userDaysKnown.remember(q, days);
    return days;
  }

  userTotals(q: ActivityQuery): Promise<Map<string, number>> {
    return userTotals(this.ctx, q);
  }

  features(q: ActivityQuery): Promise<FeatureUsage[]> {
    return features(this.ctx, q);
  }

  sessions(q: ActivityQuery): Promise<SessionStats> {
    return sessions(this.ctx, q);
  }

  hourOfWeek(q: ActivityQuery): Promise<number[][]> {
    return hourOfWeek(this.ctx, q);
  }

  userEvents(q: ActivityQuery): Promise<ActivityEvent[]> {
    return userEvents(this.ctx, q, this.userSpans);
  }

  sessionStarts(q: { apps: AppId[]; window: Window; user?: string }): Promise<SessionStart[]> {
    return sessionStarts(this.ctx, q, this.userSpans);
  }

  lifecycle(q: ActivityQuery): Promise<LifecycleEvent[]> {
    return lifecycle(this.ctx, q);
  }

  errorLogs(q: ActivityQuery): Promise<number[]> {
    return errorLogs(this.ctx, q);
  }
}
