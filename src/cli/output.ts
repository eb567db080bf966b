/** How the CLI prints errors, config problems and progress. */
import { ConfigError, type ObsReportError } from '../errors.js';

/** One line saying what went wrong, the config problems if any, and one line saying what to do. */
export function printError(error: ObsReportError): void {
  const lines = [`obs-report: ${error.message}`];
  if (error instanceof ConfigError) {
    for (const issue of error.issues) {
      lines.push(`  - ${issue.path}: ${issue.message}${issue.fix ? ` (${issue.fix})` : ''}`);
    }
  }
  if (error.hint) lines.push(`  ${error.hint}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** Progress on stderr, only when it is a terminal (so logs and pipes stay clean). */
export function progress(enabled: boolean): (message: string) => void {
  if (!enabled || !process.stderr.isTTY) return () => {};
  return (message) => process.stderr.write(`\r\x1b[2K${message}`);
}

/** Clears the progress line. */
export function endProgress(enabled: boolean): void {
  if (enabled && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

/** A warning on stderr: something went wrong and was worked around (the run goes on). */
export function printWarning(message: string): void {
  // On a terminal, the progress line is cleared first so the warning stands on its own line.
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}obs-report: warning: ${message}\n`);
}
