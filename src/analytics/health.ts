/** Health of one app over a window: incidents, MTTR/MTBF, starts and crashes, requests, latency, alerts. */
import type { AlertEvent, Interval, LatencyStats, LifecycleEvent, ProcessStart, RequestStats } from '../sources/types.js';
import type { Window } from '../time/window.js';
import { clipIntervals, mergeIntervals } from './intervals.js';
import { countCrashes, startsInWindow } from './restarts.js';
import { compareText } from './sequence.js';
import type { AlertRow, HealthSummary, Incident } from './types.js';

/** What the sources answered for one app's health; null = that source was unavailable. */
export interface HealthInput {
  window: Window;
  uptime: number | null;
  down: Interval[] | null;
  starts: ProcessStart[] | null;
  /** app_start/app_stop events of the window, and of some time before it when crashes need them. */
  lifecycle: LifecycleEvent[] | null;
  /** The events before the window were needed and could not be read: crashes are unknown. */
  crashesUnknown?: boolean;
  requests: RequestStats | null;
  latency: LatencyStats | null;
  alerts: AlertEvent[] | null;
}

/**
 * The health figures of the window. Without down intervals, incidents are [] and downtimeMs
 * is 0: the caller, which knows `down` was null, must show downtime as unavailable.
 */
export function healthSummary(input: HealthInput): HealthSummary {
  const { window } = input;
  // Down intervals count even when uptime is unknown: they are evidence on their own.
  const incidents: Incident[] = mergeIntervals(clipIntervals(input.down ?? [], window.from, window.to)).map(
    (i) => ({ ...i, durationMs: i.end - i.start }),
  );
  const downtimeMs = incidents.reduce((sum, i) => sum + i.durationMs, 0);
  const n = incidents.length;
  const starts = startsInWindow(window, input.starts, input.lifecycle);
  const restarts = starts === null ? null : starts.slice(1);
  const requests = input.requests;
  return {
    uptime: input.uptime,
    incidents,
    downtimeMs,
    mttrMs: n === 0 ? null : downtimeMs / n,
    mtbfMs: n === 0 ? null : (window.to - window.from - downtimeMs) / n,
    starts: starts === null ? null : starts.length,
    restarts: restarts === null ? null : restarts.length,
    crashes: starts === null || input.lifecycle === null || input.crashesUnknown ? null : countCrashes(starts, input.lifecycle),
    gracefulStops:
      input.lifecycle === null
        ? null
        : input.lifecycle.filter((e) => e.kind === 'stop' && e.ts >= window.from && e.ts < window.to).length,
    requests: requests ? requests.total : null,
    errorRatio: requests && requests.total > 0 ? requests.errors / requests.total : null,
    p95Ms: input.latency ? input.latency.p95Ms : null,
    alerts: alertRows(input.alerts ?? [], window),
  };
}

/** Alerts that fired in the window or were firing during it, by start, with their firing time inside it. */
export function alertRows(alerts: readonly AlertEvent[], window: Window): AlertRow[] {
  return alerts
    .filter((a) => a.start < window.to && (a.end === null || a.end > window.from || a.start >= window.from))
    .map(({ name, severity, start, end }) => ({
      name,
      severity,
      start,
      end,
      durationMs: Math.max(0, Math.min(end ?? window.to, window.to) - Math.max(start, window.from)),
    }))
    .sort((a, b) => a.start - b.start || compareText(a.name, b.name) || compareText(a.severity, b.severity));
}
