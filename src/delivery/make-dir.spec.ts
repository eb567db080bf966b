import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeDir, makeDirSync } from './make-dir.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-make-dir-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const isDir = async (path: string) => (await stat(path)).isDirectory();

describe('makeDir', () => {
  it('makes a folder and the folders above it, and accepts one that exists', async () => {
    await makeDir(join(dir, 'a', 'b', 'c'));
    assert.ok(await isDir(join(dir, 'a', 'b', 'c')));
    await makeDir(join(dir, 'a', 'b'));
    makeDirSync(join(dir, 's', 't'));
    makeDirSync(join(dir, 's'));
    assert.ok(await isDir(join(dir, 's', 't')));
  });

  it('refuses a file in the way', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await assert.rejects(makeDir(join(dir, 'file')), { code: 'EEXIST' });
    await assert.rejects(makeDir(join(dir, 'file', 'x')), { code: 'ENOTDIR' });
    assert.throws(() => makeDirSync(join(dir, 'file')), { code: 'EEXIST' });
  });

  it('ends with ENOENT where a folder cannot be made although its parent exists (procfs), where Node\'s recursive mkdir never returns', { skip: process.platform !== 'linux' && 'procfs is Linux\'s' }, async () => {
    await assert.rejects(makeDir('/proc/obs-report-test/x'), { code: 'ENOENT' });
    assert.throws(() => makeDirSync('/proc/obs-report-test'), { code: 'ENOENT' });
  });

  it('follows a symlink to a folder, and fails on a dangling one', async () => {
    await symlink(join(dir, 'a'), join(dir, 'link'));
    await makeDir(join(dir, 'link', 'new'));
    assert.ok(await isDir(join(dir, 'a', 'new')));
    await symlink(join(dir, 'nowhere'), join(dir, 'dangling'));
    await assert.rejects(makeDir(join(dir, 'dangling', 'x')));
  });
});
