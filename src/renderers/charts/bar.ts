/** Bars: vertical or horizontal, grouped or stacked; missing values draw no bar (never a zero bar). */
import type { BarSeriesOption, EChartsOption } from 'echarts';
import { formatAxisValue } from '../../model/format.js';
import type { BarChart } from '../../model/report.js';
import { baseOption, grid, legend, noData, shorten, valueAxis } from './common.js';
import type { BuildContext } from './common.js';

/** Value labels on bars only when they fit: few bars, one series or a stack total. */
function showLabels(spec: BarChart): boolean {
  const bars = spec.categories.length * (spec.stacked ? 1 : spec.series.length);
  return bars <= 16 && (spec.series.length === 1 || !spec.stacked);
}

function maxValue(spec: BarChart): number {
  if (!spec.stacked) return Math.max(0, ...spec.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  return Math.max(0, ...spec.categories.map((_, i) => spec.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)));
}

/** ECharts option for a bar chart. */
export function barOption(spec: BarChart, ctx: BuildContext): EChartsOption {
  if (spec.categories.length === 0 || spec.series.length === 0) return noData(ctx);
  const names = spec.series.map((s) => s.name);
  // One series of apps (or of good/bad names): each bar in its own colour; otherwise by series.
  const single = spec.series.length === 1 && spec.categories.every((c) => ctx.colors.isKnown(c));
  const categoryColors = single ? ctx.colors.assign(spec.categories) : [];
  const seriesColors = ctx.colors.assign(names);
  const labels = showLabels(spec);
  const series: BarSeriesOption[] = spec.series.map((s, i) => ({
    type: 'bar',
    name: s.name,
    color: seriesColors[i],
    data: s.values.map((v, j) => ({ value: v, ...(single ? { itemStyle: { color: categoryColors[j] } } : {}) })),
    ...(spec.stacked ? { stack: 'total' } : {}),
    barMaxWidth: 48,
    label: {
      show: labels,
      position: spec.horizontal ? 'right' : 'top',
      color: ctx.theme.text,
      fontSize: 10,
      formatter: (p) => (typeof p.value === 'number' ? formatAxisValue(p.value, spec.unit) : ''),
    },
  }));
  const categoryAxis = {
    type: 'category' as const,
    data: spec.categories,
    // Horizontal bars read top-down in the given order.
    inverse: spec.horizontal === true,
    axisLabel: {
      color: ctx.theme.muted,
      interval: 0,
      hideOverlap: true,
      formatter: (v: string) => shorten(v, spec.horizontal ? 28 : 16),
      ...(spec.horizontal || spec.categories.length <= 8 ? {} : { rotate: 35 }),
    },
    axisTick: { alignWithLabel: true },
  };
  const value = valueAxis(spec.unit, spec.yLabel, ctx, !spec.horizontal, maxValue(spec));
  return {
    ...baseOption(ctx),
    legend: legend(names, ctx),
    // Horizontal bars name their value axis below it.
    grid: grid(names, ctx.width, spec.horizontal ? 24 : 0),
    xAxis: spec.horizontal ? value : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : value,
    series,
  };
}
