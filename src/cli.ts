/**
 * The command line: argv in, calls out, errors mapped to exit codes (0 ok, 1 partial or
 * findings, 2 error). The only place that prints: results on stdout, progress and errors
 * on stderr.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, ObsReportError } from './errors.js';
import { registerDoctor } from './cli/doctor.js';
import { registerGenerate } from './cli/generate.js';
import { printError } from './cli/output.js';
import { registerSchedule } from './cli/schedule.js';
import { registerTemplates } from './cli/templates.js';
import { registerValidate } from './cli/validate.js';

const VERSION = '0.1.0';

/** Where a command leaves the exit code it wants (e.g. 1 for a partial report). */
export interface RunState {
  exitCode: number;
}

export function buildProgram(state: RunState): Command {
  const program = new Command('obs-report')
    .description('Reports on adoption, usage, journeys and health from Prometheus, Loki, Grafana and Kafka.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerGenerate(program, state);
  registerValidate(program, state);
  registerDoctor(program, state);
  registerTemplates(program, state);
  registerSchedule(program, state);
  program.addHelpText(
    'after',
    `
Examples:
  $ obs-report generate --app dice --format pdf --demo
  $ obs-report generate --kind adoption --period last-month --format pdf,html,json
  $ obs-report validate --config reports.config.yaml
  $ obs-report doctor

Exit codes: 0 ok, 1 partial (some data unavailable) or problems found, 2 error.`,
  );
  return program;
}

/** Runs the CLI and returns the exit code (the bin script sets process.exitCode). */
export async function main(argv: readonly string[]): Promise<number> {
  const state: RunState = { exitCode: EXIT.ok };
  const program = buildProgram(state);
  try {
    await program.parseAsync([...argv]);
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    if (error instanceof ObsReportError) {
      printError(error);
      return EXIT.error;
    }
    process.stderr.write(`obs-report: unexpected error (a bug, please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.error;
  }
}
