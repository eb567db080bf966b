/**
 * Native, editable PowerPoint charts: lines (stacked areas when `stacked`), clustered or
 * stacked bars (horizontal too) and doughnuts, coloured like the HTML charts (same
 * ColorScale), with number formats on the value axis. Timeseries marks (deploys, incidents)
 * are listed under the chart, since native charts have no annotation layer.
 */
import type { ChartOptions } from './lib.js';
import { formatDate } from '../../model/format.js';
import type { ChartBlock, TimeSeriesChart } from '../../model/report.js';
import { officeColor } from '../templates/office-theme.js';
import { axisTitle, barData, doughnutData, timeseriesData, type AxisScale, type SeriesData } from './chart-data.js';
import type { Deck, Page } from './deck.js';

/** Where a block goes on a slide, in inches. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

type NativeSpec = Exclude<ChartBlock['chart'], { type: 'heatmap' | 'flow' }>;

/** Whether a chart kind has a native PowerPoint equivalent. */
export function isNative(chart: ChartBlock['chart']): chart is NativeSpec {
  return chart.type === 'timeseries' || chart.type === 'bar' || chart.type === 'doughnut';
}

/** "Deploy v2 (Wed 18 Nov 10:00); Outage (Fri 20 Nov 14:00 – 17:00)". */
export function annotationLine(spec: TimeSeriesChart, tz: string): string {
  const when = (ms: number): string => `${formatDate(ms, tz, 'weekday')} ${formatDate(ms, tz, 'time')}`;
  return (spec.annotations ?? []).map((a) => `${a.text} (${when(a.ts)}${a.tsEnd === undefined ? '' : ` – ${formatDate(a.tsEnd, tz, 'time')}`})`).join('; ');
}

function chartData(spec: NativeSpec, tz: string): { series: SeriesData[]; scale: AxisScale } {
  if (spec.type === 'timeseries') return timeseriesData(spec, tz);
  if (spec.type === 'bar') return barData(spec);
  return doughnutData(spec);
}

function hasData(series: readonly SeriesData[]): boolean {
  return series.some((s) => s.values.some((v) => v !== null));
}

/** Draws a native chart for `block` in `box`; returns false (drawing nothing) for heatmap and flow. */
export function addNativeChart(deck: Deck, page: Page, block: ChartBlock, box: Box): boolean {
  const spec = block.chart;
  if (!isNative(spec)) return false;
  const { office, report } = deck;
  const { series, scale } = chartData(spec, report.period.tz);
  if (!hasData(series)) {
    page.slide.addText('No data in this period', { ...box, align: 'center', fontFace: office.font, fontSize: 16, color: office.muted });
    return true;
  }
  const names = spec.type === 'doughnut' ? (series[0]?.labels ?? []) : series.map((s) => s.name);
  const text = { fontFace: office.font, color: office.muted, size: 11 };
  const options: ChartOptions = {
    ...box,
    chartColors: deck.colors.assign(names).map(officeColor),
    showLegend: names.length > 1,
    legendPos: spec.type === 'doughnut' ? 'r' : 'b',
    legendFontFace: text.fontFace,
    legendFontSize: text.size,
    legendColor: office.text,
    showTitle: false,
    displayBlanksAs: 'gap',
    catAxisLabelFontFace: text.fontFace,
    catAxisLabelFontSize: text.size,
    catAxisLabelColor: text.color,
    valAxisLabelFontFace: text.fontFace,
    valAxisLabelFontSize: text.size,
    valAxisLabelColor: text.color,
    valAxisLabelFormatCode: scale.formatCode,
    valGridLine: { color: 'E5E7EB', size: 0.5 },
    catGridLine: { style: 'none' },
    dataLabelFormatCode: scale.formatCode,
  };
  if (spec.type === 'doughnut') {
    page.slide.addChart('doughnut', series, { ...options, holeSize: 55, showPercent: true, showValue: false, dataLabelFormatCode: '0%', dataLabelColor: 'FFFFFF', dataLabelFontSize: 11 });
    return true;
  }
  const axis = { showValAxisTitle: true, valAxisTitle: axisTitle(spec.yLabel, scale), valAxisTitleFontFace: text.fontFace, valAxisTitleFontSize: text.size, valAxisTitleColor: text.color };
  if (spec.type === 'bar') {
    const few = series.length === 1 && (series[0]?.labels.length ?? 0) <= 15;
    page.slide.addChart('bar', series, { ...options, ...axis, barDir: spec.horizontal ? 'bar' : 'col', barGrouping: spec.stacked ? 'stacked' : 'clustered', showValue: few, dataLabelPosition: 'outEnd', dataLabelFontSize: 10, dataLabelColor: office.text, ...(spec.stacked ? { barGapWidthPct: 60 } : {}) });
    return true;
  }
  const count = series[0]?.labels.length ?? 0;
  page.slide.addChart(spec.stacked ? 'area' : 'line', series, {
    ...options,
    ...axis,
    ...(spec.stacked ? { barGrouping: 'stacked' } : { lineSize: 2, lineDataSymbol: count > 31 ? 'none' : 'circle', lineDataSymbolSize: 5 }),
    catAxisLabelFrequency: String(Math.max(1, Math.ceil(count / 8))),
  });
  return true;
}
