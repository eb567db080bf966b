/** `obs-report generate`: one report, in one or more formats, written to --out. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { RunState } from '../cli.js';
import { loadConfig } from '../config/load.js';
import { outputFormats, reportKinds, type OutputFormat } from '../config/schema.js';
import { EXIT, ObsReportError } from '../errors.js';
import type { PeriodInfo, ReportKind } from '../model/report.js';
import { generate } from '../run/generate.js';
import { RenderSession } from '../run/render.js';
import { planStakeholderReports, runFanOut } from '../run/stakeholders.js';
import { createSources } from '../sources/registry.js';
import { PERIOD_FORMS, periodFromDates, resolvePeriod } from '../time/period.js';
import { parseInstant } from '../schedule/wall-time.js';
import { isValidTimeZone } from '../time/window.js';
import { endProgress, printError, printWarning, progress } from './output.js';

interface GenerateOptions {
  app?: string[];
  kind?: string;
  period: string;
  from?: string;
  to?: string;
  tz?: string;
  format: string;
  out?: string;
  config?: string;
  demo?: boolean;
  scale?: string;
  user?: string;
  template?: string;
  dashboard?: string[];
  stakeholder?: string[];
  allStakeholders?: boolean;
  now?: string;
  progress: boolean;
}

export function registerGenerate(program: Command, state: RunState): void {
  program
    .command('generate')
    .description('Generate one report and write it in the requested formats.')
    .option('-a, --app <id...>', 'app id(s) to report on (repeat or comma-separate)')
    .option('-k, --kind <kind>', `report kind: ${reportKinds.join(', ')} (default: user with --user, usage with one --app, else adoption)`)
    .option('-p, --period <period>', `period: ${PERIOD_FORMS}`, 'last-7d')
    .option('--from <date>', 'first day (YYYY-MM-DD), with --to')
    .option('--to <date>', 'last day, inclusive (YYYY-MM-DD), with --from')
    .option('--tz <zone>', 'IANA time zone for days and times (default: the config\'s timezone)')
    .option('-f, --format <list>', `formats, comma-separated: ${outputFormats.join(', ')}`, 'pdf')
    .option('-o, --out <dir>', 'output folder (default: the config\'s output.dir, "out")')
    .option('-c, --config <file>', 'config file (default: ./reports.config.yaml or $OBS_REPORT_CONFIG)')
    .option('--demo', 'answer every question from the built-in simulated organisation')
    .option('--scale <users>', 'number of simulated users with --demo (default 500)')
    .option('-u, --user <id>', 'user id: the user report (--kind user) of this user')
    .option('-s, --stakeholder <name...>', "render these stakeholders' reports (their apps, kinds, formats and template)")
    .option('--all-stakeholders', "render every stakeholder's reports in one run, each dataset fetched once")
    .option('-d, --dashboard <uid...>', 'add the panels of these Grafana dashboards as sections')
    .option('-t, --template <name|path>', 'template name or folder (default: the config\'s templates.default)')
    .option('--now <iso>', 'pretend the current time is this instant, for reproducible runs: with an offset (2026-11-25T07:00:00Z), or read in --tz (2026-11-25T08:00)')
    .option('--no-progress', 'no progress line on stderr')
    .addHelpText(
      'after',
      `
Examples:
  $ obs-report generate --app dice --format pdf --demo
  $ obs-report generate --app dice --period last-week --format pdf,html,json
  $ obs-report generate --kind health --app dice --app forecast --period 2026-11
  $ obs-report generate --kind journeys --from 2026-11-01 --to 2026-11-15 --tz America/New_York
  $ obs-report generate --kind journeys --app dice   (journeys through dice, across all apps)
  $ obs-report generate --kind user --user u00042 --demo --format html
  $ obs-report generate --all-stakeholders --period last-week

Prints the paths written, one per line (with --stakeholder or --all-stakeholders, a table of
stakeholder, report, format, status and file). Exit code 1 when some data was unavailable (the
report says which and why), 2 on errors.`,
    )
    .action(async (opts: GenerateOptions, command: Command) => {
      checkCombinations(opts, (name) => command.getOptionValueSource(name) === 'cli');
      state.exitCode = await runGenerate(opts);
    });
}

/** Options that would be ignored in combination are refused, so a run never silently does something else than asked. */
function checkCombinations(opts: GenerateOptions, given: (option: string) => boolean): void {
  const refuse = (message: string, hint: string) => {
    throw new ObsReportError('USAGE', message, { hint });
  };
  if (opts.stakeholder || opts.allStakeholders) {
    const mode = opts.allStakeholders ? '--all-stakeholders' : '--stakeholder';
    if (opts.stakeholder && opts.allStakeholders) refuse('--stakeholder and --all-stakeholders go separately', 'Name the stakeholders with --stakeholder, or render all of them with --all-stakeholders.');
    const ignored = (['app', 'kind', 'format', 'user', 'template', 'dashboard'] as const).filter((o) => given(o)).map((o) => `--${o}`).join(', ');
    if (ignored) refuse(`${mode} renders each stakeholder's own apps, kinds, formats and template from the config: ${ignored} would be ignored`, `Drop ${ignored}, or change the stakeholders in the config.`);
  }
  if ((opts.from || opts.to) && given('period')) refuse('--period and --from/--to both give the period', 'Give either --period or --from and --to.');
  if (opts.user && opts.kind !== undefined && opts.kind !== 'user') refuse(`--user is for the user report, not --kind ${opts.kind}`, 'Use --kind user (or leave --kind out), or drop --user.');
  if (opts.scale && !opts.demo) refuse('--scale sets the number of users of the demo organisation', 'Add --demo, or drop --scale.');
}

