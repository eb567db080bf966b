/**
 * The scheduler behind `obs-report schedule`: fires every job at its cron times in its time
 * zone, never runs two runs of one job at once (a fire that finds the previous run still
 * going is skipped and logged), runs again a run that ended partial or in error (after a delay
 * that doubles, while the job's next time has not come: the ledger skips what was delivered),
 * and stops cleanly: stop() lets the runs in progress finish,
 * and aborts them when the grace period is over (a second stop() aborts at once). All
 * waiting goes through the injected Clock, so tests drive it through DST changes.
 */
import { describeError } from '../errors.js';
import type { Clock } from './clock.js';
import type { EventSink, RunOutcome } from './events.js';
import { nextFire, previousFire, type CronSpec } from './fire-times.js';

/** A job the scheduler fires. */
export interface ScheduledJob {
  id: string;
  spec: CronSpec;
}

/** What the scheduler needs. */
export interface SchedulerOptions {
  jobs: ScheduledJob[];
  clock: Clock;
  log: EventSink;
  /**
   * Runs a job for a scheduled instant; must stop promptly once `signal` aborts. `final` is
   * false when the daemon may run it again (see retry): the run may then hold back the mails
   * of a partial report, and the daemon always runs it once more. `retry`: an earlier run for
   * this time ended partial or in error.
   */
  run: (job: string, slot: number, signal: AbortSignal, attempt: { final: boolean; retry: boolean }) => Promise<RunOutcome>;
  /** Whether the run of a job for a scheduled instant already completed (the ledger's run records). */
  isDone: (job: string, slot: number) => Promise<boolean>;
  /** At start (and for --once): a job whose last fire time is at most this old and not done is run now. */
  catchUpMs: number;
  /** Daemon mode: how often a run that ended partial or in error is run again, and after how long. */
  retry?: RetryPolicy;
}

/** Retries of a run that ended partial or in error, for the same scheduled instant. */
export interface RetryPolicy {
  /** Runs after the first; 0: none. */
  attempts: number;
  /** Wait before the first retry; doubled before each next one. */
  delayMs: number;
}

/** A retry waiting for its time. */
interface PendingRetry {
  slot: number;
  /** The run it will be: 2 for the first retry. */
  run: number;
  at: number;
}

/** Re-check at least hourly, so a clock change or a suspended machine is noticed. */
const MAX_SLEEP_MS = 3_600_000;

/** Fires jobs on their schedules. */
export class Scheduler {
  private readonly running = new Map<string, { promise: Promise<RunOutcome>; controller: AbortController }>();
  private readonly retries = new Map<string, PendingRetry>();
  /** Wakes the daemon's loop (a retry was planned, or stop): replaced after each use. */
  private wake = new AbortController();
  private readonly idle = new AbortController();
  private stopRequested = false;
  private retrying = false;
  readonly outcomes: RunOutcome[] = [];

  constructor(private readonly options: SchedulerOptions) {}

  /** Daemon mode: catches up, then fires jobs until stop(); resolves once every run has ended. */
  async run(): Promise<void> {
    const { jobs, clock, log } = this.options;
    this.retrying = (this.options.retry?.attempts ?? 0) > 0;
    await this.startDue();
    const next = new Map(jobs.map((job) => [job.id, nextFire(job.spec, clock.now())]));
    for (const job of jobs) log({ event: 'scheduled', job: job.id, next: new Date(next.get(job.id)!).toISOString() });
    while (!this.stopRequested) {
      const soonest = Math.min(...next.values(), ...[...this.retries.values()].map((r) => r.at));
      await clock.sleep(Math.min(soonest - clock.now(), MAX_SLEEP_MS), this.wake.signal);
      if (this.wake.signal.aborted) this.wake = new AbortController();
      if (this.stopRequested) break;
      const now = clock.now();
      for (const job of jobs) {
        const slot = next.get(job.id)!;
        const retry = this.retries.get(job.id);
        if (slot <= now) {
          // A retry is only planned before the next time; this covers a clock that jumped.
          this.retries.delete(job.id);
          this.trigger(job.id, slot);
          next.set(job.id, nextFire(job.spec, now));
        } else if (retry && retry.at <= now) {
          this.retries.delete(job.id);
          this.trigger(job.id, retry.slot, retry.run);
        }
      }
    }
    await this.whenIdle();
  }

  /** `--once`: runs the jobs that are due now (see catchUpMs) and resolves when they have ended. */
  async runDue(): Promise<void> {
    await this.startDue(true);
    await this.whenIdle();
  }

  /** Stops firing; runs in progress get `graceMs` to finish, then are aborted. A second call aborts them at once. */
  stop(graceMs: number): void {
    if (this.stopRequested) {
      this.abortRuns();
      return;
    }
    this.stopRequested = true;
    this.options.log({ event: 'stopping', reason: `${this.running.size} run(s) in progress get ${Math.round(graceMs / 1000)} s to finish` });
    this.wake.abort();
    void this.options.clock.sleep(graceMs, this.idle.signal).then(() => this.abortRuns());
  }

