import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Config } from '../config/schema.js';
import { Ledger } from '../delivery/ledger.js';
import { holdReport } from './deliver.js';
import type { RunEvent } from './events.js';
import type { PlannedReport } from './plan.js';

describe('holdReport: a partial report the daemon will make again', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('sends nothing, logs each delivery not yet done as held, and what the ledger says was sent as skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obs-hold-'));
    dirs.push(dir);
    const ledger = new Ledger({ dir, claimTimeoutMs: 60_000, now: () => Date.now() });
    // Ana was mailed by an earlier run for this period.
    const ana = { job: 'ops-weekly', period: '2026-W47', report: 'dice-health', recipient: 'ana@example.com' };
    const claimed = await ledger.claim(ana, 'earlier-run');
    assert.equal(claimed.status, 'claimed');
    if (claimed.status === 'claimed') await ledger.markSent(claimed.claim, {});
    const events: RunEvent[] = [];
    const config = { delivery: { webhook: { kind: 'slack', url: 'https://hooks.example.com/T0/B0/secret' } } } as unknown as Config;
    const item = {
      report: { id: 'dice-health' },
      period: { slug: '2026-W47' },
      ledgerPeriod: '2026-W47',
      recipients: [{ name: 'Ana', email: 'ana@example.com', formats: ['pdf'] }, { name: 'Ben', email: 'ben@example.com', formats: ['html'] }],
    } as unknown as PlannedReport;
    const tally = await holdReport({ job: 'ops-weekly', runId: 'r2', config, outDir: dir, ledger, mailer: null, clock: { now: () => Date.now(), sleep: async () => undefined }, log: (e) => events.push(e), signal: new AbortController().signal }, item);
    assert.deepEqual(tally, { delivered: 0, skipped: 1, elsewhere: 0, failures: 0, held: 2 });
    assert.deepEqual(events.map((e) => [e.event, e.channel, e.recipient, e.status ?? null]), [
      ['skipped', 'email', 'ana@example.com', null],
      ['skipped', 'email', 'ben@example.com', 'held'],
      ['skipped', 'webhook', 'slack', 'held'],
    ]);
    assert.ok(!JSON.stringify(events).includes('secret'), 'the webhook URL is not logged');
    // Nothing was claimed for Ben or the webhook: the next run sends them.
    assert.equal(await ledger.status({ ...ana, recipient: 'ben@example.com' }), 'open');
    assert.equal(await ledger.status({ ...ana, recipient: 'webhook-slack' }), 'open');
  });
});
