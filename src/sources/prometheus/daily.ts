/**
 * Per-local-day figures. The value for a day is an increase over the whole local day, evaluated
 * at the next local midnight (also for the first and last day when the window cuts them).
 * Consecutive 24 h days share one range query with a 1-day step; 23 h and 25 h days (DST) get
 * an instant query each.
 */
import { DAY_MS, TzCalendar, addDaysIn, type Window } from '../../time/window.js';
import type { PrometheusApi } from './api.js';
import type { Series } from './schema.js';

/** A local day that intersects a window, whole: [start, end) from its midnight to the next. */
export interface DaySpan {
  /** Local midnight that names the day (= start). */
  day: number;
  start: number;
  end: number;
}

/** The local days that intersect a window, whole (not cut at the window's edges). */
export function daySpans(window: Window): DaySpan[] {
  return new TzCalendar(window).days.map((day) => ({ day, start: day, end: addDaysIn(day, 1, window.tz) }));
}

/** Indices of days grouped into runs of 2+ consecutive 24 h days (one range query each) and the rest. */
export function groupDays(days: readonly DaySpan[]): { runs: { first: number; last: number }[]; singles: number[] } {
  const runs: { first: number; last: number }[] = [];
  const singles: number[] = [];
  const full = (d: DaySpan): boolean => d.end - d.start === DAY_MS;
  let i = 0;
  while (i < days.length) {
    let last = i;
    if (full(days[i]!)) while (last + 1 < days.length && full(days[last + 1]!)) last++;
    if (last > i) runs.push({ first: i, last });
    else singles.push(i);
    i = last + 1;
  }
  return { runs, singles };
}

/** The value of a one-sample answer, or null when there is none or it is not finite. */
export function firstValue(series: readonly Series[]): number | null {
  const v = series[0]?.samples[0]?.v;
  return v === undefined || !Number.isFinite(v) ? null : v;
}

/**
 * Evaluates `expr(rangeMs)` for every day of the window; null where Prometheus has no value
 * (no samples, or NaN such as a quantile without observations).
 */
export async function dailyValues(
  api: PrometheusApi,
  window: Window,
  expr: (rangeMs: number) => string,
  purpose: string,
): Promise<{ days: DaySpan[]; values: (number | null)[] }> {
  const days = daySpans(window);
  const values: (number | null)[] = days.map(() => null);
  const { runs, singles } = groupDays(days);
  const byEnd = new Map(days.map((d, i) => [d.end, i]));
  await Promise.all([
    ...runs.map(async ({ first, last }) => {
      const series = await api.range(expr(DAY_MS), days[first]!.end, days[last]!.end, DAY_MS, purpose);
      for (const sample of series[0]?.samples ?? []) {
        const index = byEnd.get(sample.t);
        if (index !== undefined && Number.isFinite(sample.v)) values[index] = sample.v;
      }
    }),
    ...singles.map(async (index) => {
      const span = days[index]!;
      values[index] = firstValue(await api.instant(expr(span.end - span.start), span.end, purpose));
    }),
  ]);
  return { days, values };
}
