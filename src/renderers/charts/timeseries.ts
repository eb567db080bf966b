/** Time series: lines, or stacked areas; deploys as marked lines, incidents as shaded regions. */
import type { EChartsOption, LineSeriesOption } from 'echarts';
import type { TimeSeriesChart } from '../../model/report.js';
import { baseOption, grid, legend, noData, shorten, valueAxis } from './common.js';
import type { BuildContext } from './common.js';
import { timeTicks } from './time-axis.js';

function extent(spec: TimeSeriesChart): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const series of spec.series) {
    for (const [ts] of series.points) {
      min = Math.min(min, ts);
      max = Math.max(max, ts);
    }
  }
  if (min > max) return null;
  for (const note of spec.annotations ?? []) {
    min = Math.min(min, note.ts);
    max = Math.max(max, note.tsEnd ?? note.ts);
  }
  return [min, max];
}

/** The largest value the axis must show (sum of series maxima when stacked). */
function maxValue(spec: TimeSeriesChart): number {
  const maxima = spec.series.map((s) => Math.max(0, ...s.points.map(([, v]) => v ?? 0)));
  return spec.stacked ? maxima.reduce((a, b) => a + b, 0) : Math.max(0, ...maxima);
}

function annotationMarks(spec: TimeSeriesChart, ctx: BuildContext): Pick<LineSeriesOption, 'markLine' | 'markArea'> {
  const notes = spec.annotations ?? [];
  const points = notes.filter((n) => n.tsEnd === undefined || n.tsEnd <= n.ts);
  const regions = notes.filter((n) => n.tsEnd !== undefined && n.tsEnd > n.ts);
  const labelStyle = { fontSize: 10, width: 120, overflow: 'truncate' as const };
  return {
    markLine: {
      silent: true,
      symbol: ['none', 'none'],
      lineStyle: { color: ctx.theme.neutral, type: 'dashed', width: 1 },
      // Deploy labels run up from the axis and incident labels sit at the top, so the two never
      // overlap when a deploy and an incident come close together.
      label: { ...labelStyle, color: ctx.theme.muted, position: 'insideStartTop', formatter: (p) => shorten(p.name ?? '', 24) },
      data: points.map((n) => ({ xAxis: n.ts, name: n.text })),
    },
    markArea: {
      silent: true,
      itemStyle: { color: ctx.theme.bad, opacity: 0.12 },
      label: { ...labelStyle, color: ctx.theme.bad, position: 'insideTop', formatter: (p) => shorten(p.name ?? '', 24) },
      data: regions.map((n) => [
        // A muted region is a day not over yet, at the chart's right edge: its label ends there.
        n.muted
          ? { xAxis: n.ts, name: n.text, itemStyle: { color: ctx.theme.neutral }, label: { color: ctx.theme.muted, position: 'insideTopRight' as const } }
          : { xAxis: n.ts, name: n.text },
        { xAxis: n.tsEnd ?? n.ts },
      ]),
    },
  };
}

/** A symbol callback drawing a dot on values whose neighbours are both missing, and nothing elsewhere. */
function isolatedPoints(points: TimeSeriesChart['series'][number]['points']): (value: unknown, params: { dataIndex: number }) => string {
  const missing = (i: number) => i < 0 || i >= points.length || points[i]?.[1] === null || points[i]?.[1] === undefined;
  return (_, { dataIndex: i }) => (!missing(i) && missing(i - 1) && missing(i + 1) ? 'circle' : 'none');
}

/** ECharts option for a time series chart, with the time axis labelled in `ctx.tz`. */
export function timeseriesOption(spec: TimeSeriesChart, ctx: BuildContext): EChartsOption {
  const range = extent(spec);
  // Days without a single value (e.g. an error ratio without requests) draw no empty frame.
  const anyValue = spec.series.some((s) => s.points.some(([, v]) => v !== null && v !== undefined));
  if (!range || !anyValue) return noData(ctx);
  const [from, to] = range;
  const ticks = timeTicks(from, to, ctx.tz, Math.max(2, Math.floor(ctx.width / 90)));
  const names = spec.series.map((s) => s.name);
  const colors = ctx.colors.assign(names);
  const series: LineSeriesOption[] = spec.series.map((s, i) => ({
    type: 'line',
    name: s.name,
    data: s.points.map(([ts, v]) => [ts, v]),
    color: colors[i],
    // A dot only where no line is drawn: a value between gaps (or alone) would be invisible.
    showSymbol: !spec.stacked,
    symbol: isolatedPoints(s.points),
    symbolSize: 4,
    connectNulls: false,
    lineStyle: { width: spec.stacked ? 0.5 : 2 },
    ...(spec.stacked ? { stack: 'total', areaStyle: { opacity: 0.8 } } : {}),
    ...(i === 0 ? annotationMarks(spec, ctx) : {}),
  }));
  return {
    ...baseOption(ctx),
    legend: legend(names, ctx),
    // 48 px on the right (in grid()): the last time label is centred on the axis end.
    grid: grid(names, ctx.width, 24),
    xAxis: {
      type: 'value',
      min: from,
      max: to,
      name: `Time (${ctx.tz})`,
      nameLocation: 'middle',
      nameGap: 26,
      nameTextStyle: { color: ctx.theme.muted },
      axisLabel: { color: ctx.theme.muted, customValues: ticks.values, formatter: (v: number) => ticks.label(v), hideOverlap: true },
      axisTick: { customValues: ticks.values },
      splitLine: { show: false },
    },
    yAxis: valueAxis(spec.unit, spec.yLabel, ctx, true, maxValue(spec)),
    series,
  };
}
