/**
 * Local wall-clock times and the instants they name in a time zone. Around daylight-saving
 * changes a wall time can name no instant (spring forward: 02:30 does not exist in
 * Europe/Berlin on the last Sunday of March) or two (fall back: 02:30 happens twice in
 * October); everything here says which, so the scheduler can decide what to do.
 */
import { tzOffset } from '@date-fns/tz';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A calendar day: year, month 1-12, day 1-31. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** A time of day on some day. */
export interface TimeOfDay {
  hour: number;
  minute: number;
  second: number;
}

function offsetMs(tz: string, ms: number): number {
  return tzOffset(tz, new Date(ms)) * MINUTE_MS;
}

/** The local calendar day of an instant. */
export function calendarDayOf(ms: number, tz: string): CalendarDay {
  const local = new Date(ms + offsetMs(tz, ms));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** The calendar day `n` days after `day` (n may be negative). */
export function addCalendarDays(day: CalendarDay, n: number): CalendarDay {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Whether the zone's UTC offset changes around this local day: compares the offsets 14 h
 * before its naive start and 14 h after its naive end, which bracket the day in every zone
 * (two changes cancelling out within those 52 h do not happen in the tz database).
 */
export function hasOffsetChange(day: CalendarDay, tz: string): boolean {
  const midnight = Date.UTC(day.year, day.month - 1, day.day);
  return offsetMs(tz, midnight - 14 * HOUR_MS) !== offsetMs(tz, midnight + DAY_MS + 14 * HOUR_MS);
}

/** The first instant in (lo, hi] whose offset is the one at `hi` (offsets change on whole ms; 40 halvings reach 1 ms over days). */
function changeInstant(tz: string, lo: number, hi: number): number {
  const target = offsetMs(tz, hi);
  let a = lo;
  let b = hi;
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetMs(tz, mid) === target) b = mid;
    else a = mid;
  }
  return b;
}

/** What a wall time is in a zone on a day: the instants it names (0, 1 or 2, in order) and, in a gap, when the gap ends. */
export interface WallTimeInstants {
  instants: number[];
  /** Only when `instants` is empty: the instant the clocks jumped over this wall time (local time just after the gap). */
  gapEnd?: number;
}

/** Resolves a local wall time on a day in `tz`. */
export function resolveWallTime(day: CalendarDay, time: TimeOfDay, tz: string): WallTimeInstants {
  const naive = Date.UTC(day.year, day.month - 1, day.day, time.hour, time.minute, time.second);
  // Every offset in force within a day of the wall time; a candidate counts only if the zone
  // really has that offset at the resulting instant.
  const offsets = [...new Set([naive - DAY_MS, naive, naive + DAY_MS].map((ms) => offsetMs(tz, ms)))];
  const candidates = offsets.map((offset) => naive - offset);
  const instants = candidates.filter((ms) => naive - offsetMs(tz, ms) === ms).sort((a, b) => a - b);
  if (instants.length > 0) return { instants: [...new Set(instants)] };
  return { instants: [], gapEnd: changeInstant(tz, Math.min(...candidates), Math.max(...candidates)) };
}

/** The instant of a wall time, taking the earlier one in an overlap and the gap's end in a gap. */
export function instantOfWallTime(day: CalendarDay, time: TimeOfDay, tz: string): number {
  const resolved = resolveWallTime(day, time, tz);
  return resolved.instants[0] ?? resolved.gapEnd!;
}

/** `2026-03-29T03:00:00+02:00`: an instant as local ISO 8601 with its offset. */
export function localIso(ms: number, tz: string): string {
  const offset = offsetMs(tz, ms);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / MINUTE_MS;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Parses `--at` and `--now`: an ISO date and time with Z or an offset is that instant; one
 * without (e.g. `2026-11-23T07:00`) is a wall time in `tz`; seconds may have a fraction. Returns
 * null when it is not a real date and time (2026-02-30, 24:00, an offset beyond ±23:59).
 */
export function parseInstant(text: string, tz: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || hour > 23 || minute > 59 || second > 59) return null;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const offset = m[8];
  if (offset === undefined) return instantOfWallTime({ year, month, day }, { hour, minute, second }, tz) + fraction;
  const [, sign = '+', oh = '0', om = '0'] = /^([+-])(\d{2}):?(\d{2})$/.exec(offset) ?? [];
  if (Number(oh) > 23 || Number(om) > 59) return null;
  const offsetMs = offset.toUpperCase() === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * MINUTE_MS;
  return Date.UTC(year, month - 1, day, hour, minute, second) + fraction - offsetMs;
}
