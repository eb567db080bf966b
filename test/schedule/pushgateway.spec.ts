/**
 * obs-report's own metrics reach a real Pushgateway: after a run through the CLI, and
 * across a failed run, which must not erase the last success.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.js';
import { pushRunMetrics } from '../../src/metrics/run-metrics.js';
import type { RunOutcome } from '../../src/schedule/events.js';
import { makeScenario, runCli, SMTP_PASSWORD, SMTP_USER } from './scenario.js';
import { sampleValue, startPushgateway, type TestPushgateway } from './pushgateway.js';
import { startSmtp } from './smtp-server.js';

describe('metrics pushed to a Pushgateway', { timeout: 180_000 }, () => {
  let gateway: TestPushgateway;
  before(async () => {
    gateway = await startPushgateway();
  });
  after(() => gateway?.stop());

  it('a failed run updates its run metrics and keeps the last success', async () => {
    const { config } = parseConfig(`version: 1\napps: [{ id: dice, name: Dice }]\ndelivery:\n  pushgateway: { url: "${gateway.url}" }\n`, 't.yaml', {});
    const ok: RunOutcome = {
      runId: 'r1', job: 'nightly', slot: 0, status: 'ok', startedAt: 1_700_000_000_000, finishedAt: 1_700_000_030_000,
      reportsWritten: 1, reportsPartial: 0, reportsFailed: 0, filesWritten: 2, delivered: 2, skipped: 0, deliveryFailures: 0, held: 0,
    };
    const group = { job: 'obs-report', schedule: 'nightly' };
    assert.equal(await pushRunMetrics(config, ok, 90_000), true);
    let text = await gateway.metrics();
    assert.equal(sampleValue(text, 'obs_report_last_success_timestamp_seconds', group), 1_700_000_030);
    assert.equal(sampleValue(text, 'obs_report_last_run_duration_seconds', group), 30);
    assert.equal(sampleValue(text, 'obs_report_schedule_interval_seconds', group), 90_000);

    await pushRunMetrics(config, { ...ok, runId: 'r2', status: 'partial', deliveryFailures: 1, startedAt: 1_700_086_400_000, finishedAt: 1_700_086_410_000 }, 90_000);
    text = await gateway.metrics();
    assert.equal(sampleValue(text, 'obs_report_last_success_timestamp_seconds', group), 1_700_000_030, 'the last success stays');
    assert.equal(sampleValue(text, 'obs_report_last_run_timestamp_seconds', group), 1_700_086_410);
    assert.equal(sampleValue(text, 'obs_report_last_run_exit_code', group), 1);
    assert.equal(sampleValue(text, 'obs_report_last_run_failures', group), 1);
  });

  it('obs-report run pushes the metrics of its job (and posts to the chat webhook, with links)', async () => {
    const smtp = await startSmtp({ auth: { user: SMTP_USER, password: SMTP_PASSWORD } });
    const posts: { path: string; body: { blocks: { elements?: { text: string }[] }[] } }[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        posts.push({ path: req.url ?? '', body: JSON.parse(body) as (typeof posts)[number]['body'] });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T0/B0/HOOKSECRET`;
    const s = await makeScenario({
      smtpPort: smtp.port,
      delivery: [
        '  linksBaseUrl: https://reports.example.com/obs',
        `  webhook: { kind: slack, url: "${hookUrl}" }`,
        `  pushgateway: { url: "${gateway.url}", job: obs-report-test }`,
      ].join('\n'),
    });
    try {
      const before = Date.now() / 1000;
      const run = await runCli(['run', 'ops-weekly', '--demo', '--at', '2026-11-23T07:00', '--config', s.config]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.events.filter((e) => e.channel === 'metrics').map((e) => e.event), ['delivered']);
      assert.deepEqual(run.events.filter((e) => e.channel === 'webhook').map((e) => [e.event, e.recipient]), [['delivered', 'slack']]);
      assert.deepEqual(posts.map((p) => p.path), ['/services/T0/B0/HOOKSECRET']);
      const stem = 'ops-weekly-dice-health-2026-W47';
      assert.equal(
        posts[0]!.body.blocks.at(-1)!.elements![0]!.text,
        // In the order generated: the report's own format, then the recipients'.
        ['json', 'pdf', 'html'].map((ext) => `<https://reports.example.com/obs/${stem}.${ext}|${stem}.${ext}>`).join('  '),
      );
      assert.ok(!run.stdout.includes('HOOKSECRET') && !run.stderr.includes('HOOKSECRET'), 'the webhook token is never logged');
      const text = await gateway.metrics();
      const group = { job: 'obs-report-test', schedule: 'ops-weekly' };
      const success = sampleValue(text, 'obs_report_last_success_timestamp_seconds', group)!;
      assert.ok(success >= before && success <= Date.now() / 1000, `last success ${success}`);
      assert.equal(sampleValue(text, 'obs_report_last_run_reports_written', group), 1);
      assert.equal(sampleValue(text, 'obs_report_last_run_files_written', group), 3);
      assert.equal(sampleValue(text, 'obs_report_last_run_deliveries', group), 3, 'two mails and the webhook');
      // A weekly job: the longest gap is the week that ends summer time (169 h).
      assert.equal(sampleValue(text, 'obs_report_schedule_interval_seconds', group), 169 * 3600);
    } finally {
      await smtp.close();
      await new Promise<void>((resolve) => hook.close(() => resolve()));
      await rm(s.dir, { recursive: true, force: true });
    }
  });
});
