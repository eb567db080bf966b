/**
 * Alerts as a range query over ALERTS sees them: step points from + 60 s ... to, each covering
 * the scrapes in (t - 60 s, t]; consecutive points of one (alertname, severity) are one alert.
 */
import { MINUTE_MS } from '../../time/window.js';
import type { Window } from '../../time/window.js';
import type { AlertEvent } from '../types.js';
import type { DemoApp, DemoOrg } from './org.js';
import { scrapeBounds, stepCount } from './scrapes.js';

/** The alerts of `app` in `window`, ordered by start, then name. */
export function firingSteps(org: DemoOrg, app: DemoApp, window: Window): AlertEvent[] {
  const { from, to } = window;
  const steps = stepCount(from, to);
  const { first, last } = scrapeBounds(org);
  const groups = new Map<string, { name: string; severity: string; points: Set<number>; after: boolean }>();
  const lastStep = from + steps * MINUTE_MS;
  // The scrape right after the last step point: does the alert still fire then?
  const next = Math.floor(lastStep / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  for (const alert of app.ops.alerts) {
    const key = `${alert.name}\u0000${alert.severity}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { name: alert.name, severity: alert.severity, points: new Set(), after: false }));
    if (alert.start <= next && next < alert.end) group.after = true;
    const lo = Math.max(alert.start, first, from + 1);
    const hi = Math.min(alert.end - 1, last, lastStep);
    for (let m = Math.ceil(lo / MINUTE_MS) * MINUTE_MS; m <= hi; m += MINUTE_MS) {
      group.points.add(Math.ceil((m - from) / MINUTE_MS));
    }
  }
  const out: AlertEvent[] = [];
  for (const group of groups.values()) {
    const points = [...group.points].sort((a, b) => a - b);
    let runStart = 0;
    points.forEach((k, i) => {
      if (i > 0 && k !== points[i - 1]! + 1) runStart = i;
      if (i + 1 < points.length && points[i + 1] === k + 1) return;
      const endStep = from + k * MINUTE_MS;
      const open = k === steps && endStep === to && group.after;
      out.push({
        name: group.name,
        severity: group.severity,
        start: from + (points[runStart]! - 1) * MINUTE_MS,
        end: open ? null : endStep,
        labels: { alertname: group.name, severity: group.severity },
      });
    });
  }
  return out.sort((a, b) => a.start - b.start || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
