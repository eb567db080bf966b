#!/usr/bin/env node
// Runs every *.spec.ts under src/ and test/ with node's own test runner (TypeScript via tsx).
// Node 20's --test does not expand globs, so the file list is built here.
import { readdirSync, statSync } from 'node:fs';
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
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
