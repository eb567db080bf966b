/**
 * ActivitySource over a Kafka topic of app events (key = user, value = the app's JSON line with
 * an `app` field). Kafka cannot count on the server, so obs-report reads each window once and
 * aggregates while streaming (see scanner.ts); the answers mean exactly what the Loki source's
 * and the demo's mean. Use one source per run: what it has read is kept until it is dropped.
 */
import type { AppConfig, KafkaConfig } from '../../config/schema.js';
import { ObsReportError } from '../../errors.js';
import type { Window } from '../../time/window.js';
import type { Cohort, LifecycleRow } from '../../analytics/types.js';
import { noteQuery } from '../query-log.js';
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
import { featuresOf, hourOfWeekOf, lifecycleOf, sessionsOf, sessionStartsOf, userDaysOf, userEventsOf, userTotalsOf } from './answers.js';
import { DEFAULT_LIMITS } from './client.js';
import type { AppDigest } from './digest.js';
import type { ReadLimits } from './reader.js';
import { Scanner } from './scanner.js';
import { activeUsersOf, distinctUsersOf, intervalSets, newUsersOf, type IntervalSets } from '../user-activity/user-reads.js';
import { lifecycleRows, retentionCohorts } from '../user-activity/user-sets.js';

/** What a KafkaActivitySource is built from. */
export interface KafkaActivitySourceOptions {
  /** Datasource name, as in the config. */
  name: string;
  config: KafkaConfig;
  apps: readonly AppConfig[];
  /** Timeouts, retries and read bounds; defaults suit most clusters. */
  limits?: Partial<ReadLimits>;
  /** How far a message's Kafka timestamp may be from its event time; default 10 minutes. */
  marginMs?: number;
  /** The clock, for the retention check. */
  now?: () => number;
}

/** Events whose Kafka timestamp is further than this from their own `ts` may be missed. */
export const DEFAULT_MARGIN_MS = 10 * 60_000;
const DEFAULT_READ: Omit<ReadLimits, keyof typeof DEFAULT_LIMITS> = { stallMs: 60_000, maxBytes: 10 << 20 };

/** Answers activity questions from a Kafka topic of app events. */
export class KafkaActivitySource implements ActivitySource {
  readonly name: string;
  readonly type = 'kafka';
  private readonly scanner: Scanner;
  private readonly apps: Map<string, AppConfig>;
  private readonly topic: string;

  constructor(opts: KafkaActivitySourceOptions) {
    this.name = opts.name;
    this.topic = opts.config.topic;
    this.apps = new Map(opts.apps.map((a) => [a.id, a]));
    this.scanner = new Scanner({
      name: opts.name,
      config: opts.config,
      apps: opts.apps,
      limits: { ...DEFAULT_LIMITS, ...DEFAULT_READ, ...opts.limits },
      marginMs: opts.marginMs ?? DEFAULT_MARGIN_MS,
      now: opts.now ?? Date.now,
    });
  }

  async activeUsers(q: UserSetQuery): Promise<ActiveUserCounts> {
    const apps = this.known(q.apps);
    const { value, reads } = await activeUsersOf(this.scanner, q, apps);
    this.note('distinct users per local day, and over the 7 and 30 days ending with it', apps, q, reads, 'daily, weekly and monthly active users');
    return value;
  }

  async distinctUsers(q: UserSetQuery): Promise<number> {
    const apps = this.known(q.apps);
    const { value, reads } = await distinctUsersOf(this.scanner, q, apps);
    this.note('distinct users', apps, q, reads, 'active users');
    return value;
  }

  async newUsers(q: UserSetQuery & { historyFrom: number }): Promise<number> {
    const apps = this.known(q.apps);
    const { value, reads } = await newUsersOf(this.scanner, q, apps);
    this.note(`users with no event since ${new Date(q.historyFrom).toISOString()} before the window`, apps, q, reads, 'new users');
    return value;
  }

  async userLifecycle(q: IntervalsQuery): Promise<LifecycleRow[]> {
    const sets = await this.intervals(q, 'new, returning, resurrecting and dormant users per interval', 'user lifecycle');
    return lifecycleRows(sets.starts, sets.active, sets.before);
  }

  async retention(q: IntervalsQuery): Promise<Cohort[]> {
    const sets = await this.intervals(q, 'new users per interval and how many are active in each later one', 'retention');
    return retentionCohorts(sets.starts, sets.active, sets.before);
  }

