/**
 * The file operations the delivery ledger is built on: creating a file only if it does not
 * exist (O_EXCL, which local disks and NFS, CephFS, EFS and Azure Files volumes honour), and
 * reading a claim that another process may be writing at that moment.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { ObsReportError } from '../errors.js';
import type { ClaimRecord } from './ledger.js';

/** Creates `path` only if it does not exist; false when another process was first. */
export async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ObsReportError('DELIVERY', `cannot create ${path} in the delivery ledger: ${(error as Error).message}`, {
      hint: 'Check delivery.ledger.dir: it must be a writable folder (on Kubernetes, a mounted volume).',
      cause: error,
    });
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** A claim file's record; one still being written counts as fresh (its mtime); null when it is gone. */
export async function readClaim(path: string): Promise<ClaimRecord | null> {
  try {
    const text = await readFile(path, 'utf8');
    try {
      return JSON.parse(text) as ClaimRecord;
    } catch {
      const { mtimeMs } = await stat(path);
      return { claimId: `partial-${Math.round(mtimeMs)}`, runId: 'unknown', host: 'unknown', pid: 0, at: mtimeMs };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Whether a file exists (any error counts as no: the caller then tries to create it, which reports real problems). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
