/** Pure conversions from query results to MetricsSource answers. */
import type { AlertEvent, Interval, ProcessStart } from '../types.js';
import type { Series } from './schema.js';

/** Merges intervals that overlap or touch; input in any order. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

/** Down intervals from the points of `... == 0`: a point at t stands for [t - step, t). */
export function downIntervals(series: readonly Series[], stepMs: number): Interval[] {
  const points = series.flatMap((s) => s.samples.map((p) => ({ start: p.t - stepMs, end: p.t })));
  return mergeIntervals(points);
}

/** Each distinct process_start_time_seconds value per instance that falls in [from, to) is a start. */
export function processStarts(series: readonly Series[], from: number, to: number): ProcessStart[] {
  const starts: ProcessStart[] = [];
  for (const s of series) {
    const instance = s.labels.instance ?? '';
    const seen = new Set<number>();
    for (const { v } of s.samples) {
      if (!Number.isFinite(v)) continue;
      const ts = Math.round(v * 1000);
      if (ts < from || ts >= to || seen.has(ts)) continue;
      seen.add(ts);
      starts.push({ instance, ts });
    }
  }
  return starts.sort((a, b) => a.ts - b.ts || (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0));
}

/**
 * Alerts from firing points of `max by (alertname, severity) (max_over_time(ALERTS...[step]))`:
 * consecutive points are one alert that started at the first point - step and ended at the last
 * point, or is still firing (end null) when the last point is the query's last evaluation.
 */
export function alertEvents(series: readonly Series[], stepMs: number, lastEval: number): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (const s of series) {
    const name = s.labels.alertname ?? '';
    const severity = s.labels.severity ?? '';
    let first: number | undefined;
    let prev = 0;
    const close = (): void => {
      if (first === undefined) return;
      events.push({ name, severity, start: first - stepMs, end: prev === lastEval ? null : prev, labels: { ...s.labels } });
    };
    for (const { t } of s.samples) {
      if (first !== undefined && t - prev !== stepMs) {
        close();
        first = undefined;
      }
      if (first === undefined) first = t;
      prev = t;
    }
    close();
  }
  return events.sort((a, b) => a.start - b.start || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
