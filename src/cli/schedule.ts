/**
 * `obs-report run <job>` (one run, for a Kubernetes CronJob or system cron), `obs-report
 * schedule` (the daemon) and `obs-report schedules list`. Runs log one JSON line per event on
 * stdout. SIGTERM/SIGINT: the run in progress gets --grace seconds to finish, then is
 * abandoned cleanly (no partial file, ledger consistent); a second signal abandons at once.
 */
import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { abandonPendingWrites } from '../delivery/files.js';
import { EXIT, ObsReportError } from '../errors.js';
import { systemClock } from '../schedule/clock.js';
import { Scheduler } from '../schedule/daemon.js';
import { describeRun } from '../schedule/dry-run.js';
import { exitCodeOf, type RunEvent, type RunOutcome } from '../schedule/events.js';
import { previousFire } from '../schedule/fire-times.js';
import { listSchedules } from '../schedule/listing.js';
import { findSchedule, planJob, scheduleSpec, scheduleZone } from '../schedule/plan.js';
import { localIso, parseInstant } from '../schedule/wall-time.js';

interface CommonOptions {
  config?: string;
  demo?: boolean;
  out?: string;
  grace: string;
}

const CONFIG_OPTION = ['-c, --config <file>', 'config file (default: ./reports.config.yaml or $OBS_REPORT_CONFIG)'] as const;

/**
 * Default of --grace, in seconds. Whatever stops the process must wait longer before it kills
 * it: compose.yml's stop_grace_period, `docker stop -t` in docs/deploy.md, the CronJobs'
 * terminationGracePeriodSeconds (test/stack/compose.spec.ts, test/schedule/deploy.spec.ts).
 */
export const DEFAULT_GRACE_SECONDS = 25;

/** Adds `run`, `schedule` and `schedules list` to the program. */
export function registerSchedule(program: Command, state: RunState): void {
  program
    .command('run')
    .description("Run one scheduled job once: generate its reports for the period due and deliver them (for a Kubernetes CronJob or cron).")
    .argument('<job>', 'job id from schedules: in the config')
    .option('--at <iso>', "run as if it were this time (ISO 8601; without an offset, in the job's time zone); not in the future, except with --dry-run")
    .option('--dry-run', 'print what would be generated and sent to whom; send nothing')
    .option('--force', 'run even if the ledger records this run as complete (recipients already mailed are still skipped)')
    .option('--demo', 'answer every question from the built-in simulated organisation')
    .option('-o, --out <dir>', "output folder (default: the config's output.dir)")
    .option('--grace <seconds>', 'on SIGTERM, time the run gets to finish before it is abandoned', String(DEFAULT_GRACE_SECONDS))
    .option(...CONFIG_OPTION)
    .addHelpText('after', `
The run stands for the job's latest scheduled time at or before now (or --at), so a retried
CronJob covers the same period; a run recorded as complete in the ledger is not repeated, and
recipients already mailed are skipped.

Examples:
  $ obs-report run dice-weekly
  $ obs-report run dice-weekly --at 2026-11-23T07:00 --dry-run
  $ obs-report run dice-weekly --demo --out /tmp/out

A future --at (more than a minute ahead) is refused unless --dry-run is given.

Exit code 0 ok, 1 partial (a report partial or a recipient failed), 2 error or interrupted.`)
    .action(async (job: string, opts: CommonOptions & { at?: string; dryRun?: boolean; force?: boolean }) => {
      state.exitCode = await runOnce(job, opts);
    });

  program
    .command('schedule')
    .description('Run every schedule of the config in its time zone until stopped (SIGTERM finishes the current runs).')
    .option('--once', 'run the jobs that are due now (see --catch-up) and exit')
    .option('--catch-up <minutes>', 'at start, run a job whose last scheduled time is at most this old and did not complete', '60')
    .option('--retries <n>', 'run a run that ended partial or in error again, up to this many times, for the same period (not with --once)', '3')
    .option('--retry-after <minutes>', 'wait before the first retry; doubled before each next one', '10')
    .option('--demo', 'answer every question from the built-in simulated organisation')
    .option('-o, --out <dir>', "output folder (default: the config's output.dir)")
    .option('--grace <seconds>', 'on SIGTERM, time the runs in progress get to finish before they are abandoned', String(DEFAULT_GRACE_SECONDS))
    .option(...CONFIG_OPTION)
    .addHelpText('after', `
Examples:
  $ obs-report schedule
  $ obs-report schedule --retries 5 --retry-after 2
  $ obs-report schedule --once --catch-up 15

A run that ended partial (data unavailable, a recipient not mailed) or in error is run again
for the same period after --retry-after minutes, then after twice that, and so on, while the
job's next time has not come: recipients already mailed are skipped (the ledger). A partial
report is not sent while another run may complete it; the last run sends what it has.
--once does not retry (a CronJob's backoffLimit does).

Logs one JSON line per event on stdout. With --once, the exit code is the worst of the runs.`)
    .action(async (opts: CommonOptions & { once?: boolean; catchUp: string; retries: string; retryAfter: string }) => {
      state.exitCode = await runDaemon(opts);
    });

  program
    .command('schedules')
    .description('Inspect the schedules of the config.')
    .command('list')
    .description('Each schedule with its next fire times (in its zone and UTC), the periods they cover and the recipients.')
    .option('-n, --count <n>', 'fire times per schedule', '3')
    .option('--now <iso>', 'list from this instant instead of now')
    .option('--json', 'print JSON')
    .option(...CONFIG_OPTION)
    .action(async (opts: { count: string; now?: string; json?: boolean; config?: string }) => {
      const { config } = await loadConfig(opts.config ? { file: opts.config } : {});
      const listing = listSchedules(config, parseTime(opts.now, '--now', config.timezone) ?? Date.now(), positive(opts.count, '--count'));
      if (opts.json) return void process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
      if (listing.length === 0) process.stdout.write('No schedules in the config.\n');
      for (const s of listing) {
        process.stdout.write(`${s.id}: ${s.when}${s.when.startsWith('cron') ? '' : ` (cron "${s.cron}")`}, ${s.tz}\n`);
        for (const r of s.reports) process.stdout.write(`  ${r.id} (${r.kind}, ${r.period}, ${r.formats.join(', ')}) -> ${r.recipients.join('; ') || 'files only'}\n`);
        for (const n of s.next) process.stdout.write(`  next ${n.local} = ${n.utc}: ${n.periods.map((p) => `${p.report} covers ${p.label}`).join('; ')}\n`);
        for (const note of s.notes) process.stdout.write(`  note: ${note}\n`);
      }
      state.exitCode = EXIT.ok;
    });
}

