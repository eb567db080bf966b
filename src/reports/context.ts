/**
 * What a report kind needs to build a Report: the config, the apps in scope, the period and
 * the sources, plus the run's query log. Report kinds never talk HTTP; they ask the sources.
 */
import type { AppConfig, Config } from '../config/schema.js';
import type { Highlight, PeriodInfo, Unavailable } from '../model/report.js';
import type { QueryLog } from '../sources/query-log.js';
import type { DashboardPanels } from '../sources/grafana/index.js';
import type { ActivitySource, AlertRuleSource, AnnotationSource, MetricsSource } from '../sources/types.js';
import type { Window } from '../time/window.js';

/** The sources a run uses; a missing one makes its sections unavailable. */
export interface Sources {
  activity?: ActivitySource;
  metrics?: MetricsSource;
  annotations?: AnnotationSource;
  alertRules?: AlertRuleSource;
  /** Runs a Grafana dashboard's panels for a window (when Grafana is configured). */
  dashboard?: (uid: string, window: Window) => Promise<DashboardPanels>;
  /** Why a source is missing, shown in the report (e.g. "no activity datasource configured"). */
  missing: Partial<Record<'activity' | 'metrics' | 'annotations', string>>;
}

/** Everything a report kind reads while it builds a report. */
export interface ReportContext {
  config: Config;
  /** Apps in scope, in config order. */
  apps: AppConfig[];
  period: PeriodInfo;
  sources: Sources;
  queries: QueryLog;
  /** Set for the `user` kind. */
  user?: string;
  /** Grafana dashboard uids whose panels become sections of the report. */
  dashboards: string[];
  now: number;
  /** Collected while sections run. */
  unavailable: Unavailable[];
  highlights: Highlight[];
  /** Maps a user id to what outputs show (a keyed hash when privacy.pseudonymize is on). */
  showUser: (user: string) => string;
}

/** The report's window. */
export function currentWindow(ctx: ReportContext): Window {
  return { from: ctx.period.from, to: ctx.period.to, tz: ctx.period.tz };
}

/** The previous period: the one just before, of the same kind (see resolvePeriod). */
export function previousWindow(ctx: ReportContext): Window {
  return { from: ctx.period.previous.from, to: ctx.period.previous.to, tz: ctx.period.tz };
}

export function appName(ctx: ReportContext, id: string): string {
  return ctx.apps.find((a) => a.id === id)?.name ?? ctx.config.apps.find((a) => a.id === id)?.name ?? id;
}
