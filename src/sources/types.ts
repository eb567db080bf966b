/**
 * The typed questions a source answers. Sources know HTTP and protocols, not reports:
 * each method answers one question about a window, already aggregated as far as the
 * backend can push it (LogQL/PromQL metric queries), so obs-report's memory grows with
 * users, sessions and days, never with log lines or samples.
 *
 * Every implementation (demo, loki, prometheus, grafana, kafka) answers the same
 * questions with the same meaning, so every report works on any of them. Failures are
 * thrown as DatasourceError; the report marks the affected section unavailable.
 */
import type { Cohort, LifecycleRow } from '../analytics/types.js';
import type { Window } from '../time/window.js';

export type AppId = string;

/** A question about one app's activity in a window, optionally for one user only. */
export interface ActivityQuery {
  app: AppId;
  window: Window;
  /** Restrict to this user id (the `user` report kind). */
  user?: string;
}

/** Event counts per user per local day: who was active when. */
export interface UserDays {
  /** Local midnights (in window.tz) of the window's days, in order. */
  days: number[];
  /** Users with at least one event, mapped to event counts aligned with `days` (0 = inactive). */
  users: Map<string, number[]>;
}

/** How often one feature was used (events with `event = feature_used`). */
export interface FeatureUsage {
  feature: string;
  events: number;
  /** Distinct users who used it. */
  users: number;
}

/** A histogram with fixed upper bounds; `counts` has one more entry than `bounds` (the overflow). */
export interface Histogram {
  /** Upper bounds, inclusive, ascending. */
  bounds: number[];
  counts: number[];
  /** Number of observations. */
  count: number;
  /** Sum of observations (for the mean). */
  sum: number;
}

/** Session upper bounds for the session-length histogram, in ms: 1, 5, 15, 30, 60, 120 minutes. */
export const SESSION_LENGTH_BOUNDS_MS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000] as const;

export interface SessionStats {
  /** Sessions started in the window (`session_start` events). */
  count: number;
  /** Sessions started per user. */
  perUser: Map<string, number>;
  /** Lengths of sessions that ended in the window (`session_end.duration_ms`). */
  lengths: Histogram;
  /** Median and 90th percentile of those lengths (linear interpolation, as LogQL's quantile_over_time). */
  medianMs: number | null;
  p90Ms: number | null;
}

/** One event with a user, for sessions cut from an app's events (apps[].sessionsFrom: events). */
export interface ActivityEvent {
  ts: number;
  user: string;
  /** The event's session id; '' when it has none. */
  session: string;
}

/** One session start, the event journeys and one-user reports are built from. */
export interface SessionStart {
  ts: number;
  user: string;
  app: AppId;
  session: string;
}

/** `app_start` / `app_stop` events from the app's own logs. */
export interface LifecycleEvent {
  ts: number;
  app: AppId;
  instance: string;
  kind: 'start' | 'stop';
}

/** A question about the users of one or more apps together (a user of two apps counts once). */
export interface UserSetQuery {
  apps: AppId[];
  window: Window;
  user?: string;
}

/** Distinct users per local day, counted by the backend. */
export interface ActiveUserCounts {
  /** Local midnights (in window.tz) of the window's days, in order. */
  days: number[];
  /** Distinct users active on each day. */
  dau: number[];
  /** Distinct users active in the 7 days ending with each day (reaching before the window). */
  wau: number[];
  /** Distinct users active in the 30 days ending with each day (reaching before the window). */
  mau: number[];
}

/** Consecutive intervals (e.g. weeks) and how far back to look for a user's first event. */
export interface IntervalsQuery {
  apps: AppId[];
  /** Consecutive windows, oldest first, sharing one tz. */
  intervals: Window[];
  /** A user is new in an interval when they have no event in [historyFrom, interval.from). */
  historyFrom: number;
}

