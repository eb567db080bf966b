import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scheduler, type RetryPolicy, type ScheduledJob } from './daemon.js';
import type { RunEvent, RunOutcome, RunStatus } from './events.js';
import { ManualClock } from './fake-clock.js';
import { compileCron } from './fire-times.js';

const BERLIN = 'Europe/Berlin';
const utc = (ms: number) => new Date(ms).toISOString();

interface Harness {
  clock: ManualClock;
  scheduler: Scheduler;
  runs: { job: string; slot: string; startedAt: string; aborted: boolean; final: boolean }[];
  events: RunEvent[];
  done: Promise<void>;
}

/** A scheduler on a manual clock whose runs take `durationMs` of (manual) time and stop when aborted. */
function harness(start: string, jobs: [string, string][], options: { durationMs?: number; catchUpMs?: number; done?: string[]; once?: boolean; throws?: boolean; statuses?: RunStatus[]; held?: number[]; retry?: RetryPolicy } = {}): Harness {
  const clock = new ManualClock(Date.parse(start));
  const runs: Harness['runs'] = [];
  const events: RunEvent[] = [];
  const scheduled: ScheduledJob[] = jobs.map(([id, cron]) => ({ id, spec: compileCron(cron, BERLIN) }));
  const scheduler = new Scheduler({
    jobs: scheduled,
    clock,
    log: (e) => events.push(e),
    catchUpMs: options.catchUpMs ?? 0,
    ...(options.retry ? { retry: options.retry } : {}),
    isDone: async (job, slot) => (options.done ?? []).includes(`${job}@${utc(slot)}`),
    run: async (job, slot, signal, { final }) => {
      const entry = { job, slot: utc(slot), startedAt: utc(clock.now()), aborted: false, final };
      runs.push(entry);
      await clock.sleep(options.durationMs ?? 1000, signal);
      if (options.throws) throw new Error('a bug in a run');
      entry.aborted = signal.aborted;
      // The nth run ends with statuses[n - 1] (the last one given for later runs), else ok.
      const status: RunStatus = signal.aborted ? 'interrupted' : (options.statuses?.[runs.length - 1] ?? options.statuses?.at(-1) ?? 'ok');
      // A run that is not final holds back the mails of a partial report (held[n - 1] of them).
      const held = final ? 0 : (options.held?.[runs.length - 1] ?? 0);
      return { runId: `${job}-${runs.length}`, job, slot, status, startedAt: 0, finishedAt: 0, held } as Partial<RunOutcome> as RunOutcome;
    },
  });
  const done = options.once ? scheduler.runDue() : scheduler.run();
  return { clock, scheduler, runs, events, done };
}

