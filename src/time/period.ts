/**
 * Report periods: what `--period last-week` or `2026-11` means in a time zone, the previous
 * period it is compared with, and the labels used on the cover and in file names.
 * Periods are whole local days, so days, weeks and months mean what a reader expects,
 * including across daylight-saving changes.
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import { startOfMonth } from 'date-fns/startOfMonth';
import { ObsReportError } from '../errors.js';
import { MONTHS } from '../model/format.js';
import type { PeriodInfo } from '../model/report.js';
import { startOfDayIn } from './window.js';

export const PERIOD_FORMS =
  'last-7d (any last-<N>d), last-week, last-month, this-week, this-month, yesterday, YYYY-MM, YYYY-Www (ISO week), YYYY-MM-DD..YYYY-MM-DD, or --from/--to dates';

type Unit = 'day' | 'week' | 'month';

interface Span {
  from: TZDate;
  /** Exclusive. */
  to: TZDate;
  unit: Unit;
  /** Length in units, to find the previous period. */
  count: number;
}

/**
 * Resolves a period spec at instant `now` in time zone `tz`. A period that runs past `now`
 * (this-week, this-month) is "to date": it ends at now.
 */
export function resolvePeriod(spec: string, tz: string, now: number): PeriodInfo {
  const span = parseSpan(spec.trim(), tz, now);
  if (span.to.getTime() <= span.from.getTime()) {
    throw new ObsReportError('BAD_PERIOD', `period "${spec}" is empty: it ends before it starts`, {
      hint: 'Give the earlier date first, e.g. 2026-11-01..2026-11-30.',
    });
  }
  const previousFrom = shift(span.from, span.unit, -span.count);
  // A period that runs into the future (this-week, this-month) ends now (to the minute), and
  // is compared with the same stretch of the previous period ("month to date").
  const nowMinute = new TZDate(Math.floor(now / 60_000) * 60_000, tz);
  const toDate = span.to.getTime() > nowMinute.getTime() ? nowMinute : span.to;
  if (toDate.getTime() <= span.from.getTime()) {
    throw new ObsReportError('BAD_PERIOD', `period "${spec}" has not begun: it starts ${localTime(span.from)}, and it is now ${localTime(nowMinute)} (${tz})`, {
      hint: 'Choose a period that has begun, e.g. last-7d, this-month or last-month.',
    });
  }
  const previousTo = toDate === span.to ? span.from : shift(toDate, span.unit, -span.count);
  return {
    from: span.from.getTime(),
    to: toDate.getTime(),
    tz,
    label: labelOf(span) + (toDate === span.to ? '' : ' (to date)'),
    // To date, the slug says where it ends: each day's month-to-date file is its own, and a
    // link mailed yesterday still opens yesterday's report.
    slug: toDate === span.to ? slugOf(span) : `${slugOf(span)}-to-${ymd(toDate)}`,
    previous: { from: previousFrom.getTime(), to: previousTo.getTime() },
  };
}

/** "2027-01-01 00:00" in the date's own time zone. */
function localTime(date: TZDate): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

/** `--from 2026-11-01 --to 2026-11-15`: whole local days, both inclusive. */
export function periodFromDates(from: string, to: string, tz: string, now: number): PeriodInfo {
  return resolvePeriod(`${from}..${to}`, tz, now);
}

