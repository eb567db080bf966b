/**
 * The delivery ledger: files in a folder (on Kubernetes, a volume the job's pods share) that
 * make "this job, this period, this report, this recipient" happen once, even when a
 * CronJob is retried or two pods start at the same time. Protocol per delivery:
 *   claim  -> create `<key>.claim` exclusively (open 'wx'): of two racing runs one wins;
 *   send   -> only the winner sends;
 *   mark   -> write `<key>.sent` atomically, then drop the claim.
 * A claim is abandoned when its run is provably dead (it was made on this host and its process
 * is gone) or when it is older than the lease (claimTimeoutMs): exactly one run takes it over
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
  /**
   * Random id of the process that claimed (absent in claims of older versions): tells a
   * process apart from a later one that got the same pid, as a restarted container's does.
   */
  process?: string;
  /** Epoch ms when claimed. */
  at: number;
}

/** A claim this process holds. */
export interface Claim {
  key: DeliveryKey;
  record: ClaimRecord;
}

/** Outcome of trying to claim a delivery. */
export type ClaimResult = { status: 'claimed'; claim: Claim } | { status: 'sent' } | { status: 'busy'; holder: ClaimRecord; expiresAt: number };

/** This process as a claim names it. */
export interface ClaimOwner {
  host: string;
  pid: number;
  process: string;
}

/** This process: its host name, pid and a random id made once per process. */
export const THIS_PROCESS: ClaimOwner = { host: hostname(), pid: process.pid, process: randomBytes(8).toString('hex') };

/** Whether a process with this pid exists on this host (EPERM: it exists, owned by another user). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why a claim may be taken over, or null while its run may still be sending: 'expired' when
 * it is older than the lease; 'owner-gone' when it was made on this host (same host name) by a
 * process that no longer exists, or by an earlier process that had this process's pid.
 */
export function abandonment(holder: ClaimRecord, now: number, leaseMs: number, self: ClaimOwner, alive: (pid: number) => boolean): 'expired' | 'owner-gone' | null {
  if (now - holder.at >= leaseMs) return 'expired';
  if (holder.host !== self.host || !Number.isInteger(holder.pid) || holder.pid <= 0) return null;
  if (holder.pid === self.pid) return holder.process === self.process ? null : 'owner-gone';
  return alive(holder.pid) ? null : 'owner-gone';
}

/** Ledger settings. */
export interface LedgerOptions {
  dir: string;
  /** The lease: a claim older than this is taken over even if its process may still exist. */
  claimTimeoutMs: number;
  /** Epoch ms now (the scheduler's clock). */
  now: () => number;
  /** This process (tests stand in for others). Default: THIS_PROCESS. */
  self?: ClaimOwner;
  /** Whether a pid exists on this host. Default: pidExists. */
  alive?: (pid: number) => boolean;
}

/** The delivery ledger in one folder. */
export class Ledger {
  constructor(private readonly options: LedgerOptions) {}

  /** Where a delivery's files live (without extension). */
  pathOf(key: DeliveryKey): string {
    const hash = createHash('sha256').update(key.recipient).digest('hex').slice(0, 10);
    return join(this.options.dir, safeName(key.job), safeName(key.period), safeName(key.report), `${safeName(key.recipient)}-${hash}`);
  }

  /** Whether a delivery is done, claimed by a run, claimed but abandoned (a run would take it over), or open (for --dry-run; changes nothing). */
  async status(key: DeliveryKey): Promise<'sent' | 'claimed' | 'abandoned' | 'open'> {
    const base = this.pathOf(key);
    if (await exists(`${base}.sent`)) return 'sent';
    const holder = await readClaim(`${base}.claim`).catch(() => null);
    if (!holder) return 'open';
    return this.abandonment(holder) === null ? 'claimed' : 'abandoned';
  }

  /** Claims a delivery for `runId`: 'claimed' means this run must send it and then mark or release it. */
  async claim(key: DeliveryKey, runId: string): Promise<ClaimResult> {
    const base = this.pathOf(key);
    await this.guard(() => makeDir(dirname(base)));
    if (await exists(`${base}.sent`)) return { status: 'sent' };
    const self = this.options.self ?? THIS_PROCESS;
    const record: ClaimRecord = { claimId: randomBytes(8).toString('hex'), runId, host: self.host, pid: self.pid, process: self.process, at: this.options.now() };
    const busy = (holder: ClaimRecord): ClaimResult => ({ status: 'busy', holder, expiresAt: holder.at + this.options.claimTimeoutMs });
    // Two tries: a claim released between our attempt and our read is simply free again.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await createExclusive(`${base}.claim`, JSON.stringify(record))) return this.confirm(key, record);
      const holder = await readClaim(`${base}.claim`);
      if (!holder) continue;
      if (this.abandonment(holder) === null) return busy(holder);
      // Abandoned: only the run that creates the takeover file for this very claim may replace it.
      const takeover = `${base}.takeover-${safeName(holder.claimId)}`;
      // Another run won the takeover: it is the holder now.
      if (!(await createExclusive(takeover, JSON.stringify(record)))) return busy((await readClaim(takeover).catch(() => null)) ?? holder);
      await this.guard(() => writeFileAtomic(`${base}.claim`, JSON.stringify(record)));
      return this.confirm(key, record);
    }
    const holder = await readClaim(`${base}.claim`);
    return busy(holder ?? record);
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

  /** Whether `holder`'s claim may be taken over by this process now (see abandonment). */
  private abandonment(holder: ClaimRecord): 'expired' | 'owner-gone' | null {
    return abandonment(holder, this.options.now(), this.options.claimTimeoutMs, this.options.self ?? THIS_PROCESS, this.options.alive ?? pidExists);
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
