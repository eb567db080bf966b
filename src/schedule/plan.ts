/**
 * What one run of a job does, worked out before anything is fetched: for each report, the
 * period it covers at the scheduled time, who receives it in which formats, and the formats
 * to render (the union, so each report is generated once). Used by `run`, `run --dry-run`,
 * the daemon and `schedules list`.
 */
import { basename } from 'node:path';
import type { Config, OutputFormat, ReportConfig, ScheduleConfig, StakeholderConfig } from '../config/schema.js';
import { ObsReportError } from '../errors.js';
import type { PeriodInfo } from '../model/report.js';
import { safeName } from '../delivery/files.js';
import { resolvePeriod } from '../time/period.js';
import { cronOf } from './expression.js';
import { compileCron, type CronSpec } from './fire-times.js';

/** A stakeholder who gets a report, and the formats they get it in. */
export interface Recipient {
  name: string;
  email: string;
  formats: OutputFormat[];
  /** Their own template (stakeholders[].template) when it is not the report's: they get that variant. */
  template?: string;
}

/** The report rendered with a recipient's own template: its files are `<stem>-<suffix>.<ext>`. */
export interface TemplateVariant {
  template: string;
  suffix: string;
  formats: OutputFormat[];
}

/** One report of a run. */
export interface PlannedReport {
  report: ReportConfig;
  /** The period spec used (e.g. last-week) and what it resolves to at the scheduled time. */
  periodSpec: string;
  period: PeriodInfo;
  /** The report's own formats plus those of every recipient using its template: each written once under output.dir. */
  formats: OutputFormat[];
  /** Renderings with the recipients' own templates (the report is built once). */
  variants: TemplateVariant[];
  recipients: Recipient[];
  /** File name stem: `<job>-<report>-<period>` (the report id is left out when it equals the job id). */
  stem: string;
  /**
   * The period as the delivery ledger keys it: its slug (`2026-W47`), which for a period to date
   * (this-week, this-month) carries the local date it ends on (`2026-W47-to-2026-11-18`), so a
   * daily job's to-date report is mailed once each day, not once per week or month.
   */
  ledgerPeriod: string;
}

/** A run of a job at one scheduled instant. */
export interface JobPlan {
  job: string;
  tz: string;
  /** The scheduled instant the run stands for (periods are resolved at it). */
  slot: number;
  reports: PlannedReport[];
  /** Things worth saying in --dry-run and `schedules list` (e.g. a named stakeholder who gets nothing). */
  notes: string[];
}

const PRESET_PERIODS = { daily: 'yesterday', weekdays: 'yesterday', weekly: 'last-week', monthly: 'last-month', 'month-end': 'this-month' } as const;

/** The schedule entry of a job id, or a USAGE error listing the known ids. */
export function findSchedule(config: Config, jobId: string): ScheduleConfig {
  const schedule = config.schedules.find((s) => s.id === jobId);
  if (schedule) return schedule;
  const known = config.schedules.map((s) => s.id);
  throw new ObsReportError('USAGE', `no schedule "${jobId}" in the config`, {
    hint: known.length > 0 ? `Known jobs: ${known.join(', ')} (obs-report schedules list).` : 'Add an entry under `schedules:` in the config.',
  });
}

/** The time zone of a schedule: its own, else the config's. */
export function scheduleZone(config: Config, schedule: ScheduleConfig): string {
  return schedule.timezone ?? config.timezone;
}

/** The schedule's cron expression compiled in its zone. */
export function scheduleSpec(config: Config, schedule: ScheduleConfig): CronSpec {
  return compileCron(cronOf(schedule), scheduleZone(config, schedule));
}

/** The period spec a report covers in a job: the job's period, else the preset's default, else the report's own. */
export function periodSpecFor(schedule: ScheduleConfig, report: ReportConfig): string {
  return schedule.period ?? (schedule.preset ? PRESET_PERIODS[schedule.preset] : report.period);
}

/** Plans the run of `schedule` standing for the scheduled instant `slot`. */
export function planJob(config: Config, schedule: ScheduleConfig, slot: number): JobPlan {
  const tz = scheduleZone(config, schedule);
  const named = schedule.stakeholders;
  const candidates = named.length > 0 ? config.stakeholders.filter((s) => named.includes(s.name)) : config.stakeholders;
  const reports = schedule.reports.map((reportId): PlannedReport => {
    const report = config.reports.find((r) => r.id === reportId);
    if (!report) throw new ObsReportError('CONFIG_INVALID', `schedule "${schedule.id}" names unknown report "${reportId}"`, { hint: 'Run obs-report validate.' });
    const periodSpec = periodSpecFor(schedule, report);
    const period = resolvePeriod(periodSpec, tz, slot);
    const reportTemplate = report.template ?? config.templates.default;
    const recipients = candidates
      .filter((s) => receives(config, s, report))
      .map((s): Recipient => ({ name: s.name, email: s.email, formats: s.formats, ...(s.template !== undefined && s.template !== reportTemplate ? { template: s.template } : {}) }));
    const formats = [...new Set([...report.formats, ...recipients.filter((r) => r.template === undefined).flatMap((r) => r.formats)])];
    const stem = safeName(report.id === schedule.id ? `${schedule.id}-${period.slug}` : `${schedule.id}-${report.id}-${period.slug}`);
    return { report, periodSpec, period, formats, variants: variantsOf(recipients), recipients, stem, ledgerPeriod: period.slug };
  });
  const notes = named
    .filter((name) => !reports.some((r) => r.recipients.some((x) => x.name === name)))
    .map((name) => `stakeholder "${name}" receives none of this job's reports (their kinds or apps do not match)`);
  return { job: schedule.id, tz, slot, reports, notes };
}

/**
 * One rendering per template that recipients chose over the report's, with their formats. The
 * file suffix is the template's name (a folder's last part), made unique if two folders share it.
 */
function variantsOf(recipients: Recipient[]): TemplateVariant[] {
  const variants: TemplateVariant[] = [];
  for (const r of recipients) {
    if (r.template === undefined) continue;
    const existing = variants.find((v) => v.template === r.template);
    if (existing) {
      existing.formats = [...new Set([...existing.formats, ...r.formats])];
      continue;
    }
    const name = safeName(basename(r.template.replace(/[\\/]+$/, '')));
    const taken = (suffix: string) => variants.some((v) => v.suffix === suffix);
    let suffix = name;
    for (let n = 2; taken(suffix); n++) suffix = `${name}-${n}`;
    variants.push({ template: r.template, suffix, formats: [...r.formats] });
  }
  return variants;
}

/** A stakeholder gets a report when they take its kind and (if they list apps) it covers one of their apps. */
function receives(config: Config, stakeholder: StakeholderConfig, report: ReportConfig): boolean {
  if (!stakeholder.reports.includes(report.kind)) return false;
  if (stakeholder.apps.length === 0) return true;
  const covered = report.apps.length > 0 ? report.apps : config.apps.map((a) => a.id);
  return stakeholder.apps.some((app) => covered.includes(app));
}
