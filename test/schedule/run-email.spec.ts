/**
 * `obs-report run <job>` end to end, as a CronJob runs it: demo data, a real SMTP server,
 * the mails read back with mailparser. Each recipient gets exactly one mail per period,
 * whether the job runs once, twice, or in two processes at the same time.
 */
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatChange, formatValue } from '../../src/model/format.js';
import type { Report } from '../../src/model/report.js';
import { makeScenario, listFiles, runCli, SMTP_PASSWORD, SMTP_USER, startCli, type CliRun, type Scenario } from './scenario.js';
import { reservePort, startSmtp, type TestSmtp } from './smtp-server.js';

const AT = '2026-11-23T07:00'; // Monday 07:00 in Berlin: the run for week 47
const STEM = 'ops-weekly-dice-health-2026-W47';
const AUTH = { user: SMTP_USER, password: SMTP_PASSWORD };
const recipientsOf = (smtp: TestSmtp) => smtp.mails.flatMap((m) => m.to).sort();

describe('obs-report run, delivering by e-mail', { timeout: 600_000 }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(() => Promise.all(cleanup.map((c) => c())));
  const scenario = async (options: Parameters<typeof makeScenario>[0]) => {
    const s = await makeScenario(options);
    cleanup.push(() => rm(s.dir, { recursive: true, force: true }));
    return s;
  };
  const smtpServer = async (options: Parameters<typeof startSmtp>[0] = {}) => {
    const smtp = await startSmtp({ auth: AUTH, ...options });
    cleanup.push(() => smtp.close());
    return smtp;
  };

  describe('one run, then the same run again', () => {
    let smtp: TestSmtp;
    let s: Scenario;
    let first: CliRun;
    let second: CliRun;
    const written = new Map<string, Buffer>();

    before(async () => {
      smtp = await smtpServer();
      s = await scenario({ smtpPort: smtp.port });
      first = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
      // The second run writes the files again (a PDF records when it was made): keep the first ones.
      for (const name of await listFiles(s.out)) written.set(name, await readFile(join(s.out, name)));
      second = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    });

    it('generates the report once in every format its recipients need, named by job, period and format', () => {
      assert.equal(first.code, 0, first.stderr + first.stdout);
      assert.deepEqual([...written.keys()], [`${STEM}.html`, `${STEM}.json`, `${STEM}.pdf`]);
      assert.deepEqual(first.events.map((e) => e.event), ['started', 'generated', 'delivered', 'delivered', 'finished']);
      assert.ok(first.events.every((e) => e.job === 'ops-weekly' && typeof e.runId === 'string'));
      assert.equal(first.events[0]!.period, '2026-W47');
    });

    it('mails each stakeholder who takes health reports, once, with their formats attached', async () => {
      assert.deepEqual(recipientsOf(smtp), ['ana@example.com', 'ben@example.com']);
      const ana = smtp.mails.find((m) => m.to.includes('ana@example.com'))!;
      const ben = smtp.mails.find((m) => m.to.includes('ben@example.com'))!;
      assert.equal(ana.from, 'reports@example.com');
      assert.deepEqual(ana.parsed.attachments.map((a) => a.filename).sort(), [`${STEM}.html`, `${STEM}.pdf`]);
      assert.deepEqual(ben.parsed.attachments.map((a) => a.filename), [`${STEM}.html`]);
      const pdf = ana.parsed.attachments.find((a) => a.filename?.endsWith('.pdf'))!;
      assert.equal(pdf.contentType, 'application/pdf');
      assert.equal(pdf.content.subarray(0, 5).toString(), '%PDF-');
      assert.ok(pdf.content.equals(written.get(`${STEM}.pdf`)!), 'the attached PDF is the file written');
      const html = ben.parsed.attachments[0]!;
      assert.ok(html.content.equals(written.get(`${STEM}.html`)!), 'the attached HTML is the file written');
    });

    it('puts the title and period in the subject and the headline figures, formatted, in both bodies', async () => {
      const report = JSON.parse(written.get(`${STEM}.json`)!.toString('utf8')) as Report;
      assert.equal(report.headline.length, 4);
      for (const mail of smtp.mails) {
        assert.equal(mail.parsed.subject, `${report.title} — Week 47, 16–22 Nov 2026`);
        const html = String(mail.parsed.html);
        const text = mail.parsed.text ?? '';
        for (const kpi of report.headline) {
          const value = formatValue(kpi.value, kpi.unit);
          const change = formatChange(kpi.change, kpi.unit);
          assert.ok(text.includes(`${kpi.label}: ${value} (${change})`), `text: ${kpi.label}: ${value} (${change})`);
          assert.ok(html.includes(`>${value}</td>`) && html.includes(`>${change}</td>`), `html: ${kpi.label} ${value} ${change}`);
        }
      }
    });

    it('does nothing the second time: the ledger records the run as complete', () => {
      assert.equal(second.code, 0, second.stderr);
      assert.equal(smtp.mails.length, 2);
      assert.deepEqual(second.events.map((e) => [e.event, e.job, e.slot, e.reason]), [
        ['skipped', 'ops-weekly', '2026-11-23T06:00:00.000Z', 'this run completed earlier (ledger); --force runs it again'],
      ]);
    });

    it('with --force runs again, and the ledger still skips every recipient already mailed', async () => {
      const forced = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--force', '--config', s.config]);
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(smtp.mails.length, 2);
      assert.deepEqual(forced.events.filter((e) => e.event === 'skipped').map((e) => [e.recipient, e.reason]), [
        ['ana@example.com', 'already sent for this period (ledger)'],
        ['ben@example.com', 'already sent for this period (ledger)'],
      ]);
    });

    it('never shows the SMTP password', () => {
      for (const run of [first, second]) assert.ok(!run.stdout.includes(SMTP_PASSWORD) && !run.stderr.includes(SMTP_PASSWORD));
    });
  });

  it('two processes started together send each mail once; one that met the other\'s claim exits 1', async () => {
    const smtp = await smtpServer({ script: { delayMs: () => 300 } });
    const s = await scenario({ smtpPort: smtp.port });
    const args = ['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    for (const run of [a, b]) {
      const busy = run.events.filter((e) => e.event === 'failed');
      assert.ok(busy.every((e) => /^not sent by this run: run ops-weekly-\S+ \(pid \d+ on .+\) holds the claim/.test(String(e.reason))), run.stdout);
      assert.equal(run.code, busy.length > 0 ? 1 : 0, run.stderr);
    }
    assert.deepEqual(recipientsOf(smtp), ['ana@example.com', 'ben@example.com']);
    const delivered = [...a.events, ...b.events].filter((e) => e.event === 'delivered').map((e) => e.recipient);
    assert.deepEqual(delivered.sort(), ['ana@example.com', 'ben@example.com']);
    assert.deepEqual((await listFiles(s.ledger)).filter((f) => !f.endsWith('.sent') && !f.includes('/runs/')), [], 'no claim left behind');
  });

  it('a daily job of the week to date mails it once each day, not once per week', async () => {
    const smtp = await smtpServer();
    const s = await scenario({ smtpPort: smtp.port, schedule: '{ id: ops-daily, preset: daily, at: "07:00", period: this-week, reports: [dice-health] }' });
    const runs = [];
    for (const at of ['2026-11-24T07:00', '2026-11-25T07:00', '2026-11-25T07:00']) runs.push(await runCli(['run', 'ops-daily', '--demo', '--at', at, '--force', '--config', s.config]));
    for (const run of runs) assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.deepEqual(runs.map((r) => r.events.filter((e) => e.event === 'delivered').length), [2, 2, 0]);
    assert.deepEqual(recipientsOf(smtp), ['ana@example.com', 'ana@example.com', 'ben@example.com', 'ben@example.com']);
  });

  it('retries a 4xx reply and delivers once', async () => {
    const smtp = await smtpServer({ script: { refuse: (n) => (n < 2 ? { code: 451, text: '4.3.0 Mailbox temporarily unavailable' } : null) } });
    const s = await scenario({ smtpPort: smtp.port });
    const run = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(smtp.attempts, 4);
    assert.deepEqual(recipientsOf(smtp), ['ana@example.com', 'ben@example.com']);
    assert.deepEqual(run.events.filter((e) => e.event === 'delivered').map((e) => e.attempts), [3, 1]);
  });

  it('delivers once when the mail server is down and comes up while the run retries', async () => {
    const port = await reservePort();
    const s = await scenario({ smtpPort: port, retries: 8, retryDelayMs: 500 });
    let smtp: TestSmtp | undefined;
    const started = startCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config], (line) => {
      // The first send fails (nothing listens); the server starts while the run backs off.
      if (line.includes('"generated"')) setTimeout(() => void startSmtp({ port, auth: AUTH }).then((server) => ((smtp = server), cleanup.push(() => server.close()))), 400);
    });
    const run = await started.done;
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.ok(smtp, 'the server was started');
    assert.deepEqual(recipientsOf(smtp), ['ana@example.com', 'ben@example.com']);
    const attempts = run.events.filter((e) => e.event === 'delivered').map((e) => e.attempts as number);
    assert.ok(attempts[0]! >= 2, `the first mail needed retries (${attempts[0]})`);
  });

  it('a mail the server confirms too late is not sent again in the run: failed, outcome unknown, exit 1', async () => {
    const smtp = await smtpServer({ script: { delayMs: (n) => (n === 0 ? 2500 : 0) } });
    const s = await scenario({ smtpPort: smtp.port, socketTimeoutMs: 800, retryDelayMs: 10 });
    const run = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(run.code, 1, run.stderr + run.stdout);
    const failed = run.events.filter((e) => e.event === 'failed');
    assert.deepEqual(failed.map((e) => [e.recipient, e.status]), [['ana@example.com', 'unknown']]);
    assert.match(String(failed[0]!.reason), /the recipient may have received it/);
    assert.equal(smtp.attempts, 2, 'one try for each recipient');
    assert.deepEqual(run.events.filter((e) => e.event === 'delivered').map((e) => e.recipient), ['ben@example.com']);
  });

  it('a permanent refusal (5xx) fails that recipient, exits 1, and a later run sends only what is missing', async () => {
    const smtp = await smtpServer({ script: { refuse: (n) => (n === 0 ? { code: 550, text: '5.1.1 Mailbox unknown' } : null) } });
    const s = await scenario({ smtpPort: smtp.port });
    const first = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(first.code, 1, first.stderr);
    assert.equal(smtp.attempts, 2, 'the 550 is not retried');
    const failed = first.events.find((e) => e.event === 'failed')!;
    assert.equal(failed.code, 'DELIVERY');
    assert.match(String(failed.reason), /after 1 attempt: .*550/);
    assert.match(first.stderr, /ended partial/);
    const again = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(recipientsOf(smtp), ['ana@example.com', 'ben@example.com']);
  });

  it('an output folder that cannot be made writes nothing: the report failed, nothing mailed, exit 2', { skip: process.platform !== 'linux' && 'procfs is Linux\'s' }, async () => {
    const smtp = await smtpServer({});
    const s = await scenario({ smtpPort: smtp.port });
    const run = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--force', '--out', '/proc/obs-report-test', '--config', s.config]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /ended error: 0 report\(s\) written \(0 partial, 1 failed\)/);
    assert.ok(run.events.some((e) => e.event === 'failed' && /cannot be made there/.test(String(e.reason))));
    assert.equal(run.events.filter((e) => e.event === 'generated').length, 0);
    assert.equal(smtp.attempts, 0);
  });

  it("renders the report again with a stakeholder's own template, and mails them that one", async () => {
    const smtp = await smtpServer();
    const s = await scenario({ smtpPort: smtp.port, benTemplate: 'ops' });
    const dry = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--dry-run', '--config', s.config]);
    assert.match(dry.stdout, new RegExp(`would write: .*${STEM}\\.json, .*${STEM}\\.pdf, .*${STEM}\\.html, .*${STEM}-ops\\.html \\(template ops\\)`));
    assert.match(dry.stdout, /Ben Dev <ben@example\.com>: html \(template ops\) — would send/);
    const run = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.deepEqual(await listFiles(s.out), [`${STEM}-ops.html`, `${STEM}.html`, `${STEM}.json`, `${STEM}.pdf`]);
    const ana = smtp.mails.find((m) => m.to.includes('ana@example.com'))!;
    const ben = smtp.mails.find((m) => m.to.includes('ben@example.com'))!;
    assert.deepEqual(ana.parsed.attachments.map((a) => a.filename).sort(), [`${STEM}.html`, `${STEM}.pdf`]);
    assert.deepEqual(ben.parsed.attachments.map((a) => a.filename), [`${STEM}-ops.html`]);
    // The ops template's palette and stylesheet, in Ben's file only.
    const opsHtml = ben.parsed.attachments[0]!.content.toString('utf8');
    const defaultHtml = await readFile(join(s.out, `${STEM}.html`), 'utf8');
    assert.ok(opsHtml.includes('#0369a1') && opsHtml.includes('.status-log'), "Ben's HTML is made with the ops template");
    assert.ok(!defaultHtml.includes('.status-log'), "the report's own HTML is made with its template");
  });

  it('refuses a future --at (exit 2) unless --dry-run: it would mail a period not yet over and record it as sent', async () => {
    const smtp = await smtpServer();
    const s = await scenario({ smtpPort: smtp.port });
    const future = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const run = await runCli(['run', 'ops-weekly', '--demo', '--at', future, '--config', s.config]);
    assert.equal(run.code, 2, run.stderr + run.stdout);
    assert.match(run.stderr, /--at .* is in the future/);
    assert.match(run.stderr, /--dry-run/);
    assert.equal(smtp.attempts, 0);
    assert.deepEqual(await listFiles(s.dir), ['reports.config.yaml']);
    const dry = await runCli(['run', 'ops-weekly', '--demo', '--at', future, '--dry-run', '--config', s.config]);
    assert.equal(dry.code, 0, dry.stderr);
    // Seconds ahead is clock skew, not the future.
    const nearlyNow = await runCli(['run', 'ops-weekly', '--demo', '--at', new Date(Date.now() + 20_000).toISOString(), '--config', s.config]);
    assert.equal(nearlyNow.code, 0, nearlyNow.stderr);
  });

  it('--dry-run names the CSV files as the run writes them, <stem>-<table>.csv', async () => {
    const smtp = await smtpServer();
    const s = await scenario({ smtpPort: smtp.port, formats: ['csv'] });
    const dry = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--dry-run', '--config', s.config]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`would write: .*/${STEM}-<table>\\.csv, `));
    const run = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--config', s.config]);
    assert.equal(run.code, 0, run.stderr);
    const csv = (await listFiles(s.out)).filter((f) => f.endsWith('.csv'));
    assert.ok(csv.length > 1, csv.join());
    for (const f of csv) assert.match(f, new RegExp(`^${STEM}-[\\w-]+\\.csv$`));
  });

  it('--dry-run says what would be generated and sent, and sends nothing', async () => {
    const smtp = await smtpServer();
    const s = await scenario({ smtpPort: smtp.port });
    const run = await runCli(['run', 'ops-weekly', '--demo', '--at', AT, '--dry-run', '--config', s.config]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Report dice-health \(health, dice\), period Week 47, 16–22 Nov 2026 \[last-week\]/);
    assert.match(run.stdout, new RegExp(`would write: .*${STEM}\\.json, .*${STEM}\\.pdf, .*${STEM}\\.html`));
    assert.match(run.stdout, /Ana Ops <ana@example\.com>: pdf, html — would send/);
    assert.match(run.stdout, /Ben Dev <ben@example\.com>: html — would send/);
    assert.equal(smtp.attempts, 0);
    assert.deepEqual(await listFiles(s.dir), ['reports.config.yaml']);
  });
});
