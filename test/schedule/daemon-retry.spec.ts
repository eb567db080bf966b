/**
 * The `obs-report schedule` daemon, as a real process with a real SMTP server, runs a run that
 * ended partial again for the same period: the recipient already mailed is skipped (the
 * ledger), the one whose mail was refused gets it, and each is mailed exactly once. A report
 * with unavailable data (the Loki replay server failing one query) is held back, and mailed
 * once, complete, by the retry after Loki recovered.
 */
import assert from 'node:assert/strict';
import { appendFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lokiFaults } from '../fakes/loki/index.js';
import { startStack } from '../helpers/stack.js';
import { deliveryYaml, makeScenario, listFiles, SMTP_PASSWORD, SMTP_USER, startCli, type CliRun } from './scenario.js';
import { startSmtp } from './smtp-server.js';

/**
 * Starts the daemon (last Monday's run is due at start: --catch-up of two weeks; --retry-after
 * 0.05 min = 3 s), stops it once its second run has finished, and checks it exited 0.
 */
async function untilSecondRun(args: string[], onLine?: (line: string) => void): Promise<CliRun> {
  let finished = 0;
  const started = startCli(['schedule', '--catch-up', '20160', '--retry-after', '0.05', ...args], (line, child) => {
    onLine?.(line);
    if (line.includes('"event":"finished"') && ++finished === 2) child.kill('SIGTERM');
  });
  const run = await started.done;
  assert.equal(run.code, 0, run.stderr);
  return run;
}

describe('the daemon retries a partial run', { timeout: 200_000 }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(() => Promise.all(cleanup.map((c) => c())));

  it("mails the recipient refused by the first run, and nobody twice", async () => {
    // Mails in order: Ana's (0), Ben's (1, refused for good: a 5xx is not retried within a run), Ben's again (2).
    const smtp = await startSmtp({ auth: { user: SMTP_USER, password: SMTP_PASSWORD }, script: { refuse: (n) => (n === 1 ? { code: 550, text: 'Mailbox unavailable' } : null) } });
    const s = await makeScenario({ smtpPort: smtp.port });
    cleanup.push(() => smtp.close(), () => rm(s.dir, { recursive: true, force: true }));
    const run = await untilSecondRun(['--demo', '--retries', '2', '--config', s.config]);
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

  it('holds a partial report back and mails it once, complete, when the retry can make it so', async () => {
    const smtp = await startSmtp({ auth: { user: SMTP_USER, password: SMTP_PASSWORD } });
    // The daemon runs on the real clock: the stack's organisation is built for now.
    const stack = await startStack({ now: Date.now(), seed: 5, users: 30, historyDays: 30, apps: ['dice'], lokiSettings: 'retries: 0' });
    cleanup.push(() => smtp.close(), () => stack.stop());
    await appendFile(
      stack.config,
      `reports:
  - { id: dice-usage, kind: usage, apps: [dice], period: last-week, formats: [json] }
stakeholders:
  - { name: Ana Ops, email: ana@example.com, apps: [dice], reports: [usage], formats: [html] }
schedules:
  - { id: dice-weekly, preset: weekly, at: "07:00", reports: [dice-usage] }
${deliveryYaml({ smtpPort: smtp.port, retries: 0 }, join(stack.dir, 'ledger'))}
output: { dir: ${join(stack.dir, 'out')} }
`,
    );
    // The hour-of-week query fails (503) until the daemon says it will run the job again.
    stack.loki.setFaults([{ fault: lokiFaults.unavailable503(), times: 1000, query: /\[1h\]/ }]);
    const run = await untilSecondRun(['--retries', '2', '--config', stack.config], (line) => {
      if (line.includes('"event":"retrying"')) stack.loki.setFaults([]);
    });
    assert.deepEqual(
      run.events.filter((e) => ['generated', 'finished', 'retrying'].includes(String(e.event)) || e.channel === 'email').map((e) => [e.event, e.recipient ?? null, e.status ?? null]),
      [
        ['generated', null, 'partial'],
        ['skipped', 'ana@example.com', 'held'],
        ['finished', null, 'partial'],
        ['retrying', null, 'partial'],
        ['generated', null, 'complete'],
        ['delivered', 'ana@example.com', null],
        ['finished', null, 'ok'],
      ],
    );
    assert.equal(smtp.mails.length, 1, 'one mail');
    const html = smtp.mails[0]!.parsed.attachments.find((a) => a.filename?.endsWith('.html'));
    assert.ok(html, 'the HTML report is attached');
    const text = html.content.toString('utf8');
    assert.match(text, /When it is used/);
    assert.doesNotMatch(text, /Data unavailable/, 'the complete report, not the partial one');
  });

  it('does not make again, in a retry, a report every recipient already has', async () => {
    // Mails in order: Ana's health report (0), Ben's adoption report (1, refused), Ben's again (2).
    const smtp = await startSmtp({ auth: { user: SMTP_USER, password: SMTP_PASSWORD }, script: { refuse: (n) => (n === 1 ? { code: 550, text: 'Mailbox unavailable' } : null) } });
    const s = await makeScenario({
      smtpPort: smtp.port,
      retries: 0,
      reports: `  - { id: dice-health, kind: health, apps: [dice], period: last-week, formats: [json] }
  - { id: adoption, kind: adoption, period: last-week, formats: [json] }`,
      stakeholders: `  - { name: Ana Ops, email: ana@example.com, apps: [dice], reports: [health], formats: [json] }
  - { name: Ben Exec, email: ben@example.com, reports: [adoption], formats: [json] }`,
      schedule: '{ id: weekly, preset: weekly, at: "07:00", reports: [dice-health, adoption] }',
    });
    cleanup.push(() => smtp.close(), () => rm(s.dir, { recursive: true, force: true }));
    const run = await untilSecondRun(['--demo', '--retries', '1', '--config', s.config]);
    const runIds = [...new Set(run.events.filter((e) => e.event === 'finished').map((e) => String(e.runId)))];
    const retryEvents = run.events.filter((e) => e.runId === runIds[1]);
    assert.deepEqual(
      retryEvents.filter((e) => e.report !== undefined).map((e) => [e.event, e.report, e.recipient ?? null]),
      [
        ['skipped', 'dice-health', null],
        ['generated', 'adoption', null],
        ['delivered', 'adoption', 'ben@example.com'],
      ],
    );
    assert.match(String(retryEvents[1]?.reason), /every delivery of this report was made by an earlier run/);
    assert.deepEqual(run.events.filter((e) => e.event === 'finished').map((e) => e.status), ['partial', 'ok']);
    assert.deepEqual(smtp.mails.map((m) => m.to[0]), ['ana@example.com', 'ben@example.com']);
  });
});
