/** `obs-report templates list|init`: the templates there are, and starting a new one from a built-in. */
import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { loadConfig } from '../config/load.js';
import { EXIT, ObsReportError } from '../errors.js';
import { BUILTIN_TEMPLATES_ROOT } from '../renderers/templates/load.js';
import { initTemplate, listTemplates, overrideFiles, type TemplateInfo } from '../renderers/templates/catalog.js';

/** The configured templates.dir, or undefined when there is no config (or it names none). */
async function configuredDir(file: string | undefined): Promise<string | undefined> {
  try {
    const { config } = await loadConfig(file ? { file } : {});
    return config.templates.dir;
  } catch (error) {
    // Without --config, having no config file just means no team templates.
    if (!file && error instanceof ObsReportError && error.code === 'CONFIG_NOT_FOUND') return undefined;
    throw error;
  }
}

function line(t: TemplateInfo, width: number): string {
  const what = t.error ? `cannot be loaded: ${t.error}` : t.description;
  const parent = t.extends ? ` (extends ${t.extends})` : '';
  return `  ${t.name.padEnd(width)}  ${(t.formats.join(', ') || '-').padEnd(24)}  ${what}${parent}`;
}

async function list(opts: { config?: string }, state: RunState): Promise<void> {
  const dir = await configuredDir(opts.config);
  const templates = await listTemplates(dir ? { overrideDir: dir } : {});
  const width = Math.max(8, ...templates.map((t) => t.name.length));
  const out: string[] = [`Built-in templates (${BUILTIN_TEMPLATES_ROOT}):`, `  ${'name'.padEnd(width)}  ${'formats'.padEnd(24)}  description`];
  out.push(...templates.filter((t) => t.source === 'built-in').map((t) => line(t, width)));
  if (dir) {
    const team = templates.filter((t) => t.source === 'team');
    out.push('', `Team templates in ${dir} (templates.dir):`);
    out.push(...(team.length > 0 ? team.map((t) => line(t, width)) : ['  none (run `obs-report templates init NAME` to start one)']));
    const files = await overrideFiles(dir);
    out.push('', `Files in ${dir} that replace the built-in file of the same name in every template:`);
    out.push(files.length > 0 ? `  ${files.join(', ')}` : '  none');
  } else {
    out.push('', 'No templates.dir configured: set templates.dir in reports.config.yaml to add team templates and overrides.');
  }
  process.stdout.write(`${out.join('\n')}\n`);
  state.exitCode = templates.some((t) => t.error) ? EXIT.partial : EXIT.ok;
}

async function init(name: string, opts: { from: string; dir?: string; config?: string }, state: RunState): Promise<void> {
  const dir = opts.dir ?? (await configuredDir(opts.config)) ?? 'templates';
  const result = await initTemplate(name, opts.from, dir);
  process.stdout.write(`Created ${result.dir} from "${opts.from}" (${result.files.length} files).\n`);
  process.stdout.write(`Edit its files, then use it with --template ${result.dir} (or --template ${name} when ${dir} is the configured templates.dir).\n`);
  state.exitCode = EXIT.ok;
}

/** Registers `templates list` and `templates init` on the program. */
export function registerTemplates(program: Command, state: RunState): void {
  const templates = program.command('templates').description('List the report templates, or copy a built-in one to make your own.');
  templates
    .command('list')
    .description('List built-in templates and those in the configured templates.dir, with their formats and descriptions.')
    .option('-c, --config <file>', 'config file (default: ./reports.config.yaml or $OBS_REPORT_CONFIG, if present)')
    .addHelpText('after', '\nExamples:\n  $ obs-report templates list\n\nExit code 1 when a template cannot be loaded (the list says why).')
    .action(async (opts: { config?: string }) => list(opts, state));
  templates
    .command('init')
    .description('Copy a built-in template (with everything it inherits) into a new folder to edit.')
    .argument('<name>', 'name of the new template (also its folder name)')
    .option('--from <builtin>', 'built-in template to start from', 'default')
    .option('--dir <path>', 'parent folder (default: the configured templates.dir, else ./templates)')
    .option('-c, --config <file>', 'config file, for templates.dir')
    .addHelpText('after', '\nExamples:\n  $ obs-report templates init acme --from executive\n  $ obs-report templates init weekly --dir ./report-templates')
    .action(async (name: string, opts: { from: string; dir?: string; config?: string }) => init(name, opts, state));
}
