/**
 * SIGTERM in the middle of a run, sent to a real child process (`obs-report run` and the
 * `obs-report schedule` daemon): no partial or temporary file is left, a mail being sent is
 * seen through and recorded, nothing is half-sent, and the ledger lets the next run finish
 * the job with each recipient mailed exactly once.
 */
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import { makeScenario, listFiles, runCli, SMTP_PASSWORD, SMTP_USER, startCli, type Scenario } from './scenario.js';
import { startSmtp, type SmtpScript, type TestSmtp } from './smtp-server.js';

const AT = '2026-11-23T07:00';
const AUTH = { user: SMTP_USER, password: SMTP_PASSWORD };

/** Every file is whole: no temp file, JSON parses, PDF and HTML end as they should. */
async function assertWholeFiles(dir: string): Promise<string[]> {
  const files = await listFiles(dir);
  assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), [], 'no temp files');
  for (const f of files) {
    const data = await readFile(join(dir, f));
    if (f.endsWith('.json')) JSON.parse(data.toString('utf8'));
    if (f.endsWith('.pdf')) assert.match(data.subarray(-32).toString('latin1'), /%%EOF\s*$/, `${f} is a whole PDF`);
    if (f.endsWith('.html')) assert.match(data.toString('utf8').trimEnd(), /<\/html>$/, `${f} is a whole HTML file`);
  }
  return files;
}

describe('SIGTERM during a run', { timeout: 400_000 }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(() => Promise.all(cleanup.map((c) => c())));
  const setup = async (script: SmtpScript | undefined, options: Partial<Parameters<typeof makeScenario>[0]> = {}): Promise<{ smtp: TestSmtp; s: Scenario }> => {
    const smtp = await startSmtp({ auth: AUTH, ...(script ? { script } : {}) });
    const s = await makeScenario({ smtpPort: smtp.port, ...options });
    cleanup.push(() => smtp.close(), () => rm(s.dir, { recursive: true, force: true }));
    return { smtp, s };
  };

  it('obs-report run: the mail in flight is completed and recorded, the rest is left for the next run', async () => {
    const target: { child?: ChildProcess } = {};
    let signalledAt = 0;
    // The first mail takes 4 s to be accepted; SIGTERM arrives as soon as its data is in.
    const { smtp, s } = await setup({
      delayMs: (n) => (n === 0 ? 4000 : 0),
      onData: (n) => {
        if (n !== 0) return;
        signalledAt = Date.now();
        target.child?.kill('SIGTERM');
      },
    });
    const started = startCli(['run', 'ops-weekly', '--demo', '--at', AT, '--grace', '1', '--config', s.config]);
    target.child = started.child;
    const run = await started.done;
    assert.ok(signalledAt > 0, 'the signal was sent');
    assert.equal(run.code, 2, run.stderr + run.stdout);
    assert.match(run.stderr, /SIGTERM received, finishing \(at most 1 s\)/);
    assert.deepEqual(
      run.events.map((e) => [e.event, e.recipient ?? e.status ?? null]),
      [
        ['started', null],
        ['generated', 'complete'],
        ['delivered', 'ana@example.com'],
        ['skipped', 'ben@example.com'],
        ['finished', 'interrupted'],
      ],
    );
    assert.deepEqual(smtp.mails.map((m) => m.to), [['ana@example.com']]);
    assert.deepEqual((await listFiles(s.ledger)).map((f) => f.replace(/-[0-9a-f]{10}\.sent$/, '.sent')), ['ops-weekly/2026-W47/dice-health/ana-example.com.sent']);
    await assertWholeFiles(s.out);

    const again = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(smtp.mails.map((m) => m.to[0]).sort(), ['ana@example.com', 'ben@example.com']);
    assert.deepEqual(again.events.filter((e) => e.event === 'skipped').map((e) => e.recipient), ['ana@example.com']);
  });

  it('obs-report schedule with no grace: a report being generated is abandoned, nothing is written or sent', async () => {
    const { smtp, s } = await setup(undefined, { formats: ['json', 'pdf'] });
    let signalledAt = 0;
    // --catch-up of two weeks: last Monday's run is due at start, so it begins at once.
    const started = startCli(['schedule', '--demo', '--grace', '0', '--catch-up', '20160', '--config', s.config], (line, child) => {
      if (!line.includes('"event":"started"')) return;
      signalledAt = Date.now();
      child.kill('SIGTERM');
    });
    const run = await started.done;
    assert.ok(signalledAt > 0, 'the run started');
    const stoppedIn = Date.now() - signalledAt;
    assert.ok(stoppedIn < 30_000, `stopped ${stoppedIn} ms after the signal`);
    assert.equal(run.code, 0, run.stderr);
    const events = run.events.map((e) => e.event);
    assert.ok(!events.includes('generated') && !events.includes('delivered'), events.join(','));
    assert.equal(run.events.find((e) => e.event === 'finished')?.status, 'interrupted');
    assert.ok(events.includes('stopping') && events.at(-1) === 'stopped', events.join(','));
    assert.equal(smtp.attempts, 0);
    await assertWholeFiles(s.out);
    assert.deepEqual(await listFiles(s.ledger), [], 'no claim, no run record');
  });
});