  async userDays(q: ActivityQuery): Promise<UserDays> {
    const activity = await this.scanner.activity(q.window, q.user);
    this.note('events with a user, per user per local day', this.known([q.app]), q, activity.reads, 'events per user per day');
    return userDaysOf(activity, q.app);
  }

  async userTotals(q: ActivityQuery): Promise<Map<string, number>> {
    const activity = await this.scanner.activity(q.window, q.user);
    this.note('events with a user, per user', this.known([q.app]), q, activity.reads, 'events per user');
    return userTotalsOf(activity, q.app);
  }

  async features(q: ActivityQuery): Promise<FeatureUsage[]> {
    return featuresOf(await this.detail(q, 'feature_used events and distinct users per feature', 'feature use'), this.apps.get(q.app)!.features);
  }

  async sessions(q: ActivityQuery): Promise<SessionStats> {
    return sessionsOf(await this.detail(q, 'session_start events per user; session_end duration_ms histogram and quantiles', 'sessions and their length'));
  }

  async hourOfWeek(q: ActivityQuery): Promise<number[][]> {
    return hourOfWeekOf(await this.detail(q, 'events with a user per local weekday and hour', 'activity by hour of week'));
  }

  async userEvents(q: ActivityQuery): Promise<ActivityEvent[]> {
    const { events } = await this.detail(q, 'events with a user: time, user and session id', 'events to cut sessions from');
    if (events === null) {
      throw new ObsReportError('CONFIG_INVALID', `The Kafka source keeps the events of ${q.app} only when its sessions are cut from them`, {
        hint: `Set sessionsFrom: events on app ${q.app} in the config.`,
      });
    }
    return userEventsOf(events);
  }

  async sessionStarts(q: { apps: AppId[]; window: Window; user?: string }): Promise<SessionStart[]> {
    const apps = this.known([...new Set(q.apps)]);
    const { digest, read } = await this.scanner.detail(q.window, q.user);
    this.note('session_start events in time order', apps, q, [read], 'session starts');
    return sessionStartsOf(apps.map((app) => digest.apps.get(app)!));
  }

  async lifecycle(q: ActivityQuery): Promise<LifecycleEvent[]> {
    return lifecycleOf(await this.detail(q, 'app_start and app_stop events', 'app starts and stops'));
  }

  async errorLogs(q: ActivityQuery): Promise<number[]> {
    return [...(await this.detail(q, 'events with level=error per local day', 'error log lines per day')).errorsPerDay];
  }

  private async detail(q: ActivityQuery, what: string, purpose: string): Promise<AppDigest> {
    const apps = this.known([q.app]);
    const { digest, read } = await this.scanner.detail(q.window, q.user);
    this.note(what, apps, q, [read], purpose);
    return digest.apps.get(q.app)!;
  }

  private async intervals(q: IntervalsQuery, what: string, purpose: string): Promise<IntervalSets> {
    const apps = this.known(q.apps);
    const sets = await intervalSets(this.scanner, q, apps);
    const first = q.intervals[0];
    if (first) this.note(what, apps, { window: { from: first.from, to: q.intervals[q.intervals.length - 1]!.to, tz: first.tz } }, sets.reads, purpose);
    return sets;
  }

  /** The apps, each checked against the config (an unknown one is the caller's mistake, as with Loki). */
  private known(apps: readonly string[]): string[] {
    for (const app of apps) {
      if (this.apps.has(app)) continue;
      throw new ObsReportError('UNKNOWN_APP', `The Kafka source has no app "${app}"`, {
        hint: `Use one of the apps in the config (${[...this.apps.keys()].join(', ')}), or add "${app}" under apps.`,
      });
    }
    return [...apps];
  }

  private note(what: string, apps: readonly string[], q: { window: Window; user?: string | undefined }, reads: readonly string[], purpose: string): void {
    const user = q.user === undefined ? '' : `, user=${q.user}`;
    const window = `[${new Date(q.window.from).toISOString()}, ${new Date(q.window.to).toISOString()}) ${q.window.tz}`;
    const source = reads.length === 0 ? 'nothing to read' : `read ${[...new Set(reads)].join(' + ')}`;
    noteQuery({ datasource: this.name, datasourceType: 'kafka', query: `kafka ${this.topic}: ${what}, app=${apps.join('|')}${user}, ${window}; ${source}`, purpose });
  }
}
