/**
 * Every stakeholder's reports in one run: their apps, report kinds, formats and template.
 * Each distinct question reaches the backend once (memoised sources), each distinct report is
 * built once, each distinct (report, template, format) is rendered once, and one browser
 * prints every PDF.
 */
import { join } from 'node:path';
import type { Config, OutputFormat } from '../config/schema.js';
import { ObsReportError } from '../errors.js';
import type { PeriodInfo, Report, ReportKind } from '../model/report.js';
import type { Sources } from '../reports/context.js';
import { memoize, type MemoStats } from '../sources/memo.js';
import { safeName, writeFileAtomic } from '../delivery/files.js';
import { buildReportFor, reportStem } from './generate.js';
import { renderAll, type RenderSession } from './render.js';
import type { RenderedFile } from '../renderers/types.js';
import { Semaphore } from '../http/semaphore.js';

/** Planned reports in progress at once: two keep Node and Chromium both busy. */
const FAN_OUT_CONCURRENCY = 2;

type Stakeholder = Config['stakeholders'][number];

/** One report a stakeholder receives. */
export interface PlannedReport {
  stakeholder: string;
  kind: ReportKind;
  apps: string[];
  formats: OutputFormat[];
  template: string | undefined;
}

/** What was written (or failed) for whom. */
export interface DeliveredFile {
  stakeholder: string;
  report: string;
  format: OutputFormat;
  path: string | null;
  error?: string;
  status: Report['status'] | 'failed';
}

export interface FanOutResult {
  files: DeliveredFile[];
  stats: MemoStats & { reportsBuilt: number; rendersDone: number };
}

/** The reports of the named stakeholders (all when `names` is empty). */
export function planStakeholderReports(config: Config, names: readonly string[]): PlannedReport[] {
  const chosen = names.length === 0 ? config.stakeholders : names.map((n) => findStakeholder(config, n));
  if (chosen.length === 0) {
    throw new ObsReportError('USAGE', 'no stakeholders are configured', { hint: 'Add people under stakeholders: in the config.' });
  }
  return chosen.flatMap((s) =>
    s.reports.flatMap((kind): PlannedReport[] => {
      const apps = s.apps.length > 0 ? s.apps : config.apps.map((a) => a.id);
      const base = { stakeholder: s.name, formats: s.formats, template: s.template };
      if (kind === 'user') return []; // needs a user id: only ad hoc, never fanned out
      if (kind === 'usage') return apps.map((app) => ({ ...base, kind, apps: [app] }));
      return [{ ...base, kind, apps }];
    }),
  );
}

function findStakeholder(config: Config, name: string): Stakeholder {
  const found = config.stakeholders.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  throw new ObsReportError('USAGE', `unknown stakeholder "${name}"`, {
    hint: `Known stakeholders: ${config.stakeholders.map((s) => s.name).join(', ') || '(none configured)'}.`,
  });
}

/** Builds, renders and writes every planned report under `outDir/<stakeholder>/`. */
export async function runFanOut(
  config: Config,
  plan: readonly PlannedReport[],
  sources: Sources,
  session: RenderSession,
  options: { period: PeriodInfo; outDir: string; now: number },
): Promise<FanOutResult> {
  const stats = { asked: 0, answered: 0, reportsBuilt: 0, rendersDone: 0 };
  const shared: Sources = {
    ...sources,
    ...(sources.activity ? { activity: memoize(sources.activity, stats) } : {}),
    ...(sources.metrics ? { metrics: memoize(sources.metrics, stats) } : {}),
    ...(sources.annotations ? { annotations: memoize(sources.annotations, stats) } : {}),
    ...(sources.alertRules ? { alertRules: memoize(sources.alertRules, stats) } : {}),
  };
  const reports = new Map<string, Promise<Report>>();
  const renders = new Map<string, Promise<RenderedFile[] | ObsReportError>>();
  const deliver = async (planned: PlannedReport): Promise<DeliveredFile[]> => {
    const files: DeliveredFile[] = [];
    const reportKey = `${planned.kind}\u0000${planned.apps.join(',')}`;
    let building = reports.get(reportKey);
    if (!building) {
      stats.reportsBuilt++;
      building = buildReportFor({ config, kind: planned.kind, apps: planned.apps, period: options.period, formats: planned.formats, outDir: options.outDir, now: options.now }, shared);
      reports.set(reportKey, building);
    }
    const label = `${planned.kind} ${planned.apps.length === config.apps.length ? '(all apps)' : planned.apps.join(', ')}`;
    let report: Report;
    try {
      report = await building;
    } catch (error) {
      if (!(error instanceof ObsReportError)) throw error;
      planned.formats.forEach((format) => files.push({ stakeholder: planned.stakeholder, report: label, format, path: null, error: error.message, status: 'failed' }));
      return files;
    }
    for (const format of planned.formats) {
      const renderKey = `${reportKey}\u0000${planned.template ?? ''}\u0000${format}`;
      let rendering = renders.get(renderKey);
      if (!rendering) {
        stats.rendersDone++;
        rendering = renderAll(report, [format], session, planned.template).then(([outcome]) => (outcome && 'files' in outcome ? outcome.files : (outcome?.error ?? new ObsReportError('RENDER', `nothing rendered for ${format}`))));
        renders.set(renderKey, rendering);
      }
      const rendered = await rendering;
      if (rendered instanceof ObsReportError) {
        files.push({ stakeholder: planned.stakeholder, report: label, format, path: null, error: rendered.message, status: 'failed' });
        continue;
      }
      const dir = join(options.outDir, safeName(planned.stakeholder.toLowerCase()));
      for (const file of rendered) {
        const path = join(dir, `${reportStem(report, config.apps.length)}${file.suffix ? `-${safeName(file.suffix)}` : ''}.${file.ext}`);
        await writeFileAtomic(path, file.data);
        files.push({ stakeholder: planned.stakeholder, report: label, format, path, status: report.status });
      }
    }
    return files;
  };
  // Reports are built and rendered a few at a time, so Node's work (HTML, charts, PPTX, XLSX)
  // overlaps Chromium printing; files are listed in plan order whatever finishes first.
  const slots = new Semaphore(FAN_OUT_CONCURRENCY);
  const settled = await Promise.allSettled(plan.map((planned) => slots.run(() => deliver(planned))));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const files = settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  return { files, stats };
}
