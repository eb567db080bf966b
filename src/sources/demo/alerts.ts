/**
 * The alerts the simulated Prometheus rules fire, as intervals on the scrape grid: ALERTS is 1
 * at every whole minute t with start <= t < end.
 */
import { MINUTE_MS } from '../../time/window.js';
import type { OpsTimeline } from './ops.js';

/** Names of the simulated alert rules. */
export type AlertName = 'AppDown' | 'HighErrorRate' | 'HighLatency' | 'CrashLooping';

/** One firing of an alert rule for one app. */
export interface ModelAlert {
  name: AlertName;
  severity: 'critical' | 'warning';
  /** First and one past the last scrape (whole minutes) at which it fires. */
  start: number;
  end: number;
}

/** The first whole minute at or after `ms`. */
export function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}

/** Alerts derived from a timeline's down gaps, crash loop and episodes. */
export function alertsFor(ops: Omit<OpsTimeline, 'alerts'>): ModelAlert[] {
  const alerts: ModelAlert[] = [];
  const add = (name: AlertName, severity: ModelAlert['severity'], start: number, end: number): void => {
    if (start < end) alerts.push({ name, severity, start, end });
  };
  // AppDown has `for: 2m`: it fires from the third scrape that finds the app down.
  for (let i = 1; i < ops.processes.length; i++) {
    const firstDown = ceilMinute(ops.processes[i - 1]!.end);
    const firstUp = ceilMinute(ops.processes[i]!.start);
    add('AppDown', 'critical', firstDown + 2 * MINUTE_MS, firstUp);
  }
  const loop = ops.crashLoopStarts;
  if (loop.length >= 3) {
    add('CrashLooping', 'critical', ceilMinute(loop[2]!) + MINUTE_MS, ceilMinute(loop[loop.length - 1]!) + 15 * MINUTE_MS);
  }
  for (const e of ops.errorEpisodes) {
    add('HighErrorRate', 'warning', ceilMinute(e.start) + 5 * MINUTE_MS, ceilMinute(e.end) + 2 * MINUTE_MS);
  }
  for (const e of ops.latencyEpisodes) {
    add('HighLatency', 'warning', ceilMinute(e.start) + 5 * MINUTE_MS, ceilMinute(e.end) + 3 * MINUTE_MS);
  }
  return alerts.sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
}
