/**
 * Results of the analytics: pure functions over the typed answers of src/sources/types.ts.
 * No I/O, no dates formatting, no knowledge of reports or formats. Every definition used
 * here is written out in src/reports/definitions.ts for the report's appendix.
 */
import type { AppId, Interval } from '../sources/types.js';

/** Active users on one local day: that day, the 7 days and the 30 days ending with it. */
export interface DailyActive {
  day: number;
  dau: number;
  /** Rolling 7-day distinct users; null when the lookback does not reach back 6 days. */
  wau: number | null;
  /** Rolling 30-day distinct users; null when the lookback does not reach back 29 days. */
  mau: number | null;
}

/** Users by number of active days in the period. */
export interface DaysActiveBucket {
  days: number;
  users: number;
}

/** User lifecycle in one interval (e.g. one week), against the interval before it. */
export interface LifecycleRow {
  /** Local midnight of the interval's first day. */
  start: number;
  /** Active now, first event ever seen in this interval. */
  new: number;
  /** Active now and in the previous interval. */
  returning: number;
  /** Active now, not in the previous interval, seen before that. */
  resurrecting: number;
  /** Active in the previous interval, not now. */
  dormant: number;
}

/** A weekly cohort of new users and the share of them active in each following week. */
export interface Cohort {
  start: number;
  size: number;
  /** retained[k] = users of the cohort active in week k after the cohort week (k = 0 is the cohort week: = size). */
  retained: number[];
}

export interface AdoptionSummary {
  /** Distinct users in the period. */
  users: number;
  newUsers: number;
  returningUsers: number;
  /** Mean of DAU over the period's days (its whole days, given its window: see daysToAverage). */
  avgDau: number | null;
  /** Mean of DAU / MAU over the same days, those where MAU is known and > 0. */
  stickiness: number | null;
}

export interface FeatureRow {
  feature: string;
  events: number;
  users: number;
  /** Share of the app's active users in the period who used it, 0..1; null if unknown. */
  userShare: number | null;
}

export interface FeatureTable {
  rows: FeatureRow[];
  /** Known features (from the config) with no use in the period, in config order. */
  neverUsed: string[];
}

export interface CountBucket {
  label: string;
  /** Inclusive lower and upper bound (upper null = open). */
  min: number;
  max: number | null;
  count: number;
}

export interface TopUser {
  user: string;
  events: number;
  activeDays: number;
  sessions: number | null;
}

export interface Transition {
  from: AppId;
  to: AppId;
  /** How many times a user went from `from` to `to`. */
  transitions: number;
  /** Distinct users who did so at least once. */
  users: number;
}

export interface PathCount {
  /** App ids in order: 3 of them for a 2-step path (A -> B -> C), 4 for a 3-step path. */
  path: AppId[];
  /** Occurrences as a contiguous part of a journey. */
  count: number;
  users: number;
}

export interface DropOff {
  app: AppId;
  /** Journey steps in the app (consecutive sessions in one app count once). */
  visits: number;
  /** Of those, how many were the last step of their journey (no next session within the gap). */
  ended: number;
}

export interface JourneyResult {
  transitions: Transition[];
  /** Transitions beyond the top N, summed. */
  otherTransitions: { transitions: number; users: number };
  paths2: PathCount[];
  paths3: PathCount[];
  dropOff: DropOff[];
  /** Journeys (a user's sessions whose consecutive starts are <= the gap apart) and how many visited 2+ apps. */
  journeys: number;
  multiAppJourneys: number;
  /** People with at least one counted transition. */
  travellers: number;
}

export interface UserAppUse {
  app: AppId;
  sessions: number;
  activeDays: number;
  events: number;
  first: number | null;
  last: number | null;
}

export interface UserFootprint {
  user: string;
  apps: UserAppUse[];
  /** Session starts in order: the user's path through the apps. */
  timeline: { ts: number; app: AppId; session: string }[];
  /** Consecutive sessions collapsed to the sequence of apps, e.g. [wiki, tickets, wiki]. */
  sequence: AppId[];
}

export interface Incident extends Interval {
  durationMs: number;
}

export interface AlertRow {
  name: string;
  severity: string;
  start: number;
  end: number | null;
  /** Time firing within the window (to the window end if still firing). */
  durationMs: number;
}

export interface HealthSummary {
  uptime: number | null;
  incidents: Incident[];
  downtimeMs: number;
  /** Mean incident duration; null without incidents. */
  mttrMs: number | null;
  /** Mean up-time between incidents: (window - downtime) / incidents; null without incidents. */
  mtbfMs: number | null;
  /** Process starts in the window; null when neither metrics nor lifecycle logs are available. */
  starts: number | null;
  /** Starts after the first in the window. */
  restarts: number | null;
  /** Starts not preceded by a graceful stop of the same instance; null without lifecycle logs. */
  crashes: number | null;
  gracefulStops: number | null;
  requests: number | null;
  errorRatio: number | null;
  p95Ms: number | null;
  alerts: AlertRow[];
}
