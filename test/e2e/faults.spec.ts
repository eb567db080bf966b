/**
 * Backends that fail: a Loki that answers 5xx, 429, too slowly, with malformed or truncated
 * JSON, with a limit error, or hangs up. The affected sections are marked unavailable with the
 * reason, the rest of the report is produced, the exit code is 1, and no partial file is left.
 * Wrong credentials are one clear error, not a retry storm.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { lokiFaults, type FaultPlan } from '../fakes/loki/index.js';
import { startFakeGrafana } from '../fakes/grafana/index.js';
import { runCli } from '../helpers/cli.js';
import { startStack, type Stack } from '../helpers/stack.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const HOUR_OF_WEEK = /\[1h\]/;
const FEATURES = /feature_used/;
const SESSION_LENGTHS = /session_end/;

describe('failing backends give partial reports', { timeout: 600_000 }, () => {
  let stack: Stack;
  let run = 0;
  before(async () => {
    stack = await startStack({ now: NOW, seed: 3, users: 40, historyDays: 30, apps: ['dice'], lokiSettings: 'retries: 2\ntimeoutMs: 1500' });
  });
  after(() => stack.stop());

  /** Runs the dice usage report with `faults` armed; returns the exit code, stderr, the report and the files written. */
  async function usageWith(faults: FaultPlan) {
    stack.loki.setFaults(faults);
    const out = join(stack.dir, `out-${++run}`);
    const result = await runCli(['generate', '--config', stack.config, '--app', 'dice', '--format', 'json,html', '--period', 'last-week', '--now', new Date(NOW).toISOString(), '--out', out]);
    stack.loki.setFaults([]);
    const files = await readdir(out).catch(() => [] as string[]);
    assert.deepEqual(files.filter((f) => f.startsWith('.') || f.endsWith('.tmp')), [], 'no temporary or partial file left');
    const json = files.find((f) => f.endsWith('.json'));
    const report = json ? (JSON.parse(await readFile(join(out, json), 'utf8')) as Report) : undefined;
    return { ...result, report, files };
  }

  function assertOnlyUnavailable(report: Report | undefined, sectionId: string, reason: RegExp): void {
    assert.ok(report, 'a report was written');
    assert.equal(report.status, 'partial');
    assert.deepEqual(report.appendix.unavailable.map((u) => u.section), [sectionId]);
    assert.match(report.appendix.unavailable[0]!.reason, reason);
    for (const section of report.sections) {
      const unavailable = section.blocks.some((b) => b.kind === 'unavailable');
      assert.equal(unavailable, section.id === sectionId, `section ${section.id}`);
    }
  }

  it('5xx that outlasts the retries: that section is unavailable, exit 1, both formats written', async () => {
    const r = await usageWith([{ fault: lokiFaults.unavailable503(), times: 1000, query: HOUR_OF_WEEK }]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.files.length, 2);
    assertOnlyUnavailable(r.report, 'when', /503/);
    assert.match(r.stderr, /partial/);
    const faulted = stack.loki.requests.filter((q) => q.status === 503).length;
    assert.ok(faulted >= 3 && faulted <= 6, `retried a bounded number of times (${faulted} requests)`);
  });

  it('429 with Retry-After, then success: complete, exit 0', async () => {
    const before429 = stack.loki.requests.filter((q) => q.status === 429).length;
    const r = await usageWith([{ fault: lokiFaults.tooManyRequests429(1), times: 2, query: FEATURES }]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.report?.status, 'complete');
    assert.equal(stack.loki.requests.filter((q) => q.status === 429).length - before429, 2);
  });

  it('slower than the timeout: unavailable with the timeout named', async () => {
    const r = await usageWith([{ fault: { kind: 'delay', ms: 4000 }, times: 1000, query: FEATURES }]);
    assert.equal(r.code, 1, r.stderr);
    assertOnlyUnavailable(r.report, 'features', /tim(e|ed) ?out/i);
  });

  it('malformed JSON: unavailable, never zeros', async () => {
    const r = await usageWith([{ fault: { kind: 'malformed-json' }, times: 1000, query: SESSION_LENGTHS }]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.report);
    // Session statistics are one dataset, shared by the sessions and top-users sections.
    assert.deepEqual(r.report.appendix.unavailable.map((u) => u.section).sort(), ['sessions', 'top-users']);
    assert.match(r.report.appendix.unavailable[0]!.reason, /JSON|malformed|parse/i);
    const headline = r.report.headline.find((k) => k.id === 'median_session');
    assert.equal(headline?.value, null, 'the cover shows n/a, not 0');
  });

  it('truncated JSON: unavailable', async () => {
    const r = await usageWith([{ fault: { kind: 'truncated-json' }, times: 1000, query: HOUR_OF_WEEK }]);
    assert.equal(r.code, 1, r.stderr);
    assertOnlyUnavailable(r.report, 'when', /JSON|truncated|parse/i);
  });

  it("a limit error names Loki's limit", async () => {
    const r = await usageWith([{ fault: lokiFaults.responseTooLarge500(), times: 1000, query: HOUR_OF_WEEK }]);
    assert.equal(r.code, 1, r.stderr);
    assertOnlyUnavailable(r.report, 'when', /4194304|4 MiB|too large/i);
  });

  it('a connection closed without an answer: unavailable', async () => {
    const r = await usageWith([{ fault: { kind: 'close' }, times: 1000, query: HOUR_OF_WEEK }]);
    assert.equal(r.code, 1, r.stderr);
    assertOnlyUnavailable(r.report, 'when', /.+/);
  });
});