describe('the scheduler on a controllable clock', () => {
  it('fires a daily 02:30 job through spring forward: at 03:00 CEST on 29 March 2026, the moment the clocks jump', async () => {
    const h = harness('2026-03-27T12:00:00Z', [['nightly', '30 2 * * *']]);
    await h.clock.advanceTo(Date.parse('2026-03-31T00:00:00Z'));
    assert.deepEqual(
      h.runs.map((r) => [r.slot, r.startedAt]),
      [
        ['2026-03-28T01:30:00.000Z', '2026-03-28T01:30:00.000Z'],
        ['2026-03-29T01:00:00.000Z', '2026-03-29T01:00:00.000Z'],
        ['2026-03-30T00:30:00.000Z', '2026-03-30T00:30:00.000Z'],
      ],
    );
    h.scheduler.stop(0);
    await h.done;
  });

  it('fires the 02:30 job once in the repeated hour of 25 October 2026, and an hourly job at both 02:00', async () => {
    const h = harness('2026-10-24T21:30:00Z', [
      ['nightly', '30 2 * * *'],
      ['hourly', '0 * * * *'],
    ]);
    await h.clock.advanceTo(Date.parse('2026-10-25T03:30:00Z'));
    assert.deepEqual(
      h.runs.filter((r) => r.job === 'nightly').map((r) => r.startedAt),
      ['2026-10-25T00:30:00.000Z'], // 02:30 CEST, not again at 02:30 CET
    );
    assert.deepEqual(
      h.runs.filter((r) => r.job === 'hourly').map((r) => r.slot),
      ['2026-10-24T22:00:00.000Z', '2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z', '2026-10-25T03:00:00.000Z'],
    );
    h.scheduler.stop(0);
    await h.done;
  });

  it('never runs two runs of one job at once: a fire during a run is skipped and logged', async () => {
    const h = harness('2026-11-23T06:59:30Z', [['minutely', '* * * * *']], { durationMs: 90_000 });
    await h.clock.advanceTo(Date.parse('2026-11-23T07:03:30Z'));
    // 07:00 runs until 07:01:30, so 07:01 is skipped; 07:02 runs until 07:03:30, so 07:03 is skipped.
    assert.deepEqual(h.runs.map((r) => r.slot), ['2026-11-23T07:00:00.000Z', '2026-11-23T07:02:00.000Z']);
    assert.deepEqual(
      h.events.filter((e) => e.event === 'skipped').map((e) => [e.job, e.slot, e.reason]),
      [
        ['minutely', '2026-11-23T07:01:00.000Z', 'the previous run of this job is still going'],
        ['minutely', '2026-11-23T07:03:00.000Z', 'the previous run of this job is still going'],
      ],
    );
    h.scheduler.stop(0);
    await h.done;
  });

  it('on stop, lets a run finish within the grace period and fires nothing more', async () => {
    // Monday 07:00 in Berlin is 06:00 UTC.
    const h = harness('2026-11-23T05:59:00Z', [['weekly', '0 7 * * 1']], { durationMs: 20_000 });
    await h.clock.advanceTo(Date.parse('2026-11-23T06:00:05Z'));
    h.scheduler.stop(60_000);
    let finished = false;
    void h.done.then(() => (finished = true));
    await h.clock.advance(10_000);
    assert.equal(finished, false, 'still waiting for the run');
    await h.clock.advance(10_000);
    assert.equal(finished, true);
    assert.deepEqual(h.runs.map((r) => r.aborted), [false]);
    assert.deepEqual(h.events.map((e) => e.event), ['scheduled', 'stopping', 'stopped']);
  });

  it('aborts a run still going when the grace period is over', async () => {
    const h = harness('2026-11-23T05:59:00Z', [['weekly', '0 7 * * 1']], { durationMs: 600_000 });
    await h.clock.advanceTo(Date.parse('2026-11-23T06:00:05Z'));
    h.scheduler.stop(30_000);
    await h.clock.advance(29_000);
    assert.deepEqual(h.runs.map((r) => r.aborted), [false]);
    await h.clock.advance(1_000);
    await h.done;
    assert.deepEqual(h.runs.map((r) => r.aborted), [true]);
    assert.equal(h.scheduler.outcomes[0]?.status, 'interrupted');
  });

  it('logs a run that throws and goes on firing', async () => {
    const h = harness('2026-11-23T05:59:00Z', [['daily', '0 7 * * *']], { throws: true });
    await h.clock.advanceTo(Date.parse('2026-11-24T06:00:05Z'));
    assert.deepEqual(h.runs.map((r) => r.slot), ['2026-11-23T06:00:00.000Z', '2026-11-24T06:00:00.000Z']);
    assert.deepEqual(
      h.events.filter((e) => e.event === 'failed').map((e) => [e.slot, e.reason]),
      [
        ['2026-11-23T06:00:00.000Z', 'a bug in a run'],
        ['2026-11-24T06:00:00.000Z', 'a bug in a run'],
      ],
    );
    assert.deepEqual(h.scheduler.outcomes.map((o) => o.status), ['error', 'error']);
    h.scheduler.stop(0);
    await h.done;
  });

  it('catches up at start on a run that is due and not done, and not on one the ledger says is done', async () => {
    // 07:10 in Berlin: the 07:00 runs are 10 min old, the 05:00 one 130 min.
    const h = harness('2026-11-23T06:10:00Z', [
      ['weekly', '0 7 * * 1'],
      ['daily', '0 7 * * *'],
      ['old', '0 5 * * *'],
    ], { catchUpMs: 30 * 60_000, done: ['daily@2026-11-23T06:00:00.000Z'], once: true });
    await h.clock.advance(5_000);
    await h.done;
    assert.deepEqual(h.runs.map((r) => [r.job, r.slot]), [['weekly', '2026-11-23T06:00:00.000Z']]);
    // --once says why the others did not run (it printed nothing for them).
    assert.deepEqual(
      h.events.filter((e) => e.event === 'skipped').map((e) => [e.job, e.slot, e.reason]),
      [
        ['daily', '2026-11-23T06:00:00.000Z', 'already run for this time (the delivery ledger says so)'],
        ['old', '2026-11-23T04:00:00.000Z', 'not due: its last time was 130 min ago (--catch-up 30); next at 2026-11-24T04:00:00.000Z'],
      ],
    );
  });

  describe('runs a run that ended partial or in error again, for the same scheduled time', () => {
    const retry = { attempts: 3, delayMs: 10 * 60_000 };
    const retryEvents = (h: Harness) => h.events.filter((e) => e.event === 'retrying' || (e.event === 'skipped' && e.attempts !== undefined)).map((e) => [e.event, e.slot, e.attempts, e.next ?? e.reason]);

    it('after 10 min, then 20, until a run is ok', async () => {
      // Monday 07:00 in Berlin is 06:00 UTC; each run takes 1 s.
      const h = harness('2026-11-23T05:59:00Z', [['weekly', '0 7 * * 1']], { statuses: ['partial', 'error', 'ok'], retry });
      await h.clock.advanceTo(Date.parse('2026-11-23T09:00:00Z'));
      assert.deepEqual(
        h.runs.map((r) => [r.slot, r.startedAt]),
        [
          ['2026-11-23T06:00:00.000Z', '2026-11-23T06:00:00.000Z'],
          ['2026-11-23T06:00:00.000Z', '2026-11-23T06:10:01.000Z'], // ended 06:00:01, + 10 min
          ['2026-11-23T06:00:00.000Z', '2026-11-23T06:30:02.000Z'], // ended 06:10:02, + 20 min
        ],
      );
      assert.deepEqual(retryEvents(h), [
        ['retrying', '2026-11-23T06:00:00.000Z', 1, '2026-11-23T06:10:01.000Z'],
        ['retrying', '2026-11-23T06:00:00.000Z', 2, '2026-11-23T06:30:02.000Z'],
      ]);
      assert.deepEqual(h.scheduler.outcomes.map((o) => o.status), ['partial', 'error', 'ok']);
      // Runs 1 to 3 of at most 4 may be followed by another: none is final.
      assert.deepEqual(h.runs.map((r) => r.final), [false, false, false]);
      h.scheduler.stop(0);
      await h.done;
    });

    it('at most --retries times', async () => {
      const h = harness('2026-11-23T05:59:00Z', [['weekly', '0 7 * * 1']], { statuses: ['partial'], retry: { attempts: 2, delayMs: 60_000 } });
      await h.clock.advanceTo(Date.parse('2026-11-23T07:00:00Z'));
      // 06:00:00, then 06:01:01 (+1 min), 06:03:02 (+2 min); the third ends partial and is the last.
      assert.deepEqual(h.runs.map((r) => r.startedAt), ['2026-11-23T06:00:00.000Z', '2026-11-23T06:01:01.000Z', '2026-11-23T06:03:02.000Z']);
      assert.deepEqual(retryEvents(h).at(-1), ['skipped', '2026-11-23T06:00:00.000Z', 3, 'not run again: 3 runs ended partial (--retries 2)']);
      // The last one may not hold anything back: it sends what it has.
      assert.deepEqual(h.runs.map((r) => r.final), [false, false, true]);
      h.scheduler.stop(0);
      await h.done;
    });

    it("not when the job's next time comes first: that run covers its own period", async () => {
      // Hourly, 40 min delay: 07:00 fails, retried at 07:40:01; that fails, and 80 min later is past 08:00.
      const h = harness('2026-11-23T05:59:00Z', [['hourly', '0 * * * *']], { statuses: ['partial', 'partial', 'ok'], retry: { attempts: 3, delayMs: 40 * 60_000 } });
      await h.clock.advanceTo(Date.parse('2026-11-23T07:30:00Z'));
      assert.deepEqual(h.runs.map((r) => [r.slot, r.startedAt]), [
        ['2026-11-23T06:00:00.000Z', '2026-11-23T06:00:00.000Z'],
        ['2026-11-23T06:00:00.000Z', '2026-11-23T06:40:01.000Z'],
        ['2026-11-23T07:00:00.000Z', '2026-11-23T07:00:00.000Z'],
      ]);
      assert.deepEqual(retryEvents(h), [
        ['retrying', '2026-11-23T06:00:00.000Z', 1, '2026-11-23T06:40:01.000Z'],
        ['skipped', '2026-11-23T06:00:00.000Z', 2, "not run again: the job's next time, 2026-11-23T07:00:00.000Z, comes first"],
      ]);
      h.scheduler.stop(0);
      await h.done;
    });

    it("a run that held mails back is followed by a last run at once when the next retry would not fit", async () => {
      // Hourly, 40 min delay: run 1 (07:00 Berlin) holds 2 mails, run 2 at 06:40:01 UTC holds 2
      // more; a retry 80 min later would pass 07:00 UTC, so a last run goes at 06:40:02.
      const h = harness('2026-11-23T05:59:00Z', [['hourly', '0 * * * *']], { statuses: ['partial', 'partial', 'ok'], held: [2, 2], retry: { attempts: 3, delayMs: 40 * 60_000 } });
      await h.clock.advanceTo(Date.parse('2026-11-23T06:59:00Z'));
      assert.deepEqual(h.runs.map((r) => [r.slot, r.startedAt, r.final]), [
        ['2026-11-23T06:00:00.000Z', '2026-11-23T06:00:00.000Z', false],
        ['2026-11-23T06:00:00.000Z', '2026-11-23T06:40:01.000Z', false],
        ['2026-11-23T06:00:00.000Z', '2026-11-23T06:40:02.000Z', true],
      ]);
      assert.match(String(h.events.filter((e) => e.event === 'retrying').at(-1)?.reason), /^run 2 held 2 delivery\(ies\) of a partial report; the job's next time, 2026-11-23T07:00:00.000Z, comes before another retry, so a last run sends them now$/);
      h.scheduler.stop(0);
      await h.done;
    });

    it('not with --once, and not once stopping', async () => {
      const once = harness('2026-11-23T06:10:00Z', [['weekly', '0 7 * * 1']], { statuses: ['partial'], retry, catchUpMs: 30 * 60_000, once: true });
      await once.clock.advance(5_000);
      await once.done;
      assert.equal(once.runs.length, 1);
      assert.equal(once.runs[0]?.final, true, '--once holds nothing back');
      assert.deepEqual(retryEvents(once), []);

      const stopping = harness('2026-11-23T05:59:00Z', [['weekly', '0 7 * * 1']], { statuses: ['partial'], retry });
      await stopping.clock.advanceTo(Date.parse('2026-11-23T06:05:00Z'));
      assert.equal(retryEvents(stopping).length, 1, 'a retry is planned');
      stopping.scheduler.stop(0);
      await stopping.done;
      await stopping.clock.advanceTo(Date.parse('2026-11-23T08:00:00Z'));
      assert.equal(stopping.runs.length, 1, 'and dropped on stop');
    });
  });
});