  /** Job ids with a run in progress. */
  get busy(): string[] {
    return [...this.running.keys()];
  }

  /** Triggers the jobs due now; `say` logs why each other job does not run (for `--once`, which would otherwise print nothing). */
  private async startDue(say = false): Promise<void> {
    const now = this.options.clock.now();
    for (const job of this.options.jobs) {
      const slot = previousFire(job.spec, now);
      const skipped = (reason: string) => say && this.options.log({ event: 'skipped', job: job.id, slot: new Date(slot).toISOString(), reason });
      if (now - slot > this.options.catchUpMs) {
        skipped(`not due: its last time was ${Math.round((now - slot) / 60_000)} min ago (--catch-up ${Math.round(this.options.catchUpMs / 60_000)}); next at ${new Date(nextFire(job.spec, now)).toISOString()}`);
        continue;
      }
      const done = await this.options.isDone(job.id, slot).catch(() => false);
      if (done) skipped('already run for this time (the delivery ledger says so)');
      else if (!this.stopRequested) this.trigger(job.id, slot);
    }
  }

  private trigger(job: string, slot: number, run = 1): void {
    if (this.running.has(job)) {
      this.options.log({ event: 'skipped', job, slot: new Date(slot).toISOString(), reason: 'the previous run of this job is still going' });
      return;
    }
    const controller = new AbortController();
    const policy = this.options.retry;
    const final = !this.retrying || !policy || run > policy.attempts;
    const promise = this.options.run(job, slot, controller.signal, { final, retry: run > 1 }).then(
      (outcome) => {
        this.outcomes.push(outcome);
        return outcome;
      },
      (error: unknown) => {
        // A run reports its own failures; one that throws is a bug, and the daemon goes on.
        this.options.log({ event: 'failed', job, slot: new Date(slot).toISOString(), code: 'UNEXPECTED', reason: describeError(error) });
        const now = this.options.clock.now();
        const outcome: RunOutcome = { runId: '', job, slot, status: 'error', startedAt: now, finishedAt: now, reportsWritten: 0, reportsPartial: 0, reportsFailed: 0, filesWritten: 0, delivered: 0, skipped: 0, deliveryFailures: 0, held: 0 };
        this.outcomes.push(outcome);
        return outcome;
      },
    );
    const entry = { promise, controller };
    this.running.set(job, entry);
    // The retry is planned once the run is no longer counted as running.
    void promise.then((outcome) => {
      this.running.delete(job);
      this.planRetry(outcome, run);
    });
  }

  /** In daemon mode, plans the next run of a run that ended partial or in error, if it comes before the job's next time. */
  private planRetry(outcome: RunOutcome, run: number): void {
    const policy = this.options.retry;
    if (!this.retrying || !policy || this.stopRequested || (outcome.status !== 'partial' && outcome.status !== 'error')) return;
    const spec = this.options.jobs.find((j) => j.id === outcome.job)?.spec;
    if (!spec) return;
    const { clock, log } = this.options;
    const slot = new Date(outcome.slot).toISOString();
    const now = clock.now();
    if (run > policy.attempts) {
      log({ event: 'skipped', job: outcome.job, slot, attempts: run, reason: `not run again: ${run} runs ended ${outcome.status} (--retries ${policy.attempts})` });
      return;
    }
    const at = now + policy.delayMs * 2 ** (run - 1);
    const following = nextFire(spec, now);
    if (at >= following) {
      if (outcome.held > 0) {
        // Mails held back for a retry that no longer fits: the last run, now, sends what it has.
        this.retries.set(outcome.job, { slot: outcome.slot, run: policy.attempts + 1, at: now });
        log({ event: 'retrying', job: outcome.job, slot, status: outcome.status, attempts: run, next: new Date(now).toISOString(), reason: `run ${run} held ${outcome.held} delivery(ies) of a partial report; the job's next time, ${new Date(following).toISOString()}, comes before another retry, so a last run sends them now` });
        this.wake.abort();
        return;
      }
      log({ event: 'skipped', job: outcome.job, slot, attempts: run, reason: `not run again: the job's next time, ${new Date(following).toISOString()}, comes first` });
      return;
    }
    this.retries.set(outcome.job, { slot: outcome.slot, run: run + 1, at });
    log({ event: 'retrying', job: outcome.job, slot, status: outcome.status, attempts: run, next: new Date(at).toISOString(), reason: `run ${run} ended ${outcome.status}; run ${run + 1} of at most ${policy.attempts + 1} at ${new Date(at).toISOString()}` });
    this.wake.abort();
  }

  private abortRuns(): void {
    for (const { controller } of this.running.values()) controller.abort();
  }

  private async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()].map((r) => r.promise));
    this.idle.abort();
    if (this.stopRequested) this.options.log({ event: 'stopped' });
  }
}
