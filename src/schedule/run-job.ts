/**
 * One run of a job, as `obs-report run <job>` and the daemon do it: plan at the scheduled
 * instant, then for each report generate it once (all formats its recipients need, one
 * browser for the whole run) and deliver it. Stopping: once `signal` aborts, a report being
 * generated is abandoned (its files are written atomically, so none is partial), no new
 * delivery starts, and a mail being sent is seen through and recorded.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { Ledger } from '../delivery/ledger.js';
import { SmtpMailer } from '../delivery/smtp.js';
import { generate } from '../run/generate.js';
import { RenderSession } from '../run/render.js';
import { createSources } from '../sources/registry.js';
import { pushRunMetrics } from '../metrics/run-metrics.js';
import { abortable, RunInterrupted } from './abort.js';
import type { Clock } from './clock.js';
import { deliverReport, deliveredToAll, errorFields, holdReport } from './deliver.js';
import type { EventSink, RunOutcome } from './events.js';
import { longestInterval } from './fire-times.js';
import { findSchedule, planJob, scheduleSpec, type JobPlan } from './plan.js';

/** What a run needs from its caller. */
export interface RunDeps {
  config: Config;
  clock: Clock;
  log: EventSink;
  /** Answer every question from the demo organisation. */
  demo: boolean;
  /** Aborted when the run must stop (SIGTERM after the grace period). */
  signal: AbortSignal;
  /** Overrides output.dir. */
  outDir?: string;
  /**
   * The daemon will run this job again (its retries): a report that is partial is not mailed
   * or posted by this run, so stakeholders get it once, complete if the next run can make it so.
   */
  holdPartial?: boolean;
  /** The daemon runs this job again for the same time: a report every delivery of which was made (the ledger) is not made again. */
  retry?: boolean;
}

/** `dice-weekly-20261123T0600Z-3f9a1c`: job, scheduled instant, and a random part (two pods never share one). */
export function newRunId(job: string, slot: number): string {
  return `${job}-${new Date(slot).toISOString().replace(/[-:]|\.\d+/g, '').slice(0, 13)}Z-${randomBytes(3).toString('hex')}`;
}

/** Where files go and where the ledger is. */
export function runPaths(config: Config, outDir?: string): { outDir: string; ledgerDir: string } {
  const out = resolve(outDir ?? config.output.dir);
  return { outDir: out, ledgerDir: resolve(config.delivery.ledger.dir ?? `${out}/.ledger`) };
}

/** The ledger of a config, on the given clock. */
export function openLedger(config: Config, clock: Clock, outDir?: string): Ledger {
  return new Ledger({ dir: runPaths(config, outDir).ledgerDir, claimTimeoutMs: config.delivery.ledger.claimTimeoutMinutes * 60_000, now: () => clock.now() });
}

/**
 * Runs job `jobId` for the scheduled instant `slot`, then pushes its metrics when a
 * Pushgateway is configured. Never throws for a failure of the job itself: the outcome says it.
 */
export async function runJob(deps: RunDeps, jobId: string, slot: number, runId = newRunId(jobId, slot)): Promise<RunOutcome> {
  const outcome = await runSteps(deps, jobId, slot, runId);
  const schedule = deps.config.schedules.find((s) => s.id === jobId);
  const interval = schedule ? longestInterval(scheduleSpec(deps.config, schedule), slot) / 1000 : null;
  try {
    if (await pushRunMetrics(deps.config, outcome, interval)) deps.log({ event: 'delivered', job: jobId, runId, channel: 'metrics' });
  } catch (error) {
    deps.log({ event: 'failed', job: jobId, runId, channel: 'metrics', ...errorFields(error) });
  }
  return outcome;
}

