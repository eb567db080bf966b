/**
 * A run killed with SIGKILL while it mails (the pod evicted, the node lost): its claim stays in
 * the ledger. The next run on the same host sees that the claim's process is gone and takes
 * the delivery over at once; a claim whose process still runs makes the run partial (exit 1).
 */
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { makeScenario, listFiles, runCli, SMTP_PASSWORD, SMTP_USER, startCli, type Scenario } from './scenario.js';
import { startSmtp, type TestSmtp } from './smtp-server.js';

const AT = '2026-11-23T07:00';
const AUTH = { user: SMTP_USER, password: SMTP_PASSWORD };

/** A TCP server that accepts connections and never says a word (a hung mail server). */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Points the scenario's config at another SMTP port. */
async function repoint(s: Scenario, from: number, to: number): Promise<void> {
  const text = await readFile(s.config, 'utf8');
  await writeFile(s.config, text.replace(`port: ${from}\n`, `port: ${to}\n`));
}

describe('a run killed while mailing', { timeout: 300_000 }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(() => Promise.all(cleanup.map((c) => c())));

  /** Starts a run against a silent server and kills it with SIGKILL once it holds a claim. */
  const crashedRun = async (): Promise<{ s: Scenario; silent: { port: number } }> => {
    const silent = await silentServer();
    const s = await makeScenario({ smtpPort: silent.port, retries: 0 });
    cleanup.push(() => silent.close(), () => rm(s.dir, { recursive: true, force: true }));
    const started = startCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config], (line, child) => {
      if (!line.includes('"generated"')) return;
      // The claim is made right after `generated`; kill once it is on disk.
      const poll = setInterval(() => {
        void listFiles(s.ledger).then((files) => {
          if (!files.some((f) => f.endsWith('.claim'))) return;
          clearInterval(poll);
          child.kill('SIGKILL');
        });
      }, 20);
    });
    const killed = await started.done;
    assert.equal(killed.code, -1, `killed by the signal: ${killed.stderr}`);
    assert.equal((await listFiles(s.ledger)).filter((f) => f.endsWith('.claim')).length, 1, 'the dead run left its claim');
    return { s, silent };
  };

  it('the next run takes over the dead run\'s claim at once and mails everyone, leaving no claim', async () => {
    const { s, silent } = await crashedRun();
    const smtp: TestSmtp = await startSmtp({ auth: AUTH });
    cleanup.push(() => smtp.close());
    await repoint(s, silent.port, smtp.port);
    const dry = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--dry-run', '--config', s.config]);
    assert.match(dry.stdout, /Ana Ops <ana@example\.com>: pdf, html — claimed by a run that is gone, would take over and send/);
    const again = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.deepEqual(smtp.mails.map((m) => m.to[0]).sort(), ['ana@example.com', 'ben@example.com']);
    assert.deepEqual((await listFiles(s.ledger)).filter((f) => !f.endsWith('.sent') && !f.includes('/runs/')), [], 'no claim or takeover file left');
  });

  it('a claim held by a live process makes the run partial (exit 1), naming the holder', async () => {
    const { s, silent } = await crashedRun();
    // Make the claim look like this test's own process: alive, on this host.
    const [claim] = (await listFiles(s.ledger)).filter((f) => f.endsWith('.claim'));
    const path = `${s.ledger}/${claim}`;
    const record = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...record, pid: process.pid, process: 'the-test-runner', runId: 'live-run-1' }));
    const smtp: TestSmtp = await startSmtp({ auth: AUTH });
    cleanup.push(() => smtp.close());
    await repoint(s, silent.port, smtp.port);
    const dry = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--dry-run', '--config', s.config]);
    assert.match(dry.stdout, /Ana Ops <ana@example\.com>: pdf, html — claimed by a run that may be sending it, would not send it \(partial\)/);
    const again = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(again.code, 1, again.stderr + again.stdout);
    const busy = again.events.find((e) => e.event === 'failed');
    assert.ok(busy, again.stdout);
    assert.match(String(busy.reason), new RegExp(`not sent by this run: run live-run-1 \\(pid ${process.pid} on .+\\) holds the claim`));
    assert.match(again.stderr, /ended partial/);
    assert.equal(smtp.mails.length, 1, 'the other recipient is mailed');
    assert.equal(again.events.find((e) => e.event === 'finished')?.status, 'partial');
  });
});
