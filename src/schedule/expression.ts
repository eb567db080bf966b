/**
 * Schedule expressions: a preset (daily, weekly, ...) is compiled to a cron expression, and
 * every cron expression is checked and parsed by node-cron, so the grammar (ranges, steps,
 * names, `L`, `1W`, `1#2`) is node-cron's own. Kept free of the config schema so the schema can
 * use it for validation.
 */
import cron from 'node-cron';

/** Presets a schedule can name instead of a cron expression. */
export const schedulePresets = ['daily', 'weekly', 'monthly', 'weekdays', 'month-end'] as const;
/** Day names in cron order (0 = Sunday). */
export const weekdayNames = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A preset name. */
export type SchedulePreset = (typeof schedulePresets)[number];
/** A day of the week, lower case. */
export type WeekdayName = (typeof weekdayNames)[number];

/** The parts of a schedule entry that say when it fires. */
export interface WhenSpec {
  cron?: string | undefined;
  preset?: SchedulePreset | undefined;
  /** HH:MM, for presets; default 07:00. */
  at?: string | undefined;
  /** For the weekly preset; default monday. */
  weekday?: WeekdayName | undefined;
}

/** When presets fire without `at` / `weekday`. */
export const DEFAULT_AT = '07:00';
export const DEFAULT_WEEKDAY: WeekdayName = 'monday';

/** Why a cron expression is not accepted, or null when it is. */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return `"${expression}" has ${fields.length} field(s); write 5 (minute hour day-of-month month day-of-week) or 6 (second first), e.g. "0 7 * * 1"`;
  }
  const result = cron.validateDetailed(expression);
  if (result.valid) return null;
  // node-cron writes "99 is a invalid expression for minute".
  return `"${expression}" is not a valid cron expression: ${result.errors.map((e) => e.message.replace(/\ba invalid\b/g, 'an invalid')).join('; ')}`;
}

/** The cron expression a schedule entry fires on (presets compiled; `cron` as written). */
export function cronOf(when: WhenSpec): string {
  if (when.cron !== undefined) return when.cron.trim().replace(/\s+/g, ' ');
  const [hour, minute] = (when.at ?? DEFAULT_AT).split(':').map(Number) as [number, number];
  const time = `${minute} ${hour}`;
  switch (when.preset) {
    case 'daily':
      return `${time} * * *`;
    case 'weekly':
      return `${time} * * ${weekdayNames.indexOf(when.weekday ?? DEFAULT_WEEKDAY)}`;
    // 1W is the weekday nearest the 1st that stays in the month: the first weekday.
    case 'monthly':
      return `${time} 1W * *`;
    case 'weekdays':
      return `${time} * * 1-5`;
    case 'month-end':
      return `${time} L * *`;
    case undefined:
      throw new Error('a schedule needs cron or preset (the config schema guarantees one)');
  }
}

/** "weekly on monday at 07:00", "cron 0 7 * * 1-5". */
export function describeWhen(when: WhenSpec): string {
  const at = when.at ?? DEFAULT_AT;
  switch (when.preset) {
    case 'daily':
      return `daily at ${at}`;
    case 'weekly':
      return `weekly on ${when.weekday ?? DEFAULT_WEEKDAY} at ${at}`;
    case 'monthly':
      return `monthly on the first weekday at ${at}`;
    case 'weekdays':
      return `Monday to Friday at ${at}`;
    case 'month-end':
      return `on the last day of each month at ${at}`;
    case undefined:
      return `cron "${cronOf(when)}"`;
  }
}
