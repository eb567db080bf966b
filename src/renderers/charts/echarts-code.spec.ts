import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { codeCacheDir } from './echarts-code.js';

const run = promisify(execFile);
const here = new URL('.', import.meta.url);
const fixtures = new URL('../../../test/fixtures/', import.meta.url);

/**
 * A fresh process (the cache is read once, when ECharts loads): loads ECharts with
 * OBS_REPORT_CACHE_DIR=`dir`, draws a chart unless told not to, and ends its run as the CLI does.
 */
async function runProcess(dir: string, draw = true): Promise<{ state: string; saved: boolean; svg: boolean }> {
  const script = `
    const { codeCacheState, saveChartCodeCache } = await import(${JSON.stringify(new URL('echarts-code.ts', here).href)});
    const { renderChartSvg } = await import(${JSON.stringify(new URL('index.ts', here).href)});
    const { SAMPLE_THEME } = await import(${JSON.stringify(new URL('sample-report.ts', fixtures).href)});
    const svg = ${draw} ? renderChartSvg({ type: 'bar', unit: 'count', yLabel: 'Users', categories: ['a', 'b'], series: [{ name: 'x', values: [1, 2] }] },
      { width: 400, height: 200, tz: 'UTC', theme: SAMPLE_THEME }) : '<svg';
    console.log(JSON.stringify({ state: codeCacheState(), saved: saveChartCodeCache(), svg: svg.startsWith('<svg') }));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, OBS_REPORT_CACHE_DIR: dir },
  });
  return JSON.parse(stdout.trim()) as { state: string; saved: boolean; svg: boolean };
}

describe('ECharts code cache', () => {
  it('is written by a run that draws charts, used by the next, and rewritten when corrupt', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obs-code-cache-'));
    try {
      assert.deepEqual(await runProcess(dir), { state: 'missing', saved: true, svg: true });
      const files = await readdir(dir);
      assert.equal(files.length, 1);
      assert.match(files[0]!, /^echarts-[0-9a-f]{16}-v8-.+\.bin$/);
      assert.deepEqual(await runProcess(dir), { state: 'used', saved: false, svg: true });

      await writeFile(join(dir, files[0]!), 'not V8 code');
      assert.deepEqual(await runProcess(dir), { state: 'rejected', saved: true, svg: true });
      assert.deepEqual(await runProcess(dir), { state: 'used', saved: false, svg: true });
      assert.deepEqual(await readdir(dir), files, 'no temporary file is left behind');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is not used when others could have written it, and is replaced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obs-code-cache-'));
    try {
      assert.deepEqual(await runProcess(dir), { state: 'missing', saved: true, svg: true });
      const [file] = await readdir(dir);
      await chmod(join(dir, file!), 0o666);
      assert.deepEqual(await runProcess(dir), { state: 'missing', saved: true, svg: true });
      assert.equal((await stat(join(dir, file!))).mode & 0o777, 0o644);
      assert.deepEqual(await runProcess(dir), { state: 'used', saved: false, svg: true });
      if (process.getuid?.() === 0) {
        // Owned by another user (nobody), even read-only: not used either.
        await chown(join(dir, file!), 65534, 65534);
        assert.deepEqual(await runProcess(dir), { state: 'missing', saved: true, svg: true });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is not written by a run that drew no chart (which does not even load ECharts), nor when turned off', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obs-code-cache-'));
    try {
      assert.deepEqual(await runProcess(dir, false), { state: 'not-loaded', saved: false, svg: true });
      assert.deepEqual(await runProcess('off'), { state: 'off', saved: false, svg: true });
      assert.deepEqual(await readdir(dir), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves charts working when its folder cannot be written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'obs-code-cache-'));
    try {
      const file = join(dir, 'a-file');
      await writeFile(file, '');
      // A folder under a regular file can be neither read nor created.
      assert.deepEqual(await runProcess(join(file, 'cache')), { state: 'missing', saved: false, svg: true });
      assert.deepEqual(await readdir(dir), ['a-file']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is loaded by runs whose formats have charts, when they start, and never by a JSON run', async () => {
    const script = `
      const { codeCacheState } = await import(${JSON.stringify(new URL('echarts-code.ts', here).href)});
      const { RenderSession, renderAll } = await import(${JSON.stringify(new URL('../../run/render.ts', here).href)});
      const { parseConfig } = await import(${JSON.stringify(new URL('../../config/load.ts', here).href)});
      const { sampleReport } = await import(${JSON.stringify(new URL('sample-report.ts', fixtures).href)});
      const { config } = parseConfig('version: 1\\napps: [{ id: dice, name: Dice }]\\n', 'c.yaml', {});
      const session = new RenderSession(config);
      const states = [];
      session.prewarm(['json']);
      const [json] = await renderAll(sampleReport(), ['json'], session);
      await new Promise((done) => setImmediate(done));
      states.push(json.files ? codeCacheState() : 'json failed');
      session.prewarm(['json', 'xlsx']);
      states.push(codeCacheState());
      await new Promise((done) => setImmediate(done));
      states.push(codeCacheState());
      await session.close();
      console.log(JSON.stringify(states));`;
    const dir = await mkdtemp(join(tmpdir(), 'obs-code-cache-'));
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, OBS_REPORT_CACHE_DIR: dir } });
      assert.deepEqual(JSON.parse(stdout.trim()), ['not-loaded', 'not-loaded', 'missing']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lives in OBS_REPORT_CACHE_DIR, else the XDG cache folder, else ~/.cache', () => {
    assert.equal(codeCacheDir({ OBS_REPORT_CACHE_DIR: '/var/cache/obs' }), '/var/cache/obs');
    assert.equal(codeCacheDir({ OBS_REPORT_CACHE_DIR: 'off' }), null);
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/xdg' }), join('/xdg', 'obs-report'));
    assert.equal(codeCacheDir({ OBS_REPORT_CACHE_DIR: ' ', XDG_CACHE_HOME: '' }), join(homedir(), '.cache', 'obs-report'));
  });
});
