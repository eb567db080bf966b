import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ObsReportError } from '../errors.js';
import { safeName, writeFileAtomic } from './files.js';

describe('writeFileAtomic', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'obs-files-'));
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes through a temp file and leaves only the final file', async () => {
    await writeFileAtomic(join(dir, 'sub', 'a.txt'), 'hello');
    assert.equal(await readFile(join(dir, 'sub', 'a.txt'), 'utf8'), 'hello');
    assert.deepEqual(await readdir(join(dir, 'sub')), ['a.txt']);
  });

  it('replaces an existing file whole', async () => {
    await writeFileAtomic(join(dir, 'b.txt'), 'old');
    await writeFileAtomic(join(dir, 'b.txt'), 'new');
    assert.equal(await readFile(join(dir, 'b.txt'), 'utf8'), 'new');
  });

  it('fails with OUTPUT and leaves nothing behind when the folder cannot be created', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await assert.rejects(writeFileAtomic(join(dir, 'file', 'c.txt'), 'x'), (e: unknown) => e instanceof ObsReportError && e.code === 'OUTPUT');
    assert.equal((await readdir(dir)).some((f) => f.endsWith('.tmp')), false);
  });

  it('makes names safe', () => {
    assert.equal(safeName('dice-usage-2026-W47'), 'dice-usage-2026-W47');
    assert.equal(safeName('../../etc/passwd'), '..-..-etc-passwd');
    assert.equal(safeName('<img src=x>'), 'img-src-x');
    assert.equal(safeName('///'), 'report');
  });
});
