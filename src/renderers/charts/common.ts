/** Pieces shared by every chart kind: fonts, axes, legend, and the inputs each builder gets. */
import type { EChartsOption } from 'echarts';
import { formatAxisValue } from '../../model/format.js';
import type { AppRef, Unit } from '../../model/report.js';
import type { Theme } from '../types.js';
import type { ColorScale } from './colors.js';

/** Options of `renderChartSvg`. */
export interface ChartOptions {
  width: number;
  height: number;
  /** The report's IANA time zone: time axes are labelled in it. */
  tz: string;
  theme: Theme;
  /** The report's apps: they take the first palette colours, in order. */
  apps?: AppRef[];
  /** Accessible name, written as the SVG's <title> (not drawn: the block title is shown outside). */
  title?: string;
}

/** What a builder needs besides its spec. */
export interface BuildContext extends ChartOptions {
  colors: ColorScale;
}

/** ECharts writes the font stack into a double-quoted style attribute: double quotes would break the SVG. */
export function svgFont(stack: string): string {
  return stack.replaceAll('"', "'");
}

/** Options every chart starts from: no animation (SSR would catch lines half drawn), theme fonts. */
export function baseOption(ctx: BuildContext): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: svgFont(ctx.theme.fonts.body), color: ctx.theme.text, fontSize: 12 },
  };
}

const LEGEND_TEXT_MAX = 200;
const LEGEND_ROW = 22;

/** Rows the legend wraps to (ECharts wraps a horizontal legend wider than the chart). */
export function legendRows(names: string[], width: number): number {
  if (names.length < 2) return 0;
  let rows = 1;
  let used = 0;
  for (const name of names) {
    // About 6.5 px per character at 12 px, plus the symbol and the gap.
    const item = Math.min(LEGEND_TEXT_MAX, name.length * 6.5) + 34;
    if (used > 0 && used + item > width - 20) {
      rows++;
      used = 0;
    }
    used += item;
  }
  return rows;
}

/** Extra bottom margin a chart needs for its legend. */
export function legendSpace(names: string[], width: number): number {
  const rows = legendRows(names, width);
  return rows === 0 ? 0 : 8 + rows * LEGEND_ROW;
}

/** A legend at the bottom when there is more than one series; otherwise none. */
export function legend(names: string[], ctx: BuildContext): EChartsOption['legend'] {
  if (names.length < 2) return { show: false };
  return {
    show: true,
    bottom: 0,
    type: 'plain',
    data: names,
    textStyle: { color: ctx.theme.text, width: LEGEND_TEXT_MAX, overflow: 'truncate' },
    itemWidth: 14,
    itemHeight: 10,
  };
}

/** Grid margins: room for the axis names (`axisName` px below the axis), and for the legend below. */
export function grid(names: string[], width: number, axisName = 0): EChartsOption['grid'] {
  return { left: 24, right: 48, top: 32, bottom: 12 + axisName + legendSpace(names, width), containLabel: true };
}

const DURATION_STEPS_MS = [
  ...[1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500],
  ...[1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000),
];

/** A tick interval on whole milliseconds, seconds, minutes, hours or days, so duration labels are exact ("15 min", not "16.7 min"). */
export function durationInterval(maxMs: number): number | undefined {
  if (!(maxMs > 0)) return undefined;
  return DURATION_STEPS_MS.find((step) => maxMs / step <= 6) ?? undefined;
}

/** A numeric axis formatted with the unit, named with its label; `maxValue` picks exact duration steps. */
export function valueAxis(unit: Unit, name: string, ctx: BuildContext, vertical = true, maxValue = 0) {
  const interval = unit === 'duration_ms' ? durationInterval(maxValue) : undefined;
  return {
    type: 'value' as const,
    name,
    nameLocation: vertical ? ('end' as const) : ('middle' as const),
    nameGap: vertical ? 14 : 28,
    nameTextStyle: { color: ctx.theme.muted, align: vertical ? ('left' as const) : ('center' as const) },
    axisLabel: { color: ctx.theme.muted, formatter: (v: number) => formatAxisValue(v, unit) },
    splitLine: { lineStyle: { color: '#e5e7eb' } },
    ...(interval === undefined ? {} : { interval }),
    ...(unit === 'count' ? { minInterval: 1 } : {}),
  };
}

/** A centred "no data" message, for charts whose spec has nothing to draw. */
export function noData(ctx: BuildContext): EChartsOption {
  return {
    ...baseOption(ctx),
    graphic: {
      type: 'text',
      left: 'center',
      top: 'middle',
      style: { text: 'No data in this period', fill: ctx.theme.muted, fontSize: 14, fontFamily: svgFont(ctx.theme.fonts.body) },
    },
  };
}

/** Cuts long labels so axes stay readable; the table beside the chart has the full text. */
export function shorten(text: string, max = 28): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
