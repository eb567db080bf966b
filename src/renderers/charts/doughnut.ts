/** Doughnut: shares of a whole, each slice labelled with its value and share, the total in the middle. */
import type { EChartsOption } from 'echarts';
import { formatValue } from '../../model/format.js';
import type { DoughnutChart } from '../../model/report.js';
import { baseOption, noData, shorten, svgFont } from './common.js';
import type { BuildContext } from './common.js';

/** ECharts option for a doughnut chart. */
export function doughnutOption(spec: DoughnutChart, ctx: BuildContext): EChartsOption {
  const slices = spec.slices.filter((s) => Number.isFinite(s.value) && s.value > 0);
  if (slices.length === 0) return noData(ctx);
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  const colors = ctx.colors.assign(slices.map((s) => s.name));
  // A total of percentages means nothing; counts, durations and bytes add up.
  const showTotal = spec.unit !== 'percent' && spec.unit !== 'ratio' && spec.unit !== 'per_user';
  return {
    ...baseOption(ctx),
    ...(showTotal
      ? {
          graphic: {
            type: 'text',
            left: 'center',
            top: 'middle',
            style: {
              text: `${formatValue(total, spec.unit)}\ntotal`,
              align: 'center',
              fill: ctx.theme.text,
              fontSize: 14,
              fontWeight: 'bold',
              fontFamily: svgFont(ctx.theme.fonts.body),
            },
          },
        }
      : {}),
    series: [
      {
        type: 'pie',
        radius: ['42%', '66%'],
        center: ['50%', '52%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        label: {
          color: ctx.theme.text,
          fontSize: 11,
          formatter: (p) => {
            const value = typeof p.value === 'number' ? p.value : 0;
            return `${shorten(p.name ?? '', 22)}\n${formatValue(value, spec.unit)} (${formatValue(value / total, 'percent')})`;
          },
        },
        labelLine: { length: 10, length2: 8 },
        data: slices.map((s, i) => ({ name: s.name, value: s.value, itemStyle: { color: colors[i] } })),
      },
    ],
  };
}
