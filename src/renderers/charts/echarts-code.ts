/**
 * Apache ECharts, loaded from its single-file build (dist/echarts.js) with a V8 code cache.
 * The single file, because the package's ES module entry is hundreds of files, which Node
 * takes about 0.7 s to load against 0.15 s for this one.
 *
 * Without a cache, every run compiles ECharts's functions again as it first calls them: the
 * first charts of a run take several times longer than later ones. The cache is V8's compiled
 * code of the module, saved after a run has drawn charts (so it holds the functions drawing
 * needs) and read by the next run. It lives in OBS_REPORT_CACHE_DIR (default
 * $XDG_CACHE_HOME/obs-report, else ~/.cache/obs-report; `off` turns it off), one file per
 * ECharts build and V8 version. It is only a cache: a missing, unreadable, stale or corrupt
 * file is ignored (V8 checks it and rejects what does not match), so is one another user could
 * have written, and one that cannot be written is skipped.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import type * as EChartsModule from 'echarts';
import { makeDirSync } from '../../delivery/make-dir.js';

/** What became of the code cache in this process. */
export type CodeCacheState = 'off' | 'missing' | 'rejected' | 'used';

/** The cache folder, or null when caching is off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env['OBS_REPORT_CACHE_DIR']?.trim();
  if (configured === 'off') return null;
  if (configured) return configured;
  const base = env['XDG_CACHE_HOME']?.trim() || join(homedir(), '.cache');
  return join(base, 'obs-report');
}

interface Loaded {
  echarts: typeof EChartsModule;
  state: CodeCacheState;
  /** Writes the cache if this process had none that V8 accepted; true when written. */
  save(): boolean;
}

/**
 * The cache file's bytes, if it can be trusted: V8 runs what a cache holds, so a file that
 * someone else could have written (owned by another user than this one or root, or writable by
 * group or others) is not used, as ssh treats its keys. Opened once, so the checked file is the
 * read one.
 */
function readTrusted(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    const owner = uid === undefined || stat.uid === uid || stat.uid === 0;
    if (!stat.isFile() || !owner || (stat.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function load(): Loaded {
  const require = createRequire(import.meta.url);
  const file = require.resolve('echarts'); // the package's main: dist/echarts.js
  const source = readFileSync(file, 'utf8');
  const dir = codeCacheDir();
  // V8 only checks a cache against the source's length, so the name carries its content hash.
  const name = `echarts-${createHash('sha256').update(source).digest('hex').slice(0, 16)}-v8-${process.versions.v8}.bin`;
  const path = dir === null ? null : join(dir, name);
  const cachedData = path === null ? undefined : readTrusted(path);
  // CommonJS's own wrapper, so the build runs as require() would run it.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const state: CodeCacheState = path === null ? 'off' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} as typeof EChartsModule };
  const wrapper = script.runInThisContext() as (exports: object, require: NodeRequire, module: object, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  let saved = false;
  return {
    echarts: module.exports,
    state,
    save() {
      if (path === null || state === 'used' || saved) return false;
      saved = true;
      const temp = `${path}.${process.pid}.tmp`;
      try {
        makeDirSync(dirname(path));
        writeFileSync(temp, script.createCachedData(), { mode: 0o644 });
        renameSync(temp, path);
        return true;
      } catch {
        try {
          rmSync(temp, { force: true });
        } catch {
          // nothing was written
        }
        return false;
      }
    },
  };
}

/**
 * ECharts, loaded on the first chart drawn: commands and formats without charts (validate,
 * doctor, JSON) never pay for it.
 */
let loaded: Loaded | undefined;

export function echartsLib(): typeof EChartsModule {
  loaded ??= load();
  return loaded.echarts;
}

/** The code cache's state when ECharts was loaded, or 'not-loaded' if no chart was drawn yet. */
export function codeCacheState(): CodeCacheState | 'not-loaded' {
  return loaded?.state ?? 'not-loaded';
}

let drewCharts = false;

/** Called after a chart is drawn: the cache is worth saving once drawing code has been compiled. */
export function noteChartDrawn(): void {
  drewCharts = true;
}

/**
 * Saves the code cache when this run drew charts and had no usable cache, at most once per
 * process; true when a file was written. Called at the end of a run (RenderSession.close).
 */
export function saveChartCodeCache(): boolean {
  return drewCharts && loaded !== undefined && loaded.save();
}
