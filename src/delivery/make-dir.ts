/**
 * `mkdir -p` that always ends. Node's recursive mkdir spins at full CPU, never returning, when a
 * folder's parent exists but the folder cannot be made there and the system answers ENOENT, as
 * procfs does for /proc/x and as a dangling symlink does (`--out /proc/x` hung obs-report). Here
 * an ENOENT after the parent was made or found is final.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** Makes `dir` and the folders above it as needed; an existing folder is fine, an existing file is EEXIST. */
export async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (error) {
    if (codeOf(error) === 'EEXIST' && (await stat(dir).catch(() => null))?.isDirectory()) return;
    const parent = dirname(dir);
    if (codeOf(error) !== 'ENOENT' || parent === dir) throw error;
    await makeDir(parent);
  }
  try {
    await mkdir(dir);
  } catch (error) {
    if (codeOf(error) === 'EEXIST' && (await stat(dir).catch(() => null))?.isDirectory()) return;
    throw error;
  }
}

/** makeDir, synchronously. */
export function makeDirSync(dir: string): void {
  const isDir = (): boolean => {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  };
  try {
    mkdirSync(dir);
    return;
  } catch (error) {
    if (codeOf(error) === 'EEXIST' && isDir()) return;
    const parent = dirname(dir);
    if (codeOf(error) !== 'ENOENT' || parent === dir) throw error;
    makeDirSync(parent);
  }
  try {
    mkdirSync(dir);
  } catch (error) {
    if (!(codeOf(error) === 'EEXIST' && isDir())) throw error;
  }
}