/** The job runner, loaded by the commands that run jobs (it brings the renderers and nodemailer). */
const jobRunner = () => import('../schedule/run-job.js');

async function runOnce(job: string, opts: CommonOptions & { at?: string; dryRun?: boolean; force?: boolean }): Promise<number> {
  const config = await load(opts);
  const { openLedger, runJob, runPaths } = await jobRunner();
  const schedule = findSchedule(config, job);
  const tz = scheduleZone(config, schedule);
  const now = Date.now();
  const at = parseTime(opts.at, '--at', tz) ?? now;
  if (!opts.dryRun) refuseFuture(at, now, tz);
  const slot = previousFire(scheduleSpec(config, schedule), at);
  const ledger = openLedger(config, systemClock, opts.out);
  const done = await ledger.isRunDone(job, slot);
  if (opts.dryRun) {
    const lines = await describeRun(config, planJob(config, schedule, slot), ledger, runPaths(config, opts.out).outDir);
    if (done) lines.push('', 'The ledger records this run as complete: without --force, it would do nothing.');
    process.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  }
  if (done && !opts.force) {
    printEvent({ event: 'skipped', job, slot: new Date(slot).toISOString(), reason: 'this run completed earlier (ledger); --force runs it again' });
    return EXIT.ok;
  }
  const controller = new AbortController();
  const stop = onStopSignals(() => controller.abort(), grace(opts));
  try {
    const outcome = await runJob({ config, clock: systemClock, log: printEvent, demo: opts.demo === true, signal: controller.signal, ...(opts.out ? { outDir: opts.out } : {}) }, job, slot);
    summarise(outcome);
    return await exitAfter([outcome], exitCodeOf(outcome.status));
  } finally {
    stop();
  }
}