function parseSpan(spec: string, tz: string, now: number): Span {
  const today = new TZDate(startOfDayIn(now, tz), tz);
  let m: RegExpMatchArray | null;
  if ((m = spec.match(/^last-(\d{1,3})d$/))) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 366) return { from: addDays(today, -n), to: today, unit: 'day', count: n };
  }
  if (spec === 'yesterday') return { from: addDays(today, -1), to: today, unit: 'day', count: 1 };
  if (spec === 'last-week' || spec === 'this-week') {
    const thisWeek = startOfISOWeek(today);
    const from = spec === 'last-week' ? addDays(thisWeek, -7) : thisWeek;
    return { from, to: addDays(from, 7), unit: 'week', count: 1 };
  }
  if (spec === 'last-month' || spec === 'this-month') {
    const thisMonth = startOfMonth(today);
    const from = spec === 'last-month' ? addMonths(thisMonth, -1) : thisMonth;
    return { from, to: addMonths(from, 1), unit: 'month', count: 1 };
  }
  if ((m = spec.match(/^(\d{4})-(\d{2})$/))) {
    const from = new TZDate(Number(m[1]), Number(m[2]) - 1, 1, tz);
    if (Number(m[2]) >= 1 && Number(m[2]) <= 12) return { from, to: addMonths(from, 1), unit: 'month', count: 1 };
  }
  if ((m = spec.match(/^(\d{4})-W(\d{2})$/))) {
    // ISO week 1 is the week with 4 January in it.
    const from = new TZDate(addDays(startOfISOWeek(new TZDate(Number(m[1]), 0, 4, tz)), (Number(m[2]) - 1) * 7).getTime(), tz);
    if (Number(m[2]) >= 1 && Number(m[2]) <= 53 && getISOWeekYear(from) === Number(m[1])) {
      return { from, to: addDays(from, 7), unit: 'week', count: 1 };
    }
  }
  if ((m = spec.match(/^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/))) {
    const from = localDate(m[1]!, tz);
    const last = localDate(m[2]!, tz);
    if (from && last) {
      const to = addDays(last, 1);
      const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
      return { from, to, unit: 'day', count: Math.max(days, 1) };
    }
  }
  throw new ObsReportError('BAD_PERIOD', whyNot(spec, tz), { hint: `Accepted forms: ${PERIOD_FORMS}.` });
}

/** What is wrong with a period in an accepted form whose numbers are not, else "unknown period". */
function whyNot(spec: string, tz: string): string {
  let m: RegExpMatchArray | null;
  if (/^last-\d+d$/.test(spec)) return `period "${spec}": last-Nd takes 1 to 366 days`;
  if ((m = spec.match(/^(\d{4})-(\d{2})$/))) return `period "${spec}": there is no month ${m[2]!} (01 to 12)`;
  if ((m = spec.match(/^(\d{4})-W(\d{2})$/))) {
    // 28 December is always in the year's last ISO week.
    const weeks = getISOWeek(new TZDate(Number(m[1]), 11, 28, tz));
    return `period "${spec}": ${m[1]!} has ISO weeks W01 to W${weeks}`;
  }
  if ((m = spec.match(/^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/))) {
    const bad = [m[1]!, m[2]!].filter((d) => localDate(d, tz) === null);
    return `period "${spec}": ${bad.join(' and ')} ${bad.length === 1 ? 'is not a date' : 'are not dates'}`;
  }
  return `unknown period "${spec}"`;
}

/** A YYYY-MM-DD date at local midnight, or null if it is not a real date. */
function localDate(text: string, tz: string): TZDate | null {
  const [y, mo, d] = text.split('-').map(Number) as [number, number, number];
  const date = new TZDate(y, mo - 1, d, tz);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : null;
}

function shift(date: TZDate, unit: Unit, n: number): TZDate {
  if (unit === 'month') return addMonths(date, n);
  return addDays(date, unit === 'week' ? n * 7 : n);
}

const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function ymd(d: TZDate): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function dayLabel(d: TZDate): string {
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

function rangeLabel(from: TZDate, last: TZDate): string {
  if (ymd(from) === ymd(last)) return dayLabel(from);
  if (from.getFullYear() !== last.getFullYear()) return `${dayLabel(from)} – ${dayLabel(last)}`;
  if (from.getMonth() !== last.getMonth()) return `${from.getDate()} ${MONTHS[from.getMonth()]} – ${dayLabel(last)}`;
  return `${from.getDate()}–${dayLabel(last)}`;
}

function labelOf(span: Span): string {
  const last = addDays(span.to, -1);
  if (span.unit === 'month' && span.count === 1) return `${LONG_MONTHS[span.from.getMonth()]} ${span.from.getFullYear()}`;
  if (span.unit === 'week' && span.count === 1) return `Week ${getISOWeek(span.from)}, ${rangeLabel(span.from, last)}`;
  return rangeLabel(span.from, last);
}

function slugOf(span: Span): string {
  if (span.unit === 'month' && span.count === 1) return ymd(span.from).slice(0, 7);
  if (span.unit === 'week' && span.count === 1) {
    return `${getISOWeekYear(span.from)}-W${String(getISOWeek(span.from)).padStart(2, '0')}`;
  }
  const last = addDays(span.to, -1);
  return ymd(span.from) === ymd(last) ? ymd(span.from) : `${ymd(span.from)}_${ymd(last)}`;
}