async function runGenerate(opts: GenerateOptions): Promise<number> {
  const { config } = await loadConfig({ ...(opts.config ? { file: opts.config } : {}), allowBuiltin: opts.demo === true });
  const now = parseNow(opts.now, opts.tz ?? config.timezone);
  if (opts.stakeholder || opts.allStakeholders) return runStakeholders(opts, now);
  const apps = [...new Set((opts.app ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean))];
  const kind = parseKind(opts.kind, apps, opts.user);
  if (kind === 'user' && !opts.user) {
    throw new ObsReportError('USAGE', 'the user report needs --user <id>', { hint: 'Pass the (pseudonymous) user id, e.g. --user u00042.' });
  }
  const period = periodOf(opts, config.timezone, now);
  const formats = parseFormats(opts.format);
  const outDir = resolve(opts.out ?? config.output.dir);
  const show = progress(opts.progress);
  show(`Fetching data for the ${kind} report, ${period.label}…`);
  const session = new RenderSession(config, { warn: printWarning });
  session.prewarm(formats);
  try {
    const sources = await createSources(config, { demo: opts.demo === true, now, ...(opts.scale ? { demoUsers: parseScale(opts.scale) } : {}) });
    const result = await generate(
      { config, kind, apps, period, formats, outDir, now, ...(opts.user ? { user: opts.user } : {}), ...(opts.template ? { template: opts.template } : {}), ...(opts.dashboard ? { dashboards: opts.dashboard } : {}) },
      sources,
      session,
    );
    endProgress(opts.progress);
    for (const file of result.files) process.stdout.write(`${file.path}\n`);
    for (const failure of result.failures) printError(failure.error);
    if (result.failures.length > 0) return EXIT.error;
    if (result.report.status === 'partial') {
      process.stderr.write(
        `obs-report: the report is partial: ${result.report.appendix.unavailable.length} part(s) unavailable (see the appendix).\n` +
          result.report.appendix.unavailable.map((u) => `  - ${u.what}: ${u.reason}`).join('\n') +
          '\n',
      );
      return EXIT.partial;
    }
    return EXIT.ok;
  } finally {
    endProgress(opts.progress);
    await session.close();
  }
}