async function runDaemon(opts: CommonOptions & { once?: boolean; catchUp: string; retries: string; retryAfter: string }): Promise<number> {
  const config = await load(opts);
  if (config.schedules.length === 0) {
    throw new ObsReportError('USAGE', 'the config has no schedules', { hint: 'Add entries under `schedules:` (see obs-report schedules list), or use obs-report generate.' });
  }
  const { openLedger, runJob } = await jobRunner();
  const ledger = openLedger(config, systemClock, opts.out);
  const scheduler = new Scheduler({
    jobs: config.schedules.map((s) => ({ id: s.id, spec: scheduleSpec(config, s) })),
    clock: systemClock,
    log: printEvent,
    catchUpMs: positive(opts.catchUp, '--catch-up', true) * 60_000,
    retry: { attempts: whole(opts.retries, '--retries'), delayMs: positive(opts.retryAfter, '--retry-after') * 60_000 },
    isDone: (job, slot) => ledger.isRunDone(job, slot),
    run: (job, slot, signal, { final, retry }) => runJob({ config, clock: systemClock, log: printEvent, demo: opts.demo === true, signal, holdPartial: !final, retry, ...(opts.out ? { outDir: opts.out } : {}) }, job, slot),
  });
  const graceMs = grace(opts);
  const stop = onStopSignals(() => scheduler.stop(graceMs), 0);
  try {
    await (opts.once ? scheduler.runDue() : scheduler.run());
  } finally {
    stop();
  }
  scheduler.outcomes.forEach(summarise);
  // --once answers for its runs; the daemon stopped because it was asked to.
  return exitAfter(scheduler.outcomes, opts.once ? Math.max(EXIT.ok, ...scheduler.outcomes.map((o) => exitCodeOf(o.status))) : EXIT.ok);
}

/** `code`; after an interrupted run, temp files of abandoned work are removed and the process exits at once. */
async function exitAfter(outcomes: readonly RunOutcome[], code: number): Promise<number> {
  if (!outcomes.some((o) => o.status === 'interrupted')) return code;
  await abandonPendingWrites();
  // Abandoned work (a report being built, Chromium printing) must not keep the process alive.
  process.exit(code);
}

/**
 * First SIGTERM/SIGINT: `onStop` after `graceMs` (0: at once); a second: `onStop` at once.
 * Returns the function that removes the handlers.
 */
function onStopSignals(onStop: () => void, graceMs: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count++;
    process.stderr.write(`obs-report: ${signal} received${count === 1 && graceMs > 0 ? `, finishing (at most ${graceMs / 1000} s)` : ', stopping'}\n`);
    if (count === 1 && graceMs > 0) timer = setTimeout(onStop, graceMs);
    else onStop();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    clearTimeout(timer);
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}

function printEvent(event: RunEvent): void {
  process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), ...event })}\n`);
}

function summarise(o: RunOutcome): void {
  if (o.status === 'ok') return;
  process.stderr.write(
    `obs-report: run ${o.runId} ended ${o.status}: ${o.reportsWritten} report(s) written (${o.reportsPartial} partial, ${o.reportsFailed} failed), ` +
      `${o.delivered} delivered, ${o.deliveryFailures} delivery failure(s)${o.held > 0 ? `, ${o.held} held for the next run` : ''}; the JSON events on stdout say why.\n`,
  );
}

async function load(opts: CommonOptions): Promise<Config> {
  return (await loadConfig({ ...(opts.config ? { file: opts.config } : {}), allowBuiltin: opts.demo === true })).config;
}

function grace(opts: CommonOptions): number {
  return positive(opts.grace, '--grace', true) * 1000;
}

function parseTime(text: string | undefined, option: string, tz: string): number | null {
  if (text === undefined) return null;
  const ms = parseInstant(text, tz);
  if (ms === null) throw new ObsReportError('USAGE', `${option} "${text}" is not a date and time`, { hint: `Use ISO 8601, e.g. 2026-11-23T07:00 (in ${tz}) or 2026-11-23T06:00:00Z.` });
  return ms;
}

/** How far ahead of the clock `--at` may be (clock skew between machines), in ms. */
export const AT_FUTURE_TOLERANCE_MS = 60_000;

/**
 * A real run at a future `--at` would mail a period that has not happened yet and record it as
 * sent, so the real run would skip it: refused (USAGE, exit 2); --dry-run may look ahead.
 */
export function refuseFuture(at: number, now: number, tz: string): void {
  if (at <= now + AT_FUTURE_TOLERANCE_MS) return;
  throw new ObsReportError('USAGE', `--at ${localIso(at, tz)} (${tz}) is in the future: a run then would mail a period that has not happened and record it as sent`, {
    hint: 'Add --dry-run to see what that run would do, or give a time that has passed (at most a minute ahead of now).',
  });
}

function whole(text: string, option: string): number {
  const n = positive(text, option, true);
  if (!Number.isInteger(n)) throw new ObsReportError('USAGE', `${option} "${text}" is not a whole number`, { hint: `For example ${option} 3.` });
  return n;
}

function positive(text: string, option: string, zeroOk = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (!zeroOk && n === 0)) throw new ObsReportError('USAGE', `${option} "${text}" is not a ${zeroOk ? 'non-negative' : 'positive'} number`, { hint: `For example ${option} 3.` });
  return n;
}
