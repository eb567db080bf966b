/**
 * Alertmanager and blackbox exporter configs, checked by their own Debian tools: amtool accepts
 * the config and routes critical alerts to on-call and the rest to the team (both by email via
 * Mailpit); the blackbox exporter accepts its probe modules.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/cli.js';
import { runCommand } from './helpers/run.js';

const ALERTMANAGER = join(ROOT, 'stack', 'alertmanager', 'alertmanager.yml');
const BLACKBOX = join(ROOT, 'stack', 'blackbox', 'blackbox.yml');
const amtool = (...args: string[]) => runCommand('amtool', args, { timeoutMs: 30_000 });

describe('alert delivery configs', () => {
  it('amtool accepts the Alertmanager config', async () => {
    const result = await amtool('check-config', ALERTMANAGER);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /SUCCESS/);
  });

  it('critical alerts go to on-call, the others to the team', async () => {
    const route = async (...labels: string[]) => (await amtool('config', 'routes', 'test', `--config.file=${ALERTMANAGER}`, ...labels)).stdout.trim();
    assert.equal(await route('severity=critical', 'alertname=AppDown', 'job=dice'), 'oncall-email');
    assert.equal(await route('severity=warning', 'alertname=LatencyHigh', 'job=dice'), 'team-email');
    assert.equal(await route('severity=warning', 'alertname=ObsReportJobNotSucceeding', 'job=obs-report', 'schedule=dice-weekly'), 'team-email');
  });

  it('the receivers mail through Mailpit', async () => {
    const text = await readFile(ALERTMANAGER, 'utf8');
    assert.match(text, /smtp_smarthost: mailpit:1025/);
  });

  it('amtool refuses a broken config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obs-am-'));
    try {
      const broken = join(dir, 'alertmanager.yml');
      await writeFile(broken, (await readFile(ALERTMANAGER, 'utf8')).replace('receiver: team-email', 'receiver: nobody'));
      const result = await amtool('check-config', broken);
      assert.equal(result.code, 1);
      assert.match(result.stdout + result.stderr, /undefined receiver "nobody"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the blackbox exporter accepts its modules', async () => {
    const result = await runCommand('prometheus-blackbox-exporter', ['--config.check', `--config.file=${BLACKBOX}`], { timeoutMs: 30_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Config file is ok/);
  });
});
