/** What every question of the Loki source shares: the API, the limits, the apps, the query log. */
import { ObsReportError } from '../../errors.js';
import { noteQuery } from '../query-log.js';
import type { LokiApi, Tally } from './api.js';
import type { Fanout } from './counts.js';
import type { MetricContext } from './metric.js';
import type { LogApp } from './pipeline.js';
import type { PlanLimits } from './plan.js';

/** Loki's limits as configured (datasources.loki in the config). */
export interface LokiLimits {
  /** max_entries_limit_per_query: the largest page asked for. */
  maxEntriesPerQuery: number;
  /** max_query_series. */
  maxSeriesPerQuery: number;
  /** max_query_length, in hours. */
  maxQueryLengthHours: number;
  /** Most raw lines one answer may pull before asking for a narrower window. */
  maxRawEvents: number;
  /**
   * Log time (days x apps) one request of packed distinct-user counts may read; bounds Loki's
   * work per request (query_timeout). Default DEFAULT_RANGE_DAYS_PER_REQUEST.
   */
  maxRangeDaysPerRequest?: number;
  /**
   * How distinct-user figures are counted: from each user's lines per local day (`per-day`, the
   * default; user-days.ts), or by Loki as LogQL set expressions (`on-server`; users.ts).
   */
  countUsers?: 'per-day' | 'on-server';
  /** split_queries_by_interval in minutes (default 60): raw lines are read again within its intervals when a read falls short. */
  splitQueriesByIntervalMinutes?: number;
}

/** Default of LokiLimits.maxRangeDaysPerRequest: a year of one app's logs, e.g. twelve 30-day MAU figures. */
export const DEFAULT_RANGE_DAYS_PER_REQUEST = 360;

/** Loki's limit of points per series in a range query. */
export const MAX_POINTS = 11_000;

/** The shared state of one LokiActivitySource. */
export interface SourceContext {
  name: string;
  api: LokiApi;
  limits: LokiLimits;
  plan: PlanLimits;
  metric: MetricContext;
  apps: ReadonlyMap<string, LogApp>;
  /** How each set of apps was last counted successfully (counts.ts), by sorted app ids. */
  fanout: Map<string, Fanout>;
}

/** The app's log settings, or UNKNOWN_APP. */
export function appOf(ctx: SourceContext, id: string): LogApp {
  const app = ctx.apps.get(id);
  if (app) return app;
  const known = [...ctx.apps.keys()].join(', ');
  throw new ObsReportError('UNKNOWN_APP', `The Loki source has no app "${id}"`, {
    hint: `Use one of the apps in the config (${known}), or add "${id}" under apps.`,
  });
}

/**
 * Runs one logical query (however many requests it takes) and records it in the run's query log,
 * in its unsharded, unsplit form, with the number of requests it took (added up over the windows
 * the same query was run for).
 */
export async function logged<T>(ctx: SourceContext, query: string, purpose: string, run: (tally: Tally) => Promise<T>): Promise<T> {
  const tally: Tally = { requests: 0 };
  try {
    return await run(tally);
  } finally {
    noteQuery({ datasource: ctx.name, datasourceType: 'loki', query, purpose, requests: tally.requests });
  }
}
