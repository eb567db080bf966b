/**
 * Writing outputs atomically: each file is written to a temporary name in the same folder and
 * renamed into place, so a reader (or a mail job) never sees half a report, and a failed or
 * interrupted run leaves no partial file behind.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ObsReportError } from '../errors.js';
import { makeDir } from './make-dir.js';

/** Temp files still being written, each with its write, removed if the process is asked to stop mid-write. */
const pending = new Map<string, Promise<unknown>>();
/** Set by abandonPendingWrites: the process is stopping, so no new file is started. */
let abandoned = false;
/** How long abandonPendingWrites lets writes in flight finish (a few MB to a local disk). */
const SETTLE_MS = 5000;

/** Writes `data` to `path` atomically; creates the folder if needed. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await makeDir(dir);
    if (abandoned) throw new Error('obs-report is stopping');
    const write = writeFile(temp, data).then(() => rename(temp, path));
    pending.set(temp, write);
    await write;
  } catch (error) {
    // Best effort: the write's own error is what the user needs to see.
    await rm(temp, { force: true }).catch(() => undefined);
    throw new ObsReportError('OUTPUT', `could not write ${path}: ${whyNotWritten(error, path)}`, {
      hint: abandoned ? 'Run it again to produce the file.' : 'Check that the output folder (--out) exists or can be created and is writable.',
      cause: error,
    });
  } finally {
    pending.delete(temp);
  }
}

/** What went wrong writing `path`, in words for the common cases (Node's own message otherwise). */
export function whyNotWritten(error: unknown, path: string): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EEXIST' || code === 'ENOTDIR') return `${dirname(path)}, or a folder above it, is a file, not a folder`;
  if (code === 'EISDIR') return 'a folder of that name is in the way';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  // After its parent was found or made: a folder that cannot exist there (e.g. under /proc).
  if (code === 'ENOENT') return `the folder ${dirname(path)} cannot be made there`;
  return message;
}

/**
 * Called on SIGTERM/SIGINT when a run is abandoned: refuses new writes from now on, lets the
 * writes in flight end (each then either renamed into place whole or removed), and removes
 * any temp file still there, so exiting right after leaves no partial file.
 */
export async function abandonPendingWrites(): Promise<void> {
  abandoned = true;
  const inFlight = [...pending.values()].map((w) => w.catch(() => undefined));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(inFlight), new Promise((resolve) => (timer = setTimeout(resolve, SETTLE_MS)))]);
  clearTimeout(timer);
  await Promise.all([...pending.keys()].map((p) => rm(p, { force: true })));
}

/** A file name part made safe: letters, digits, dot, dash and underscore only. */
export function safeName(part: string): string {
  const cleaned = part.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned.slice(0, 80) || 'report';
}