/** --stakeholder / --all-stakeholders: everyone's reports, then a table of what was written for whom. */
async function runStakeholders(opts: GenerateOptions, now: number): Promise<number> {
  const { config } = await loadConfig({ ...(opts.config ? { file: opts.config } : {}), allowBuiltin: opts.demo === true });
  const plan = planStakeholderReports(config, opts.allStakeholders ? [] : (opts.stakeholder ?? []));
  const period = periodOf(opts, config.timezone, now);
  const session = new RenderSession(config, { warn: printWarning });
  session.prewarm(plan.flatMap((p) => p.formats));
  try {
    const sources = await createSources(config, { demo: opts.demo === true, now, ...(opts.scale ? { demoUsers: parseScale(opts.scale) } : {}) });
    const result = await runFanOut(config, plan, sources, session, { period, outDir: resolve(opts.out ?? config.output.dir), now });
    process.stdout.write(formatTable(['Stakeholder', 'Report', 'Format', 'Status', 'File'], result.files.map((f) => [f.stakeholder, f.report, f.format, f.status, f.path ?? f.error ?? ''])));
    const { asked, answered, reportsBuilt, rendersDone } = result.stats;
    process.stderr.write(`${plural(asked, 'data question')} asked, ${answered} answered by the sources; ${plural(reportsBuilt, 'report')} built, ${plural(rendersDone, 'render')}.\n`);
    if (result.files.some((f) => f.status === 'failed')) return EXIT.error;
    return result.files.some((f) => f.status === 'partial') ? EXIT.partial : EXIT.ok;
  } finally {
    await session.close();
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function periodOf(opts: GenerateOptions, defaultTz: string, now: number): PeriodInfo {
  const tz = opts.tz ?? defaultTz;
  if (!isValidTimeZone(tz)) {
    throw new ObsReportError('BAD_TIMEZONE', `unknown time zone "${tz}"`, { hint: 'Use an IANA name such as Europe/Berlin, America/New_York or UTC.' });
  }
  return opts.from || opts.to ? datesPeriod(opts, tz, now) : resolvePeriod(opts.period, tz, now);
}

/** The kind asked for; without --kind: user with --user, usage with one --app, else adoption. */
function parseKind(kind: string | undefined, apps: readonly string[], user: string | undefined): ReportKind {
  if (kind === undefined) return user ? 'user' : apps.length === 1 ? 'usage' : 'adoption';
  if ((reportKinds as readonly string[]).includes(kind)) return kind as ReportKind;
  throw new ObsReportError('USAGE', `unknown report kind "${kind}"`, { hint: `Use one of: ${reportKinds.join(', ')}.` });
}

function parseFormats(list: string): OutputFormat[] {
  const formats = list.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const unknown = formats.filter((f) => !(outputFormats as readonly string[]).includes(f));
  if (formats.length === 0 || unknown.length > 0) {
    throw new ObsReportError('USAGE', `unknown format${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ') || '(none)'}`, {
      hint: `Use one or more of: ${outputFormats.join(', ')} (comma-separated).`,
    });
  }
  return [...new Set(formats)] as OutputFormat[];
}

function datesPeriod(opts: GenerateOptions, tz: string, now: number) {
  if (!opts.from || !opts.to) {
    throw new ObsReportError('BAD_PERIOD', '--from and --to go together', { hint: 'Give both, as dates: --from 2026-11-01 --to 2026-11-15.' });
  }
  return periodFromDates(opts.from, opts.to, tz, now);
}

/** --now: an instant with its offset, or a date and time read in the report's time zone (as schedule --now). */
function parseNow(text: string | undefined, tz: string): number {
  if (text === undefined) return Date.now();
  // An unknown --tz is refused with its own message when the period is resolved.
  const ms = parseInstant(text, isValidTimeZone(tz) ? tz : 'UTC');
  if (ms === null) {
    throw new ObsReportError('USAGE', `--now "${text}" is not a date and time`, { hint: `Use ISO 8601, e.g. 2026-11-25T08:00 (in ${tz}) or 2026-11-25T07:00:00Z.` });
  }
  return ms;
}

function parseScale(text: string): number {
  const users = Number(text);
  if (!Number.isInteger(users) || users < 10 || users > 200_000) {
    throw new ObsReportError('USAGE', `--scale "${text}" is not a number of users between 10 and 200000`, { hint: 'For example --scale 10000.' });
  }
  return users;
}
