/** `obs-report validate` and `obs-report schema`: check a config file, or print its JSON Schema. */
import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { writeFileAtomic } from '../delivery/files.js';
import { ConfigError, EXIT } from '../errors.js';
import { configJsonSchema } from '../config/json-schema.js';
import { loadConfig } from '../config/load.js';
import { printError } from './output.js';

export function registerValidate(program: Command, state: RunState): void {
  program
    .command('validate')
    .description('Check a config file and print every problem with its YAML path and what to write instead.')
    .option('-c, --config <file>', 'config file (default: ./reports.config.yaml or $OBS_REPORT_CONFIG)')
    .addHelpText('after', '\nExamples:\n  $ obs-report validate\n  $ obs-report validate --config deploy/reports.config.yaml\n\nExit code 0 when valid, 1 when problems were found.')
    .action(async (opts: { config?: string }) => {
      try {
        const { config, file, overrides, unusedOverrides } = await loadConfig(opts.config ? { file: opts.config } : {});
        const from = overrides.length > 0 ? ` (with ${overrides.join(', ')} from the environment)` : '';
        process.stdout.write(
          `${file} is valid${from}: ${config.apps.length} apps, ${config.reports.length} reports, ${config.stakeholders.length} stakeholders, ${config.schedules.length} schedules.\n`,
        );
        for (const { env, datasource, needs } of unusedOverrides) {
          process.stdout.write(`Note: ${env} is set, but ${datasource} is not configured (datasources.${datasource} in the file, or ${needs}): it is not used.\n`);
        }
        const { prometheus, loki, grafana, kafka } = config.datasources;
        if (!prometheus && !loki && !grafana && !kafka) {
          process.stdout.write('Note: no datasource is configured (datasources.prometheus, loki, grafana or kafka): reports run only with --demo until one is.\n');
        }
        state.exitCode = EXIT.ok;
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        printError(error);
        state.exitCode = EXIT.partial;
      }
    });
  program
    .command('schema')
    .description('Print the JSON Schema of the config file (for editors), or write it to a file.')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .addHelpText('after', '\nExamples:\n  $ obs-report schema --out reports.config.schema.json')
    .action(async (opts: { out?: string }) => {
      const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
      if (opts.out) await writeFileAtomic(opts.out, text);
      else process.stdout.write(text);
    });
}