describe('wrong credentials', { timeout: 120_000 }, () => {
  it('give one clear error and no retry storm', async () => {
    const grafana = await startFakeGrafana({ token: 'glsa_right' });
    try {
      const stack = await startStack({ now: NOW, seed: 3, users: 20, historyDays: 10, apps: ['dice'] });
      try {
        const config = join(stack.dir, 'grafana.yaml');
        await writeFile(
          config,
          `version: 1\ndatasources:\n  grafana: { url: "${grafana.url}", auth: { bearer: "glsa_wrong_secret" }, retries: 3 }\nsources: { activity: grafana }\napps:\n  - { id: dice, name: Dice }\n`,
        );
        const r = await runCli(['generate', '--config', config, '--app', 'dice', '--format', 'json', '--now', new Date(NOW).toISOString(), '--out', join(stack.dir, 'out')]);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /Invalid API key|401/);
        assert.match(r.stderr, /token/i);
        assert.doesNotMatch(r.stderr + r.stdout, /glsa_wrong_secret/, 'the token is never printed');
        assert.equal(grafana.requests.length, 1, 'one request, no retries');
      } finally {
        await stack.stop();
      }
    } finally {
      await grafana.stop();
    }
  });
});

describe('a Loki whose write deadline cuts a long query', { timeout: 120_000 }, () => {
  it('says the server cut it and which setting to raise, not that Loki cannot be reached; retries once, not three times', async () => {
    // Loki's default deadline is 30 s; here 5 s, with one question 5.5 s slow.
    const stack = await startStack({ now: NOW, seed: 3, users: 20, historyDays: 10, apps: ['dice'], loki: { limits: { httpServerWriteTimeout: '5s' } }, lokiSettings: 'retries: 3\ntimeoutMs: 60000' });
    try {
      stack.loki.setFaults([{ fault: { kind: 'delay', ms: 5500 }, times: 1000, query: FEATURES }]);
      const out = join(stack.dir, 'out');
      const r = await runCli(['generate', '--config', stack.config, '--app', 'dice', '--format', 'json', '--period', 'last-week', '--now', new Date(NOW).toISOString(), '--out', out]);
      assert.equal(r.code, 1, r.stderr);
      const hungUp = stack.loki.requests.filter((q) => q.status === 0).map((q) => JSON.stringify([q.path, q.query]));
      assert.ok(hungUp.length > 0);
      assert.equal(hungUp.length, 2 * new Set(hungUp).size, 'each cut query asked twice: one retry of the three allowed');
      const [json] = (await readdir(out)).filter((f) => f.endsWith('.json'));
      const report = JSON.parse(await readFile(join(out, json!), 'utf8')) as Report;
      assert.deepEqual(report.appendix.unavailable.map((u) => u.section), ['features']);
      const { reason } = report.appendix.unavailable[0]!;
      assert.match(reason, /closed the connection [5-9] s after GET \/loki\/api\/v1\/query.* was sent, without answering/);
      assert.match(reason, /http_server_write_timeout/);
      assert.doesNotMatch(reason, /could not be reached|--demo/);
    } finally {
      await stack.stop();
    }
  });
});
