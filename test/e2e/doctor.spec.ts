/** `obs-report doctor` against a real Prometheus, the Loki and Grafana replay servers, and a closed port. */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { closedPort } from '../../src/http/test-server.js';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeGrafana, type FakeGrafana } from '../fakes/grafana/index.js';
import { runCli } from '../helpers/cli.js';
import { startStack, type Stack } from '../helpers/stack.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');

describe('obs-report doctor', { timeout: 300_000 }, () => {
  let stack: Stack;
  let grafana: FakeGrafana;
  before(async () => {
    stack = await startStack({ now: Date.now(), seed: 2, users: 20, historyDays: 10, apps: ['dice'], metricsWindow: { from: NOW - 3 * 3_600_000, to: NOW } });
    grafana = await startFakeGrafana({ token: 'glsa_good' });
  });
  after(async () => {
    await stack.stop();
    await grafana.stop();
  });

  it('says what works, and for an app without data what to fix', async () => {
    const config = join(stack.dir, 'doctor.yaml');
    const base = (await readFile(stack.config, 'utf8')).replace(/^apps:\n/m, `  grafana: { url: "${grafana.url}", auth: { bearer: glsa_good } }\napps:\n  - { id: ghost, name: Ghost }\n`);
    await writeFile(config, base);
    const r = await runCli(['doctor', '--config', config]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /ok\s+prometheus\s+reachable, auth\s+http:\/\/127\.0\.0\.1:\d+, version [23]\.\d+/);
    assert.match(r.stdout, /ok\s+prometheus\s+app dice\s+job="dice" has series/);
    assert.match(r.stdout, /FAIL\s+prometheus\s+app ghost\s+no series with job="ghost"/);
    assert.match(r.stdout, /fix: Set apps\[\]\.prometheus\.job for ghost/);
    assert.match(r.stdout, /ok\s+loki\s+reachable, auth/);
    assert.match(r.stdout, /ok\s+loki\s+app dice\s+\{app="dice"\}: \d+ stream\(s\)/);
    assert.match(r.stdout, /FAIL\s+loki\s+app ghost\s+\{app="ghost"\}: no streams/);
    assert.match(r.stdout, /ok\s+grafana\s+reachable/);
    assert.match(r.stdout, /ok\s+grafana\s+auth\s+the service-account token is accepted/);
    assert.match(r.stdout, /ok\s+chromium\s+prints a PDF\s+\/usr\/bin\/chromium\S*, \S*Chrome\/\d+\.[\d.]+, started and printed a page in \d+ ms/);
    assert.match(r.stdout, /\n2 check\(s\) failed/);
  });

  it('names the unreachable URL and a wrong token, with the fix', async () => {
    const port = await closedPort();
    const config = join(stack.dir, 'down.yaml');
    await writeFile(
      config,
      `version: 1\ndatasources:\n  loki: { url: "http://127.0.0.1:${port}", retries: 0, timeoutMs: 2000 }\n  grafana: { url: "${grafana.url}", auth: { bearer: glsa_wrong } }\napps:\n  - { id: dice, name: Dice }\n`,
    );
    const r = await runCli(['doctor', '--config', config]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`FAIL\\s+loki\\s+reachable, auth\\s+.*127\\.0\\.0\\.1:${port}`));
    assert.match(r.stdout, /FAIL\s+grafana\s+auth/);
    assert.match(r.stdout, /fix: .*token/i);
    assert.doesNotMatch(r.stdout + r.stderr, /glsa_wrong/);
  });

  it('says when Chromium cannot print PDFs, and how to install it', async () => {
    const r = await runCli(['doctor', '--config', stack.config], { env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' } });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /FAIL\s+chromium\s+prints a PDF\s+PUPPETEER_EXECUTABLE_PATH is \/nonexistent\/chromium, which is not an executable file/);
    assert.match(r.stdout, /fix: Install Chromium \(apt-get install chromium-headless-shell, or chromium\)/);
    assert.match(r.stdout, /\n1 check\(s\) failed/, 'the datasources pass');
  });
});
