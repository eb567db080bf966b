/**
 * The `obs-report schedule` daemon, as a real process with a real SMTP server, runs a run that
 * ended partial again for the same period: the recipient already mailed is skipped (the
 * ledger), the one whose mail was refused gets it, and each is mailed exactly once.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { makeScenario, listFiles, SMTP_PASSWORD, SMTP_USER, startCli } from './scenario.js';
import { startSmtp } from './smtp-server.js';

describe('the daemon retries a partial run', { timeout: 200_000 }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(() => Promise.all(cleanup.map((c) => c())));

  it("mails the recipient refused by the first run, and nobody twice", async () => {
    // Mails in order: Ana's (0), Ben's (1, refused for good: a 5xx is not retried within a run), Ben's again (2).
    const smtp = await startSmtp({ auth: { user: SMTP_USER, password: SMTP_PASSWORD }, script: { refuse: (n) => (n === 1 ? { code: 550, text: 'Mailbox unavailable' } : null) } });
    const s = await makeScenario({ smtpPort: smtp.port });
    cleanup.push(() => smtp.close(), () => rm(s.dir, { recursive: true, force: true }));
    let finished = 0;
    // --catch-up of two weeks: last Monday's run is due at start. --retry-after 0.05 min = 3 s.
    const started = startCli(['schedule', '--demo', '--catch-up', '20160', '--retries', '2', '--retry-after', '0.05', '--config', s.config], (line, child) => {
      if (line.includes('"event":"finished"') && ++finished === 2) child.kill('SIGTERM');
    });
    const run = await started.done;
    assert.equal(run.code, 0, run.stderr);
    const slots = new Set(run.events.filter((e) => e.slot !== undefined).map((e) => e.slot));
    assert.equal(slots.size, 1, `one scheduled time: ${[...slots].join(', ')}`);
    assert.deepEqual(
      run.events.filter((e) => e.channel === 'email' || e.event === 'finished' || e.event === 'retrying').map((e) => [e.event, e.recipient ?? e.status ?? null]),
      [
        ['delivered', 'ana@example.com'],
        ['failed', 'ben@example.com'],
        ['finished', 'partial'],
        ['retrying', 'partial'],
        ['skipped', 'ana@example.com'],
        ['delivered', 'ben@example.com'],
        ['finished', 'ok'],
      ],
    );
    const retrying = run.events.find((e) => e.event === 'retrying')!;
    assert.equal(retrying.attempts, 1);
    assert.match(String(retrying.reason), /^run 1 ended partial; run 2 of at most 3 at /);
    const runIds = new Set(run.events.filter((e) => e.event === 'finished').map((e) => e.runId));
    assert.equal(runIds.size, 2, 'two runs');
    assert.deepEqual(smtp.mails.map((m) => m.to[0]).sort(), ['ana@example.com', 'ben@example.com']);
    assert.equal(smtp.attempts, 3);
    // The second run completed the job for this time: the ledger records it (the first did not).
    assert.deepEqual((await listFiles(s.ledger)).filter((f) => f.includes('/runs/')), [`ops-weekly/runs/${String(retrying.slot).replace(/[:.]/g, '')}.json`]);
  });
});
