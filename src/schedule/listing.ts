/**
 * What `obs-report schedules list` shows: each job with its next fire times (in its zone and
 * in UTC), the period each report would cover at each of them, and who receives what.
 */
import type { Config } from '../config/schema.js';
import { cronOf, describeWhen } from './expression.js';
import { nextFires } from './fire-times.js';
import { planJob, scheduleSpec, scheduleZone } from './plan.js';
import { localIso } from './wall-time.js';

/** One upcoming run. */
export interface UpcomingRun {
  utc: string;
  local: string;
  /** Per report: the period it would cover. */
  periods: { report: string; label: string; slug: string }[];
}

/** One job as listed. */
export interface ScheduleListing {
  id: string;
  when: string;
  cron: string;
  tz: string;
  reports: { id: string; kind: string; period: string; formats: string[]; recipients: string[] }[];
  next: UpcomingRun[];
  notes: string[];
}

/** Every schedule of the config with its next `count` runs after `now`. */
export function listSchedules(config: Config, now: number, count: number): ScheduleListing[] {
  return config.schedules.map((schedule) => {
    const tz = scheduleZone(config, schedule);
    const fires = nextFires(scheduleSpec(config, schedule), now, count);
    const plans = fires.map((slot) => planJob(config, schedule, slot));
    const first = plans[0]!;
    return {
      id: schedule.id,
      when: describeWhen(schedule),
      cron: cronOf(schedule),
      tz,
      reports: first.reports.map((r) => ({
        id: r.report.id,
        kind: r.report.kind,
        period: r.periodSpec,
        formats: r.formats,
        recipients: r.recipients.map((p) => `${p.name} <${p.email}> (${p.formats.join(', ')}${p.template === undefined ? '' : `; template ${p.template}`})`),
      })),
      next: plans.map((plan) => ({
        utc: new Date(plan.slot).toISOString(),
        local: localIso(plan.slot, tz),
        periods: plan.reports.map((r) => ({ report: r.report.id, label: r.period.label, slug: r.period.slug })),
      })),
      notes: first.notes,
    };
  });
}
