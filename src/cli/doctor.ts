/** `obs-report doctor`: checks every configured datasource and Chromium, and prints what to fix. */
import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { loadConfig } from '../config/load.js';
import { EXIT } from '../errors.js';

export function registerDoctor(program: Command, state: RunState): void {
  program
    .command('doctor')
    .description('Check each configured datasource (reachable, auth, version, whether the apps have data) and that Chromium prints PDFs.')
    .option('-c, --config <file>', 'config file (default: ./reports.config.yaml or $OBS_REPORT_CONFIG)')
    .addHelpText('after', '\nExamples:\n  $ obs-report doctor\n  $ OBS_REPORT_LOKI_URL=http://loki:3100 obs-report doctor\n\nExit code 0 when every check passes, 1 when some failed.')
    .action(async (opts: { config?: string }) => {
      const { config, file } = await loadConfig(opts.config ? { file: opts.config } : {});
      process.stdout.write(`Checking the datasources of ${file}\n`);
      // Loaded here: the doctor brings every datasource's client.
      const { runDoctor } = await import('../run/doctor.js');
      const checks = await runDoctor(config, Date.now());
      for (const c of checks) {
        process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.datasource.padEnd(10)} ${c.check.padEnd(18)} ${c.detail}\n`);
        if (!c.ok && c.fix) process.stdout.write(`      ${' '.repeat(10)} ${' '.repeat(18)} fix: ${c.fix}\n`);
      }
      const failed = checks.filter((c) => !c.ok).length;
      process.stdout.write(failed === 0 ? 'All checks passed.\n' : `${failed} check(s) failed.\n`);
      state.exitCode = failed === 0 ? EXIT.ok : EXIT.partial;
    });
}
