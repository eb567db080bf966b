/**
 * One `generate`: the apps and period resolved, the report built from the sources, then
 * rendered into each requested format and written atomically. No console output here: the
 * CLI (or the scheduler) prints what this returns.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Config, OutputFormat } from '../config/schema.js';
import { ObsReportError } from '../errors.js';
import type { PeriodInfo, Report, ReportKind } from '../model/report.js';
import { userDisplay } from '../privacy/pseudonym.js';
import { buildReport } from '../reports/build.js';
import type { ReportContext, Sources } from '../reports/context.js';
import { QueryLog } from '../sources/query-log.js';
import { writeFileAtomic, safeName } from '../delivery/files.js';
import { renderAll, type RenderSession } from './render.js';
import { resolveApps } from './apps.js';

/** What to generate. */
export interface GenerateRequest {
  config: Config;
  kind: ReportKind;
  /** App ids asked for (--app); empty = the kind's default. */
  apps: string[];
  period: PeriodInfo;
  formats: OutputFormat[];
  outDir: string;
  user?: string;
  template?: string;
  /** Grafana dashboard uids to add as sections; default for health reports: datasources.grafana.dashboards. */
  dashboards?: string[];
  now: number;
  /** Name stem override (stakeholder/job runs); default `<scope>-<kind>-<period>`. */
  name?: string;
  /** The same report also rendered with other templates, into `<stem>-<suffix>.<ext>` (scheduled runs: recipients' own templates). */
  variants?: readonly { template: string; suffix: string; formats: readonly OutputFormat[] }[];
}

export interface WrittenFile {
  format: OutputFormat;
  path: string;
  bytes: number;
  /** The variant's template; absent for the request's own. */
  template?: string;
}

export interface FormatFailure {
  format: OutputFormat;
  error: ObsReportError;
  /** The variant's template; absent for the request's own. */
  template?: string;
}

export interface GenerateResult {
  report: Report;
  files: WrittenFile[];
  failures: FormatFailure[];
}

/** Builds the report and writes every format it can; a format that fails does not stop the others. */
export async function generate(request: GenerateRequest, sources: Sources, session: RenderSession): Promise<GenerateResult> {
  const report = await buildReportFor(request, sources);
  const stem = request.name ?? reportStem(report, request.config.apps.length);
  const files: WrittenFile[] = [];
  const failures: FormatFailure[] = [];
  // The request's own rendering, then each variant's (its template recorded on its files).
  const renderings: { formats: readonly OutputFormat[]; template: string | undefined; name: string; tag: { template?: string } }[] = [
    { formats: request.formats, template: request.template, name: stem, tag: {} },
    ...(request.variants ?? []).map((v) => ({ formats: v.formats, template: v.template, name: `${stem}-${v.suffix}`, tag: { template: v.template } })),
  ];
  for (const { formats, template, name, tag } of renderings) {
    for (const outcome of await renderAll(report, formats, session, template)) {
      if ('error' in outcome) {
        failures.push({ format: outcome.format, error: outcome.error, ...tag });
        continue;
      }
      for (const file of outcome.files) {
        const path = join(request.outDir, `${name}${file.suffix ? `-${safeName(file.suffix)}` : ''}.${file.ext}`);
        try {
          await writeFileAtomic(path, file.data);
        } catch (error) {
          // Like a format that failed to render: the files written so far and the formats
          // after it still count.
          if (!(error instanceof ObsReportError)) throw error;
          failures.push({ format: outcome.format, error, ...tag });
          continue;
        }
        files.push({ format: outcome.format, path, bytes: Buffer.byteLength(file.data), ...tag });
      }
    }
  }
  return { report, files, failures };
}

/** Builds the Report model alone (used by generate, and by tests and the JSON of the bench). */
export async function buildReportFor(request: GenerateRequest, sources: Sources): Promise<Report> {
  const apps = resolveApps(request.config, request.kind, request.apps);
  const ctx: ReportContext = {
    config: request.config,
    apps,
    period: request.period,
    sources,
    queries: new QueryLog(),
    ...(request.user !== undefined ? { user: request.user } : {}),
    dashboards: request.dashboards ?? (request.kind === 'health' ? (request.config.datasources.grafana?.dashboards ?? []) : []),
    now: request.now,
    unavailable: [],
    highlights: [],
    showUser: userDisplay(request.config.privacy),
  };
  const report = await buildReport(request.kind, ctx);
  if (report.sections.length > 0 && report.sections.every((s) => s.blocks.every((b) => b.kind === 'unavailable'))) {
    throw nothingAvailable(report);
  }
  return report;
}

/**
 * Every section failed: there is no report to write, only the reasons (the sections', not the
 * comparisons'): each datasource's first, and how many more of its requests failed, so one
 * server that is down reads as one problem, not one per query.
 */
function nothingAvailable(report: Report): ObsReportError {
  const byDatasource = new Map<string, string[]>();
  for (const u of report.appendix.unavailable.filter((x) => !x.comparisonOnly)) {
    const reasons = byDatasource.get(u.datasource) ?? [];
    if (!reasons.includes(u.reason)) reasons.push(u.reason);
    byDatasource.set(u.datasource, reasons);
  }
  const lines = [...byDatasource.values()].map(([first, ...more]) =>
    more.length === 0 ? first! : `${first!} (${more.length} more of its requests failed too.)`,
  );
  const why = lines.length === 1 ? ` ${lines[0]!}` : lines.map((l) => `\n  - ${l}`).join('');
  const demo = why.includes('--demo') ? '' : ', or add --demo to try obs-report on its built-in demo organisation';
  // The demo organisation cannot be unreachable: its reasons (a period before its history) say
  // what to do, and its one way of failing is having no data there.
  const real = report.appendix.datasources.some((d) => d.type !== 'demo');
  return new ObsReportError(real ? 'DATASOURCE_UNREACHABLE' : 'DATASOURCE_NO_DATA', `nothing of the ${report.kind} report could be computed:${why}`, {
    ...(real ? { hint: `Check that the datasources in the config are reachable (obs-report doctor)${demo}.` } : {}),
  });
}

/** The longest user id a file name holds as it is. */
const USER_PART_MAX = 40;

/**
 * A user id (as the report shows it: the pseudonym when ids are pseudonymised) as part of a
 * file name: the id itself when it is a safe name of at most 40 characters (`u00042`), else
 * its safe form, cut to 40 characters, then 8 hex digits of the SHA-256 of the exact id, so
 * ids that differ only in characters the safe form replaces or cuts (`<img src=x>`,
 * `(img src=x)`) name different files instead of overwriting each other's.
 */
export function userNamePart(id: string): string {
  if (id.length <= USER_PART_MAX && safeName(id) === id) return id;
  const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 8);
  return `${safeName(id).slice(0, USER_PART_MAX).replace(/-+$/, '')}-${hash}`;
}

/** `dice-usage-2026-W47`, `all-adoption-2026-10`, `user-<id>-2026-11`: the file name stem of a report. */
export function reportStem(report: Report, configuredApps: number): string {
  // At most 5 + 49 + 1 + 21 (`2026-11-01_2026-11-30`) characters: within safeName's 80.
  if (report.kind === 'user') return safeName(`user-${userNamePart(report.title.replace(/^Activity of user /, ''))}-${report.period.slug}`);
  const scope =
    report.apps.length === 1
      ? report.apps[0]!.id
      : report.apps.length === configuredApps
        ? 'all'
        : report.apps.map((a) => a.id).join('+');
  return safeName(`${scope}-${report.kind}-${report.period.slug}`);
}