async function runSteps(deps: RunDeps, jobId: string, slot: number, runId: string): Promise<RunOutcome> {
  const { config, clock, log, signal } = deps;
  const startedAt = clock.now();
  const outcome: RunOutcome = {
    runId, job: jobId, slot, status: 'ok', startedAt, finishedAt: startedAt,
    reportsWritten: 0, reportsPartial: 0, reportsFailed: 0, filesWritten: 0, delivered: 0, skipped: 0, deliveryFailures: 0, held: 0,
  };
  let plan: JobPlan;
  try {
    plan = planJob(config, findSchedule(config, jobId), slot);
  } catch (error) {
    log({ event: 'failed', job: jobId, runId, ...errorFields(error) });
    return finish(outcome, 'error', clock, log);
  }
  const period = [...new Set(plan.reports.map((r) => r.period.slug))].join('+');
  const { outDir } = runPaths(config, deps.outDir);
  log({ event: 'started', job: jobId, runId, period, slot: new Date(slot).toISOString() });
  let mailer: SmtpMailer | null;
  try {
    mailer = config.delivery.smtp ? new SmtpMailer(config.delivery.smtp, clock) : null;
  } catch (error) {
    log({ event: 'failed', job: jobId, runId, period, channel: 'email', ...errorFields(error) });
    return finish(outcome, 'error', clock, log);
  }
  const session = new RenderSession(config, { warn: (reason) => log({ event: 'warning', job: jobId, runId, reason }) });
  const ledger = openLedger(config, clock, deps.outDir);
  let interrupted = false;
  let alreadyDelivered = 0;
  try {
    session.prewarm(plan.reports.flatMap((r) => [...r.formats, ...r.variants.flatMap((v) => v.formats)]));
    const sources = await abortable(createSources(config, { demo: deps.demo, now: slot }), signal);
    for (const item of plan.reports) {
      if (signal.aborted) throw new RunInterrupted();
      const event = { job: jobId, runId, period: item.period.slug, report: item.report.id };
      if (deps.retry && (await deliveredToAll({ job: jobId, config, ledger }, item))) {
        log({ event: 'skipped', ...event, reason: 'every delivery of this report was made by an earlier run (ledger): not made again' });
        alreadyDelivered++;
        continue;
      }
      let result;
      try {
        result = await abortable(
          generate(
            { config, kind: item.report.kind, apps: item.report.apps, period: item.period, formats: item.formats, outDir, now: slot, name: item.stem, ...(item.report.template ? { template: item.report.template } : {}), ...(item.variants.length > 0 ? { variants: item.variants } : {}), ...(item.report.dashboards ? { dashboards: item.report.dashboards } : {}) },
            sources,
            session,
          ),
          signal,
        );
      } catch (error) {
        if (error instanceof RunInterrupted) throw error;
        outcome.reportsFailed++;
        log({ event: 'failed', ...event, ...errorFields(error) });
        continue;
      }
      const logFailures = (): void => {
        for (const failure of result.failures) log({ event: 'failed', ...event, ...errorFields(failure.error), reason: `${failure.format}${failure.template === undefined ? '' : ` (template ${failure.template})`}: ${failure.error.message}` });
      };
      if (result.files.length === 0 && result.failures.length > 0) {
        // Every format failed (e.g. --out cannot be made): nothing written, nothing to deliver.
        outcome.reportsFailed++;
        logFailures();
        continue;
      }
      const partial = result.report.status === 'partial' || result.failures.length > 0;
      outcome.reportsWritten++;
      outcome.filesWritten += result.files.length;
      if (partial) outcome.reportsPartial++;
      log({ event: 'generated', ...event, status: partial ? 'partial' : 'complete', files: result.files.map((f) => f.path) });
      logFailures();
      const delivery = { job: jobId, runId, config, outDir, ledger, mailer, clock, log, signal };
      const tally = partial && deps.holdPartial ? await holdReport(delivery, item) : await deliverReport(delivery, item, result);
      outcome.delivered += tally.delivered;
      outcome.skipped += tally.skipped;
      outcome.held += tally.held;
      // Claimed by another run: not done by this one, so the run is partial and retried.
      outcome.deliveryFailures += tally.failures + tally.elsewhere;
    }
    if (signal.aborted) throw new RunInterrupted();
  } catch (error) {
    if (!(error instanceof RunInterrupted)) {
      log({ event: 'failed', job: jobId, runId, period, ...errorFields(error) });
      return finish(outcome, 'error', clock, log, () => closeAll(session, mailer));
    }
    interrupted = true;
  }
  await closeAll(session, mailer);
  if (interrupted) return finish(outcome, 'interrupted', clock, log);
  const status =
    outcome.reportsWritten === 0 && plan.reports.length > alreadyDelivered
      ? 'error'
      : outcome.reportsFailed + outcome.reportsPartial + outcome.deliveryFailures > 0
        ? 'partial'
        : 'ok';
  if (status === 'ok') {
    await ledger.markRunDone(jobId, slot, { runId, finishedAt: new Date(clock.now()).toISOString() }).catch((error: unknown) => log({ event: 'failed', job: jobId, runId, ...errorFields(error) }));
  }
  return finish(outcome, status, clock, log);
}

async function closeAll(session: RenderSession, mailer: SmtpMailer | null): Promise<void> {
  mailer?.close();
  await session.close().catch(() => undefined);
}

async function finish(outcome: RunOutcome, status: RunOutcome['status'], clock: Clock, log: EventSink, cleanup?: () => Promise<void>): Promise<RunOutcome> {
  await cleanup?.();
  outcome.status = status;
  outcome.finishedAt = clock.now();
  log({ event: 'finished', job: outcome.job, runId: outcome.runId, status, durationMs: outcome.finishedAt - outcome.startedAt });
  return outcome;
}