/** Answers about user activity, from logs (Loki), events (Kafka) or the demo organisation. */
export interface ActivitySource {
  /** Datasource name, as in the config. */
  readonly name: string;
  readonly type: string;
  /** DAU, and rolling 7- and 30-day distinct users, per local day of the window. */
  activeUsers(q: UserSetQuery): Promise<ActiveUserCounts>;
  /** Distinct users with at least one event in the window. */
  distinctUsers(q: UserSetQuery): Promise<number>;
  /** Users active in the window with no event in [historyFrom, window.from). */
  newUsers(q: UserSetQuery & { historyFrom: number }): Promise<number>;
  /** Lifecycle of each interval against the one before it: rows for intervals[1..] (definitions in src/analytics/types.ts). */
  userLifecycle(q: IntervalsQuery): Promise<LifecycleRow[]>;
  /** Weekly cohorts of new users and how many of them are active in each later interval. */
  retention(q: IntervalsQuery): Promise<Cohort[]>;
  userDays(q: ActivityQuery): Promise<UserDays>;
  /** Events per user over the whole window (users with none are absent). */
  userTotals(q: ActivityQuery): Promise<Map<string, number>>;
  /** Events and distinct users per feature; features never used are absent. */
  features(q: ActivityQuery): Promise<FeatureUsage[]>;
  sessions(q: ActivityQuery): Promise<SessionStats>;
  /** Event counts by local weekday (0 = Monday) and hour: 7 rows of 24. */
  hourOfWeek(q: ActivityQuery): Promise<number[][]>;
  /**
   * Every event with a user in the window, in time order (ties by user, then session): what
   * sessions are cut from for an app that logs no session_start/session_end (src/sources/cut-sessions.ts).
   */
  userEvents(q: ActivityQuery): Promise<ActivityEvent[]>;
  /** Session starts across apps, ordered by time (ties by app, then user). */
  sessionStarts(q: { apps: AppId[]; window: Window; user?: string }): Promise<SessionStart[]>;
  lifecycle(q: ActivityQuery): Promise<LifecycleEvent[]>;
  /** Log lines with level `error`, per local day of the window (aligned with its days). */
  errorLogs(q: ActivityQuery): Promise<number[]>;
}

/** A question about one app's metrics in a window. */
export interface MetricsQuery {
  app: AppId;
  window: Window;
}

export interface Interval {
  start: number;
  end: number;
}

export interface ProcessStart {
  instance: string;
  /** When the process started (from process_start_time_seconds), epoch ms. */
  ts: number;
}

export interface RequestStats {
  /** Requests in the window, whole (Prometheus's increase() is rounded). */
  total: number;
  /** Requests answered with a 5xx status. */
  errors: number;
  /** Per local day of the window: requests and 5xx. */
  daily: { day: number; total: number; errors: number }[];
}

export interface LatencyStats {
  p50Ms: number | null;
  p95Ms: number | null;
  /** p95 per local day of the window (null for a day without requests). */
  daily: { day: number; p95Ms: number | null }[];
}

export interface AlertEvent {
  name: string;
  severity: string;
  start: number;
  /** null while still firing at the end of the window. */
  end: number | null;
  labels: Record<string, string>;
}

/** Answers about an app's health, from Prometheus-compatible metrics or the demo organisation. */
export interface MetricsSource {
  readonly name: string;
  readonly type: string;
  /** Share of `up` samples equal to 1 in the window (avg_over_time), 0..1, or null without samples. */
  uptime(q: MetricsQuery): Promise<number | null>;
  /** Intervals in which the app was down (every instance's `up` was 0), at the query step's resolution. */
  downIntervals(q: MetricsQuery): Promise<Interval[]>;
  processStarts(q: MetricsQuery): Promise<ProcessStart[]>;
  requests(q: MetricsQuery): Promise<RequestStats>;
  latency(q: MetricsQuery): Promise<LatencyStats>;
  alerts(q: MetricsQuery): Promise<AlertEvent[]>;
}

/** A deploy, incident or other note on the timeline (Grafana annotations, demo deploys). */
export interface Annotation {
  ts: number;
  tsEnd?: number;
  text: string;
  tags: string[];
}

export interface AnnotationSource {
  readonly name: string;
  readonly type: string;
  annotations(q: { window: Window; app?: AppId }): Promise<Annotation[]>;
}

/** One alert rule and where it stands now (Grafana-managed alerting, or a Prometheus rule file). */
export interface AlertRuleState {
  uid: string;
  title: string;
  /** Folder (Grafana) or rule file, as the server names it. */
  folder: string;
  state: 'firing' | 'pending' | 'inactive' | 'recovering' | 'nodata' | 'error';
  /** The server's health of the last evaluation, e.g. `ok`, `error`, `nodata`. */
  health: string;
  labels: Record<string, string>;
  /** Since when the rule is in its current non-inactive state, epoch ms; null when inactive or unknown. */
  activeSince: number | null;
}

/** A rule instance changing state, e.g. pending -> firing (states as in AlertRuleState). */
export interface AlertStateChange {
  ts: number;
  ruleUid: string;
  ruleTitle: string;
  from: string;
  to: string;
  /** Labels of the alert instance that changed. */
  labels: Record<string, string>;
}

/** Alert rules and their state history (Grafana-managed alerting). */
export interface AlertRuleSource {
  readonly name: string;
  readonly type: string;
  rules(): Promise<AlertRuleState[]>;
  /** State changes in the window, oldest first. */
  stateHistory(q: { window: Window }): Promise<AlertStateChange[]>;
}
