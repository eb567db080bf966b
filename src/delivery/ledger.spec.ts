import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { abandonment, Ledger, THIS_PROCESS, type ClaimRecord, type DeliveryKey } from './ledger.js';

const MINUTE = 60_000;

describe('the delivery ledger', async () => {
  const root = await mkdtemp(join(tmpdir(), 'obs-ledger-'));
  after(() => rm(root, { recursive: true, force: true }));
  let n = 0;
  const fresh = async (timeoutMs = 30 * MINUTE) => {
    let now = Date.parse('2026-11-23T06:00:00Z');
    const dir = join(root, String(n++));
    const make = () => new Ledger({ dir, claimTimeoutMs: timeoutMs, now: () => now });
    return { dir, make, ledger: make(), advance: (ms: number) => (now += ms) };
  };
  const key: DeliveryKey = { job: 'weekly', period: '2026-W47', report: 'dice-usage', recipient: 'dana@example.com' };

  it('claims, marks sent, and then skips the delivery for good', async () => {
    const { ledger } = await fresh();
    assert.equal(await ledger.status(key), 'open');
    const first = await ledger.claim(key, 'run-1');
    assert.equal(first.status, 'claimed');
    assert.equal(await ledger.status(key), 'claimed');
    if (first.status !== 'claimed') return;
    await ledger.markSent(first.claim, { messageId: '<m1@x>' });
    assert.equal(await ledger.status(key), 'sent');
    assert.deepEqual(await ledger.claim(key, 'run-2'), { status: 'sent' });
    const record = JSON.parse(await readFile(`${ledger.pathOf(key)}.sent`, 'utf8')) as Record<string, unknown>;
    assert.equal(record.runId, 'run-1');
    assert.equal(record.messageId, '<m1@x>');
    assert.equal(record.recipient, 'dana@example.com');
  });

  it('lets exactly one of many concurrent claimers win', async () => {
    const { make } = await fresh();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => make().claim(key, `run-${i}`)));
    assert.equal(results.filter((r) => r.status === 'claimed').length, 1);
    assert.equal(results.filter((r) => r.status === 'busy').length, 11);
  });

  it('a released claim (failed send) can be claimed again at once', async () => {
    const { ledger } = await fresh();
    const first = await ledger.claim(key, 'run-1');
    assert.equal(first.status, 'claimed');
    if (first.status === 'claimed') await ledger.release(first.claim);
    assert.equal((await ledger.claim(key, 'run-2')).status, 'claimed');
  });

  it('takes over a claim left by a crashed run only after the timeout, and only once', async () => {
    const { ledger, make, advance } = await fresh(10 * MINUTE);
    const crashed = await ledger.claim(key, 'crashed-run');
    assert.equal(crashed.status, 'claimed');
    advance(9 * MINUTE);
    const early = await ledger.claim(key, 'run-2');
    assert.equal(early.status, 'busy');
    assert.equal(early.status === 'busy' && early.holder.runId, 'crashed-run');
    advance(2 * MINUTE);
    const racers = await Promise.all(Array.from({ length: 6 }, (_, i) => make().claim(key, `taker-${i}`)));
    const winners = racers.filter((r) => r.status === 'claimed');
    assert.equal(winners.length, 1);
    const winner = winners[0]!;
    if (winner.status !== 'claimed') return;
    // The crashed run's late release must not drop the new holder's claim.
    if (crashed.status === 'claimed') await ledger.release(crashed.claim);
    assert.equal(await ledger.status(key), 'claimed');
    await ledger.markSent(winner.claim, {});
    const files = await readdir(join(ledger.pathOf(key), '..'));
    assert.deepEqual(files.map((f) => f.replace(/^dana-example.com-[0-9a-f]+/, 'R')), ['R.sent']);
  });

  it('treats a claim file still being written (no content yet) as fresh by its mtime, and as stale once old', async () => {
    const { dir } = await fresh();
    const at = (offsetMs: number) => new Ledger({ dir, claimTimeoutMs: MINUTE, now: () => Date.now() + offsetMs });
    const base = at(0).pathOf(key);
    await at(0).claim({ ...key, recipient: 'other@example.com' }, 'creates-the-folder');
    await writeFile(`${base}.claim`, '');
    assert.equal((await at(0).claim(key, 'run-2')).status, 'busy');
    assert.equal((await at(2 * MINUTE).claim(key, 'run-3')).status, 'claimed');
  });

  it('takes over at once a claim made on this host by a process that is gone, and only once', async () => {
    const { dir, make } = await fresh(10 * MINUTE);
    // Above Linux's largest pid_max (2^22): no process has it.
    const dead = { host: THIS_PROCESS.host, pid: 2 ** 22 + 1, process: 'dead-process' };
    const crashed = await new Ledger({ dir, claimTimeoutMs: 10 * MINUTE, now: () => Date.now(), self: dead }).claim(key, 'crashed-run');
    assert.equal(crashed.status, 'claimed');
    assert.equal(await make().status(key), 'abandoned');
    const racers = await Promise.all(Array.from({ length: 6 }, (_, i) => make().claim(key, `taker-${i}`)));
    assert.equal(await make().status({ ...key, recipient: 'nobody@example.com' }), 'open');
    const winners = racers.filter((r) => r.status === 'claimed');
    assert.equal(winners.length, 1);
    // The losers name the run that took the claim over, not the dead one.
    for (const r of racers) if (r.status === 'busy') assert.match(r.holder.runId, /^taker-/);
  });

  it('leaves a claim of a live process, or of another host, to the lease', async () => {
    const { dir, make, advance } = await fresh(10 * MINUTE);
    const other = new Ledger({ dir, claimTimeoutMs: 10 * MINUTE, now: () => Date.parse('2026-11-23T06:00:00Z'), self: { host: 'another-pod', pid: 2 ** 22 + 1, process: 'p' } });
    assert.equal((await other.claim(key, 'remote-run')).status, 'claimed');
    assert.equal(await make().status(key), 'claimed');
    const early = await make().claim(key, 'run-2');
    assert.equal(early.status, 'busy');
    assert.equal(early.status === 'busy' && early.expiresAt, Date.parse('2026-11-23T06:10:00Z'));
    advance(10 * MINUTE);
    assert.equal((await make().claim(key, 'run-3')).status, 'claimed');
  });

  it('tells abandoned claims by lease, host, pid and process id', () => {
    const self = { host: 'h1', pid: 42, process: 'me' };
    const holder = (over: Partial<ClaimRecord>): ClaimRecord => ({ claimId: 'c', runId: 'r', host: 'h1', pid: 77, process: 'p', at: 0, ...over });
    const alive = (pids: number[]) => (pid: number) => pids.includes(pid);
    assert.equal(abandonment(holder({}), 1000, 5000, self, alive([77])), null);
    assert.equal(abandonment(holder({}), 1000, 5000, self, alive([])), 'owner-gone');
    assert.equal(abandonment(holder({}), 5000, 5000, self, alive([77])), 'expired');
    assert.equal(abandonment(holder({ host: 'h2' }), 1000, 5000, self, alive([])), null, 'another host: its pids mean nothing here');
    assert.equal(abandonment(holder({ pid: 42, process: 'me' }), 1000, 5000, self, alive([42])), null, 'this very process');
    assert.equal(abandonment(holder({ pid: 42, process: 'before-restart' }), 1000, 5000, self, alive([42])), 'owner-gone', 'an earlier process with our pid');
    assert.equal(abandonment(holder({ pid: 0, host: 'unknown' }), 1000, 5000, self, alive([])), null, 'a claim still being written');
  });

  it('records completed runs', async () => {
    const { ledger } = await fresh();
    const slot = Date.parse('2026-11-23T06:00:00Z');
    assert.equal(await ledger.isRunDone('weekly', slot), false);
    await ledger.markRunDone('weekly', slot, { runId: 'run-1' });
    assert.equal(await ledger.isRunDone('weekly', slot), true);
    assert.equal(await ledger.isRunDone('weekly', slot + 1000), false);
  });
});
