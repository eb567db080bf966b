/**
 * Time-axis ticks and labels computed in the report's time zone. ECharts places and
 * formats time axes in the process's local time, so charts use a plain value axis and
 * take their tick positions and labels from here instead.
 */
import { TZDate } from '@date-fns/tz';
import { addMonths } from 'date-fns/addMonths';
import { startOfMonth } from 'date-fns/startOfMonth';
import { formatDate } from '../../model/format.js';
import type { DateStyle } from '../../model/format.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, TzCalendar } from '../../time/window.js';

/** Tick instants and their labels. */
export interface TimeTicks {
  values: number[];
  label: (ms: number) => string;
}

interface Step {
  /** Rough length, to skip steps that would give far too many ticks. */
  approxMs: number;
  generate: (from: number, to: number, tz: string, calendar: () => TzCalendar) => number[];
  style: DateStyle;
}

/** Ticks every `minutes` of local wall-clock time (5 min ... 12 h). */
function clockSteps(minutes: number): Step {
  const stepMs = minutes * MINUTE_MS;
  return {
    approxMs: stepMs,
    style: 'time',
    generate(from, to, _tz, calendar) {
      const days = calendar();
      const ticks: number[] = [];
      const first = days.days[0] ?? from;
      const start = first + Math.max(0, Math.floor((from - first) / stepMs) - 1) * stepMs;
      for (let t = start; t <= to; t += Math.min(stepMs, HOUR_MS)) {
        const local = (((t + days.offsetAt(t)) % DAY_MS) + DAY_MS) % DAY_MS;
        if (t >= from && local % stepMs === 0) ticks.push(t);
      }
      return ticks;
    },
  };
}

/** Ticks every `every` local days, or every `every` Mondays when `weeks`. */
function daySteps(every: number, style: DateStyle, weeks = false): Step {
  return {
    approxMs: every * (weeks ? 7 : 1) * DAY_MS,
    style,
    generate(from, _to, _tz, calendar) {
      const days = calendar();
      const ticks: number[] = [];
      let index = 0;
      for (const t of days.days) {
        if (t < from || (weeks && days.weekday(t) !== 0)) continue;
        if (index++ % every === 0) ticks.push(t);
      }
      return ticks;
    },
  };
}

/** Ticks on the first of every `every` months, aligned to the calendar (quarters start in Jan, Apr, Jul, Oct). */
function monthSteps(every: number): Step {
  return {
    approxMs: every * 30 * DAY_MS,
    style: 'month',
    generate(from, to, tz) {
      const ticks: number[] = [];
      for (let d = startOfMonth(new TZDate(from, tz)); d.getTime() <= to; d = addMonths(d, 1)) {
        if (d.getTime() >= from && d.getMonth() % every === 0) ticks.push(d.getTime());
      }
      return ticks;
    },
  };
}

const STEPS: Step[] = [
  clockSteps(5),
  clockSteps(15),
  clockSteps(30),
  clockSteps(60),
  clockSteps(120),
  clockSteps(180),
  clockSteps(360),
  clockSteps(720),
  daySteps(1, 'weekday'),
  daySteps(2, 'short'),
  daySteps(1, 'short', true),
  daySteps(2, 'short', true),
  monthSteps(1),
  monthSteps(3),
  monthSteps(12),
];

/** At most `maxTicks` ticks on local hour, day, Monday or month boundaries within [from, to]. */
export function timeTicks(from: number, to: number, tz: string, maxTicks: number): TimeTicks {
  const span = Math.max(to - from, 1);
  // The window's local days, built once (each day costs a time-zone lookup) and only when an
  // hour or day step is tried.
  let days: TzCalendar | undefined;
  const calendar = () => (days ??= new TzCalendar({ from, to: to + 1, tz }));
  for (const step of STEPS) {
    if (span / step.approxMs > maxTicks * 2) continue;
    const values = step.generate(from, to, tz, calendar);
    if (values.length > maxTicks) continue;
    if (step.style === 'time') {
      // Hour ticks: midnight shows the date, so multi-day spans stay readable.
      return {
        values,
        label: (ms) => (calendar().hour(ms) === 0 && span > HOUR_MS * 12 ? formatDate(ms, tz, 'short') : formatDate(ms, tz, 'time')),
      };
    }
    return { values, label: (ms) => formatDate(ms, tz, step.style) };
  }
  const years = monthSteps(12).generate(from, to, tz, calendar);
  return { values: years.filter((_, i) => i % Math.ceil(years.length / maxTicks) === 0), label: (ms) => formatDate(ms, tz, 'month') };
}
