#!/usr/bin/env node
// Runs every *.spec.ts under src/ and test/ with node's own test runner (TypeScript via tsx).
// Node 20's --test does not expand globs, so the file list is built here.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function specs(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : specs(path);
    return name.endsWith('.spec.ts') ? [path] : [];
  });
}

const filter = process.argv[2];
const files = ['src', 'test'].flatMap(specs).filter((f) => !filter || f.includes(filter)).sort();
// The charts' code cache (src/renderers/charts/echarts-code.ts) of the tests is their own,
// empty at the start, so no test depends on what an earlier run left in ~/.cache.
const cacheDir = mkdtempSync(join(tmpdir(), 'obs-report-test-cache-'));
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--import', './test/harness/assert-ok.mjs', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, OBS_REPORT_CACHE_DIR: cacheDir } },
);
rmSync(cacheDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
