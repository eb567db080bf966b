/**
 * ActivitySource over Loki's HTTP API. Counting and grouping are pushed down to Loki as LogQL
 * metric queries (split to its length limit, sharded by user under its series limit); distinct
 * users, new users, lifecycle and retention are counted by Loki without any per-user answer
 * (users.ts); raw lines are read only where order matters (session starts, lifecycle), page by page.
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
import { MAX_POINTS, type LokiLimits, type SourceContext } from './context.js';
import { lifecycle, sessionStarts, userEvents } from './events.js';
import { features } from './features.js';
import { logApp } from './pipeline.js';
import { sessions } from './sessions.js';
import { activeUsers, distinctUsers, newUsers, retention, userLifecycle } from './users.js';

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

  constructor(opts: LokiActivitySourceOptions) {
    this.name = opts.name;
    const api = new LokiApi(opts.http, opts.name);
    this.ctx = {
      name: opts.name,
      api,
      limits: opts.limits,
      plan: { maxLengthMs: Math.floor(opts.limits.maxQueryLengthHours * 3_600_000), maxPoints: MAX_POINTS },
      metric: { api, maxSeries: opts.limits.maxSeriesPerQuery },
      apps: new Map(opts.apps.map((app) => [app.id, logApp(app)])),
      fanout: new Map(),
    };
  }

  /** Requests sent and the work Loki reported for them, since this source was built. */
  get work(): Readonly<LokiWork> {
    return this.ctx.api.work;
  }

  activeUsers(q: UserSetQuery): Promise<ActiveUserCounts> {
    return activeUsers(this.ctx, q);
  }

  distinctUsers(q: UserSetQuery): Promise<number> {
    return distinctUsers(this.ctx, q);
  }

  newUsers(q: UserSetQuery & { historyFrom: number }): Promise<number> {
    return newUsers(this.ctx, q);
  }

  userLifecycle(q: IntervalsQuery): Promise<LifecycleRow[]> {
    return userLifecycle(this.ctx, q);
  }

  retention(q: IntervalsQuery): Promise<Cohort[]> {
    return retention(this.ctx, q);
  }

  userDays(q: ActivityQuery): Promise<UserDays> {
    return userDays(this.ctx, q);
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
    return userEvents(this.ctx, q);
  }

  sessionStarts(q: { apps: AppId[]; window: Window; user?: string }): Promise<SessionStart[]> {
    return sessionStarts(this.ctx, q);
  }

  lifecycle(q: ActivityQuery): Promise<LifecycleEvent[]> {
    return lifecycle(this.ctx, q);
  }

  errorLogs(q: ActivityQuery): Promise<number[]> {
    return errorLogs(this.ctx, q);
  }
}
