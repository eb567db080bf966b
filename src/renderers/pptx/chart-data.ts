/**
 * Chart specs as native PowerPoint chart data: labels and numbers that PowerPoint can edit.
 * Values keep the model's numbers except where a unit needs a readable scale (durations in
 * s/min/h, bytes in KiB/MiB/GiB; the axis title then names the unit). Missing values stay
 * null, drawn as gaps. Heatmaps and flows have no native chart (see section.ts).
 */
import { formatDate } from '../../model/format.js';
import type { BarChart, DoughnutChart, TimeSeriesChart, Unit } from '../../model/report.js';
import { startOfDayIn } from '../../time/window.js';

/** One series as pptxgenjs takes it. */
export interface SeriesData {
  name: string;
  labels: string[];
  values: (number | null)[];
}

/** How a unit's values are shown on a chart: divisor, number format, and a unit for the axis title. */
export interface AxisScale {
  divisor: number;
  formatCode: string;
  suffix: string;
}

const DURATION_STEPS = [
  { at: 2 * 3_600_000, divisor: 3_600_000, suffix: 'h' },
  { at: 2 * 60_000, divisor: 60_000, suffix: 'min' },
  { at: 2_000, divisor: 1_000, suffix: 's' },
] as const;
const BYTE_STEPS = [
  { at: 1024 ** 3, divisor: 1024 ** 3, suffix: 'GiB' },
  { at: 1024 ** 2, divisor: 1024 ** 2, suffix: 'MiB' },
  { at: 1024, divisor: 1024, suffix: 'KiB' },
] as const;

/** The scale for values of `unit` whose largest magnitude is `max`. */
export function axisScale(unit: Unit, max: number): AxisScale {
  switch (unit) {
    case 'count':
      return { divisor: 1, formatCode: '#,##0', suffix: '' };
    case 'percent':
      return { divisor: 1, formatCode: max < 0.2 ? '0.0%' : '0%', suffix: '' };
    case 'ratio':
      return { divisor: 1, formatCode: '0.00', suffix: '' };
    case 'per_user':
      return { divisor: 1, formatCode: '0.0', suffix: '' };
    case 'duration_ms': {
      const step = DURATION_STEPS.find((s) => max >= s.at);
      return step ? { divisor: step.divisor, formatCode: '#,##0.0', suffix: step.suffix } : { divisor: 1, formatCode: '#,##0', suffix: 'ms' };
    }
    case 'bytes': {
      const step = BYTE_STEPS.find((s) => max >= s.at);
      return step ? { divisor: step.divisor, formatCode: '#,##0.0', suffix: step.suffix } : { divisor: 1, formatCode: '#,##0', suffix: 'B' };
    }
  }
}

const largest = (values: readonly (number | null)[]): number => values.reduce<number>((m, v) => (v === null || !Number.isFinite(v) ? m : Math.max(m, Math.abs(v))), 0);
const scaled = (values: readonly (number | null)[], scale: AxisScale): (number | null)[] =>
  values.map((v) => (v === null || !Number.isFinite(v) ? null : scale.divisor === 1 ? v : v / scale.divisor));

/** Axis title: the label plus the display unit when values were scaled, e.g. `Session length (min)`. */
export function axisTitle(label: string, scale: AxisScale): string {
  return scale.suffix ? `${label} (${scale.suffix})` : label;
}

/** Category labels for instants: weekdays for up to two weeks of days, dates beyond, date and time within days. */
export function timeLabels(instants: readonly number[], tz: string): string[] {
  const days = instants.every((ms) => startOfDayIn(ms, tz) === ms);
  const span = (instants.at(-1) ?? 0) - (instants[0] ?? 0);
  if (days) return instants.map((ms) => formatDate(ms, tz, span <= 14 * 86_400_000 ? 'weekday' : 'short'));
  return instants.map((ms) => `${formatDate(ms, tz, 'short')} ${formatDate(ms, tz, 'time')}`);
}

/** A time series chart as aligned series over the union of its instants. */
export function timeseriesData(spec: TimeSeriesChart, tz: string): { series: SeriesData[]; scale: AxisScale } {
  const instants = [...new Set(spec.series.flatMap((s) => s.points.map(([ts]) => ts)))].sort((a, b) => a - b);
  const labels = timeLabels(instants, tz);
  const scale = axisScale(spec.unit, largest(spec.series.flatMap((s) => s.points.map(([, v]) => v))));
  const series = spec.series.map((s) => {
    const byTs = new Map(s.points.map(([ts, v]) => [ts, v]));
    return { name: s.name, labels, values: scaled(instants.map((ts) => byTs.get(ts) ?? null), scale) };
  });
  return { series, scale };
}

/** A bar chart's series; horizontal bars are reversed so the first category reads at the top. */
export function barData(spec: BarChart): { series: SeriesData[]; scale: AxisScale } {
  const scale = axisScale(spec.unit, largest(spec.series.flatMap((s) => s.values)));
  const order = spec.categories.map((_, i) => i);
  if (spec.horizontal) order.reverse();
  const series = spec.series.map((s) => ({
    name: s.name,
    labels: order.map((i) => spec.categories[i] ?? ''),
    values: scaled(order.map((i) => s.values[i] ?? null), scale),
  }));
  return { series, scale };
}

/** A doughnut's slices as one series. */
export function doughnutData(spec: DoughnutChart): { series: SeriesData[]; scale: AxisScale } {
  const scale = axisScale(spec.unit, largest(spec.slices.map((s) => s.value)));
  return { series: [{ name: 'Share', labels: spec.slices.map((s) => s.name), values: scaled(spec.slices.map((s) => s.value), scale) }], scale };
}
