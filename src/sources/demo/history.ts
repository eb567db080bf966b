/**
 * Where the demo organisation's data starts. Its history is the datasources.demo.historyDays
 * before its end; the people it simulates were there before (a third of them from the start),
 * but none of what they did then exists. So, like the Kafka source once retention has deleted a
 * window's events, the demo refuses a question about a window that begins before its first
 * data, rather than answering zeros for days it never simulated: the report marks what needed it
 * unavailable (for the previous period, only the changes against it; see src/reports).
 *
 * What is read back from a window, as the sources do for it (the 29 days before it for WAU and
 * MAU, the history from historyFrom for new users, lifecycle and retention, app_start/app_stop
 * before a period for crashes, events a margin before it to cut sessions), is answered from the
 * data there is, and the query in the appendix says from when, as the Kafka source's says from
 * which historyFrom it looked.
 */
import { TZDate } from '@date-fns/tz';
import { DatasourceError } from '../../errors.js';
import { addDaysIn, startOfDayIn, type Window } from '../../time/window.js';
import type { DemoOrg } from './org.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-07-24` (with `time`: `2026-07-24 02:00`), in `tz`. */
function local(ms: number, tz: string, time = false): string {
  const d = new TZDate(ms, tz);
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return time ? `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}` : day;
}

/** The first local midnight (in tz) at or after the start of the demo's data: the first whole day with data. */
export function firstWholeDay(org: DemoOrg, tz: string): number {
  const day = startOfDayIn(org.range.start, tz);
  return day >= org.range.start ? day : addDaysIn(day, 1, tz);
}

/** Throws when `window` begins before the demo's data: nothing of the part before it exists. */
export function requireHistory(org: DemoOrg, datasource: string, window: Window): void {
  const start = org.range.start;
  if (window.from >= start) return;
  const { tz } = window;
  const asked = `${local(window.from, tz)} to ${local(Math.max(window.from, window.to - 1), tz)}`;
  const where = window.to <= start ? 'lies before it' : 'begins before it';
  throw new DatasourceError(
    'DATASOURCE_NO_DATA',
    datasource,
    `The demo organisation (--demo) has data from ${local(start, tz, true)} ${tz} on, the ${org.options.historyDays} days of its history (datasources.demo.historyDays): ${asked} ${where}`,
    {
      hint: `Choose a later period (the first whole day with data is ${local(firstWholeDay(org, tz), tz)}; week-by-week figures also read the weeks before the period), or give the demo more history with datasources.demo.historyDays (at most 730 days).`,
    },
  );
}

/** For a query's text: from when a read back to `from` found data, when that is later (else ''). */
export function readFromNote(org: DemoOrg, from: number): string {
  return from >= org.range.start ? '' : ` (nothing before ${new Date(org.range.start).toISOString()}, where the demo's data starts)`;
}
