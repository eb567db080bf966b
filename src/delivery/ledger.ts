/**
 * The delivery ledger: files in a folder (on Kubernetes, a volume the job's pods share) that
 * make "this job, this period, this report, this recipient" happen once, even when a
 * CronJob is retried or two pods start at the same time. Protocol per delivery:
 *   claim  -> create `<key>.claim` exclusively (open 'wx'): of two racing runs one wins;
 *   send   -> only the winner sends;
 *   mark   -> write `<key>.sent` atomically, then drop the claim.
 * A claim older than the timeout was left by a crashed run: exactly one run takes it over
 * (by creating `<key>.takeover-<claim id>` exclusively). Sent records are never removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ObsReportError } from '../errors.js';
import { makeDir } from './make-dir.js';
import { createExclusive, exists, readClaim } from './exclusive-files.js';
import { safeName, writeFileAtomic } from './files.js';

/** What is delivered once: a report of a job for a period, to one recipient (an address, or `webhook`). */
export interface DeliveryKey {
  job: string;
  period: string;
  report: string;
  recipient: string;
}

/** The content of a claim file. */
export interface ClaimRecord {
  claimId: string;
  runId: string;
  host: string;
  pid: number;
  /** Epoch ms when claimed. */
  at: number;
}

/** A claim this process holds. */
export interface Claim {
  key: DeliveryKey;
  record: ClaimRecord;
}

/** Outcome of trying to claim a delivery. */
export type ClaimResult = { status: 'claimed'; claim: Claim } | { status: 'sent' } | { status: 'busy'; holder: ClaimRecord };

/** Ledger settings. */
export interface LedgerOptions {
  dir: string;
  claimTimeoutMs: number;
  /** Epoch ms now (the scheduler's clock). */
  now: () => number;
}

/** The delivery ledger in one folder. */
export class Ledger {
  constructor(private readonly options: LedgerOptions) {}

  /** Where a delivery's files live (without extension). */
  pathOf(key: DeliveryKey): string {
    const hash = createHash('sha256').update(key.recipient).digest('hex').slice(0, 10);
    return join(this.options.dir, safeName(key.job), safeName(key.period), safeName(key.report), `${safeName(key.recipient)}-${hash}`);
  }

  /** Whether a delivery is done, claimed by a run, or open (for --dry-run; changes nothing). */
  async status(key: DeliveryKey): Promise<'sent' | 'claimed' | 'open'> {
    const base = this.pathOf(key);
    if (await exists(`${base}.sent`)) return 'sent';
    return (await exists(`${base}.claim`)) ? 'claimed' : 'open';
  }

  /** Claims a delivery for `runId`: 'claimed' means this run must send it and then mark or release it. */
  async claim(key: DeliveryKey, runId: string): Promise<ClaimResult> {
    const base = this.pathOf(key);
    await this.guard(() => makeDir(dirname(base)));
    if (await exists(`${base}.sent`)) return { status: 'sent' };
    const record: ClaimRecord = { claimId: randomBytes(8).toString('hex'), runId, host: hostname(), pid: process.pid, at: this.options.now() };
    // Two tries: a claim released between our attempt and our read is simply free again.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await createExclusive(`${base}.claim`, JSON.stringify(record))) return this.confirm(key, record);
      const holder = await readClaim(`${base}.claim`);
      if (!holder) continue;
      if (this.options.now() - holder.at < this.options.claimTimeoutMs) return { status: 'busy', holder };
      // Stale: only the run that creates the takeover file for this very claim may replace it.
      if (!(await createExclusive(`${base}.takeover-${safeName(holder.claimId)}`, JSON.stringify(record)))) return { status: 'busy', holder };
      await this.guard(() => writeFileAtomic(`${base}.claim`, JSON.stringify(record)));
      return this.confirm(key, record);
    }
    const holder = await readClaim(`${base}.claim`);
    return holder ? { status: 'busy', holder } : { status: 'busy', holder: record };
  }

  /** Records a delivery as done (atomically), then drops the claim. */
  async markSent(claim: Claim, details: Record<string, unknown>): Promise<void> {
    const base = this.pathOf(claim.key);
    const record = { ...claim.key, runId: claim.record.runId, sentAt: new Date(this.options.now()).toISOString(), ...details };
    await this.guard(() => writeFileAtomic(`${base}.sent`, `${JSON.stringify(record, null, 2)}\n`));
    await this.release(claim);
  }

  /** Gives a claim back (the delivery failed or the run stops), so another run may try at once. */
  async release(claim: Claim): Promise<void> {
    const base = this.pathOf(claim.key);
    const holder = await readClaim(`${base}.claim`);
    // Never remove a claim another run took over in the meantime.
    if (holder?.claimId === claim.record.claimId) await rm(`${base}.claim`, { force: true });
    const folder = dirname(base);
    const prefix = `${basename(base)}.takeover-`;
    const names = await readdir(folder).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(join(folder, n), { force: true })));
  }

  /** Marks a whole run of a job as complete (so `schedule --once` does not run it again). */
  async markRunDone(job: string, slot: number, details: Record<string, unknown>): Promise<void> {
    await this.guard(() => writeFileAtomic(this.runPath(job, slot), `${JSON.stringify({ job, slot: new Date(slot).toISOString(), ...details }, null, 2)}\n`));
  }

  /** Whether the run of `job` for the scheduled instant `slot` completed. */
  isRunDone(job: string, slot: number): Promise<boolean> {
    return exists(this.runPath(job, slot));
  }

  private runPath(job: string, slot: number): string {
    return join(this.options.dir, safeName(job), 'runs', `${new Date(slot).toISOString().replace(/[:.]/g, '')}.json`);
  }

  /** After winning a claim: a run that finished between our check and our claim already sent it. */
  private async confirm(key: DeliveryKey, record: ClaimRecord): Promise<ClaimResult> {
    const claim = { key, record };
    if (!(await exists(`${this.pathOf(key)}.sent`))) return { status: 'claimed', claim };
    await this.release(claim);
    return { status: 'sent' };
  }

  private async guard<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new ObsReportError('DELIVERY', `the delivery ledger in ${this.options.dir} cannot be written: ${(error as Error).message}`, {
        hint: 'Check delivery.ledger.dir: it must be a writable folder (on Kubernetes, a mounted volume).',
        cause: error,
      });
    }
  }
}
