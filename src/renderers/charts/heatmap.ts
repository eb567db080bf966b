/** Heatmap: a grid of categories coloured by value (e.g. hour of day by weekday); missing cells stay blank. */
import type { EChartsOption } from 'echarts';
import { formatAxisValue } from '../../model/format.js';
import type { HeatmapChart } from '../../model/report.js';
import { baseOption, noData, shorten } from './common.js';
import type { BuildContext } from './common.js';

/** ECharts option for a heatmap. */
export function heatmapOption(spec: HeatmapChart, ctx: BuildContext): EChartsOption {
  const cells = spec.cells.filter((c): c is [number, number, number] => c[2] !== null && Number.isFinite(c[2]));
  if (spec.xCategories.length === 0 || spec.yCategories.length === 0) return noData(ctx);
  const values = cells.map((c) => c[2]);
  const min = values.length > 0 ? Math.min(0, ...values) : 0;
  const max = values.length > 0 ? Math.max(...values) : 1;
  const labels = spec.xCategories.length <= 12 && spec.yCategories.length <= 12;
  const high = ctx.theme.palette[0] ?? ctx.theme.neutral;
  return {
    ...baseOption(ctx),
    grid: { left: 24, right: 24, top: 32, bottom: 72, containLabel: true },
    xAxis: {
      type: 'category',
      data: spec.xCategories,
      name: spec.xLabel,
      nameLocation: 'middle',
      nameGap: 24,
      nameTextStyle: { color: ctx.theme.muted },
      axisLabel: { color: ctx.theme.muted, formatter: (v: string) => shorten(v, 12), hideOverlap: true },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: spec.yCategories,
      // The first category on top, as people read a table.
      inverse: true,
      name: spec.yLabel,
      // inverse flips the axis: 'start' is the top.
      nameLocation: 'start',
      nameTextStyle: { color: ctx.theme.muted, align: 'left' },
      axisLabel: { color: ctx.theme.muted, formatter: (v: string) => shorten(v, 16) },
    },
    visualMap: {
      type: 'continuous',
      min,
      max: max > min ? max : min + 1,
      calculable: false,
      text: [formatAxisValue(max, spec.unit), formatAxisValue(min, spec.unit)],
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: Math.min(200, ctx.width / 3),
      itemWidth: 12,
      inRange: { color: ['#f3f4f6', high] },
      textStyle: { color: ctx.theme.muted, fontSize: 10 },
    },
    series: [
      {
        type: 'heatmap',
        data: cells,
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        label: {
          show: labels,
          fontSize: 10,
          formatter: (p) => {
            const value = Array.isArray(p.value) ? p.value[2] : null;
            return typeof value === 'number' ? formatAxisValue(value, spec.unit) : '';
          },
        },
      },
    ],
  };
}
