/**
 * Writing outputs atomically: each file is written to a temporary name in the same folder and
 * renamed into place, so a reader (or a mail job) never sees half a report, and a failed or
 * interrupted run leaves no partial file behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ObsReportError } from '../errors.js';

/** Temp files still being written, removed if the process is asked to stop mid-write. */
const pending = new Set<string>();

/** Writes `data` to `path` atomically; creates the folder if needed. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    pending.add(temp);
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    // Best effort: the write's own error is what the user needs to see.
    await rm(temp, { force: true }).catch(() => undefined);
    throw new ObsReportError('OUTPUT', `could not write ${path}: ${(error as Error).message}`, {
      hint: 'Check that the output folder (--out) exists or can be created and is writable.',
      cause: error,
    });
  } finally {
    pending.delete(temp);
  }
}

/** Removes temp files of writes in progress (called on SIGTERM/SIGINT). */
export async function abandonPendingWrites(): Promise<void> {
  await Promise.all([...pending].map((p) => rm(p, { force: true })));
}

/** A file name part made safe: letters, digits, dot, dash and underscore only. */
export function safeName(part: string): string {
  const cleaned = part.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned.slice(0, 80) || 'report';
}
