/** Chart and table blocks that several report kinds draw the same way. */
import type { DailyActive } from '../analytics/types.js';
import type { Block, ChartBlock, TableBlock } from '../model/report.js';
import { dayInWindow, type Window } from '../time/window.js';
import { col, table } from './kpi.js';

/** DAU with rolling WAU and MAU as lines, a day only partly in `window` shaded. */
export function dailyActiveChart(id: string, title: string, daily: readonly DailyActive[], window: Window, now: number): ChartBlock {
  const annotations = partialDays(daily.map((d) => d.day), window, now);
  return {
    kind: 'chart',
    id,
    title,
    queryRefs: [],
    chart: {
      type: 'timeseries',
      unit: 'count',
      yLabel: 'Users',
      series: [
        { name: 'DAU', points: daily.map((d) => [d.day, d.dau]) },
        { name: 'WAU (7 days)', points: daily.map((d) => [d.day, d.wau]) },
        { name: 'MAU (30 days)', points: daily.map((d) => [d.day, d.mau]) },
      ],
      ...(annotations.length > 0 ? { annotations } : {}),
    },
  };
}

/**
 * The days of `window` only partly in it (today, in a period to date), as shaded regions over
 * the part that is in it: their counts are of that part only, so a last point that drops reads as
 * a day not over yet, not as users leaving.
 */
function partialDays(days: readonly number[], window: Window, now: number): { ts: number; tsEnd: number; text: string; muted: true }[] {
  return days.flatMap((_, i) => {
    const { start, end, next, whole } = dayInWindow(days, i, window);
    return whole ? [] : [{ ts: start, tsEnd: end, text: end === window.to && now < next ? 'today so far' : 'part of the day', muted: true }];
  });
}

/** The numbers behind dailyActiveChart. */
export function dailyActiveTable(id: string, title: string, daily: readonly DailyActive[]): TableBlock {
  return table(
    id,
    title,
    [col.time('day', 'Day'), col.num('dau', 'DAU'), col.num('wau', 'WAU'), col.num('mau', 'MAU'), col.num('stickiness', 'DAU / MAU', 'percent')],
    daily.map((d) => ({ day: d.day, dau: d.dau, wau: d.wau, mau: d.mau, stickiness: d.mau ? d.dau / d.mau : null })),
  );
}

/** A histogram-like bar chart of labelled counts. */
export function countBucketChart(id: string, title: string, buckets: readonly { label: string; count: number }[], yLabel: string): ChartBlock {
  return {
    kind: 'chart',
    id,
    title,
    queryRefs: [],
    chart: {
      type: 'bar',
      unit: 'count',
      yLabel,
      categories: buckets.map((b) => b.label),
      series: [{ name: yLabel, values: buckets.map((b) => b.count) }],
    },
  };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Events by weekday (rows) and hour (columns). */
export function hourOfWeekChart(id: string, title: string, matrix: readonly (readonly number[])[]): Block {
  const cells: [number, number, number | null][] = [];
  matrix.forEach((row, day) => row.forEach((value, hour) => cells.push([hour, day, value])));
  return {
    kind: 'chart',
    id,
    title,
    queryRefs: [],
    chart: {
      type: 'heatmap',
      unit: 'count',
      xLabel: 'Hour of day',
      yLabel: 'Weekday',
      xCategories: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
      yCategories: WEEKDAYS,
      cells,
    },
  };
}
