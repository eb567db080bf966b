/**
 * When a cron expression fires, in a time zone, as instants. node-cron parses the expression
 * and decides which days match (its grammar and its day-of-month AND day-of-week rule); the
 * times within a day follow the rule of Vixie cron around daylight-saving changes, which
 * node-cron's own runner does not (it silently skips a 02:30 job on the spring-forward day):
 * - a wall time that does not exist (spring forward) fires once, when the clocks jump;
 * - a wall time that happens twice (fall back) fires once, the first time, unless the
 *   expression runs every hour (hour field `*`), which then fires at both real instants.
 * Pure functions of their arguments: no clock, so the daemon and the tests can drive them.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { addCalendarDays, calendarDayOf, hasOffsetChange, resolveWallTime, type CalendarDay } from './wall-time.js';

const DAY_MS = 86_400_000;
/** How far to look for a next fire: a Feb 29 on a Monday can be 28 years away. */
const MAX_DAYS = 366 * 30;

/** A cron expression compiled for one time zone. */
export interface CronSpec {
  expression: string;
  tz: string;
  seconds: number[];
  minutes: number[];
  hours: number[];
  /** The hour field is `*`: repeated wall times (fall back) fire at both instants. */
  everyHour: boolean;
  /** node-cron's own matcher for the day part (fires at 12:00:00 of a matching local day). */
  dayMatcher: ScheduledTask;
}

/** Compiles an expression that `cronProblem` accepted. */
export function compileCron(expression: string, tz: string): CronSpec {
  const fields = expression.trim().split(/\s+/);
  const parsed = cron.parse(expression);
  const dayPart = fields.slice(-3).join(' ');
  const sorted = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);
  return {
    expression,
    tz,
    seconds: sorted(parsed.second),
    minutes: sorted(parsed.minute),
    hours: sorted(parsed.hour),
    everyHour: new Set(parsed.hour).size === 24,
    dayMatcher: dayMatcherFor(dayPart, tz),
  };
}

/** node-cron keeps every task it creates in a registry, so matchers are made once per day part and zone. */
const matchers = new Map<string, ScheduledTask>();

function dayMatcherFor(dayPart: string, tz: string): ScheduledTask {
  const key = `${dayPart}|${tz}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    // A task that is never started is only a matcher: node-cron arms no timer before start().
    matcher = cron.createTask(`0 0 12 ${dayPart}`, () => undefined, { timezone: tz });
    matchers.set(key, matcher);
  }
  return matcher;
}

/** Whether the expression fires on this local day at all. */
export function dayMatches(spec: CronSpec, day: CalendarDay): boolean {
  // Local noon exists on every day in every zone; find its instant from the offset at 12:00 UTC.
  const noonUtc = Date.UTC(day.year, day.month - 1, day.day, 12);
  const guess = resolveWallTime(day, { hour: 12, minute: 0, second: 0 }, spec.tz).instants[0] ?? noonUtc;
  return spec.dayMatcher.match(new Date(guess));
}

/** Every instant the expression fires at on one local day, in order. */
export function firesOnDay(spec: CronSpec, day: CalendarDay): number[] {
  if (!dayMatches(spec, day)) return [];
  const fires: number[] = [];
  if (!hasOffsetChange(day, spec.tz)) {
    const first = resolveWallTime(day, { hour: 0, minute: 0, second: 0 }, spec.tz).instants[0]!;
    for (const hour of spec.hours) {
      for (const minute of spec.minutes) {
        for (const second of spec.seconds) fires.push(first + ((hour * 60 + minute) * 60 + second) * 1000);
      }
    }
    return fires;
  }
  for (const hour of spec.hours) {
    for (const minute of spec.minutes) {
      for (const second of spec.seconds) {
        const wall = resolveWallTime(day, { hour, minute, second }, spec.tz);
        if (wall.instants.length === 0) fires.push(wall.gapEnd!);
        else if (spec.everyHour) fires.push(...wall.instants);
        else fires.push(wall.instants[0]!);
      }
    }
  }
  return [...new Set(fires)].sort((a, b) => a - b);
}

/** The first fire strictly after `after`. */
export function nextFire(spec: CronSpec, after: number): number {
  const start = addCalendarDays(calendarDayOf(after, spec.tz), -1);
  for (let i = 0; i < MAX_DAYS; i++) {
    const found = firesOnDay(spec, addCalendarDays(start, i)).find((t) => t > after);
    if (found !== undefined) return found;
  }
  throw new Error(`cron "${spec.expression}" never fires`);
}

/** The last fire at or before `atOrBefore`. */
export function previousFire(spec: CronSpec, atOrBefore: number): number {
  const start = addCalendarDays(calendarDayOf(atOrBefore, spec.tz), 1);
  for (let i = 0; i < MAX_DAYS; i++) {
    const fires = firesOnDay(spec, addCalendarDays(start, -i)).filter((t) => t <= atOrBefore);
    if (fires.length > 0) return fires[fires.length - 1]!;
  }
  throw new Error(`cron "${spec.expression}" never fired`);
}

/** The next `count` fires after `after`. */
export function nextFires(spec: CronSpec, after: number, count: number): number[] {
  const fires: number[] = [];
  let t = after;
  while (fires.length < count) {
    t = nextFire(spec, t);
    fires.push(t);
  }
  return fires;
}

/**
 * The longest gap between two fires over the coming year (at most 2,000 fires looked at):
 * how long a job may go without a run before something is wrong (23 or 25 h for a daily job
 * around DST changes, 3 days for Monday-to-Friday, 35 days for the first weekday of a month).
 */
export function longestInterval(spec: CronSpec, from: number): number {
  let longest = 0;
  let previous = nextFire(spec, from);
  for (let i = 0; i < 2000 && previous < from + 400 * DAY_MS; i++) {
    const next = nextFire(spec, previous);
    longest = Math.max(longest, next - previous);
    previous = next;
  }
  return longest;
}
