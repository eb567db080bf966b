/** The traffic generator's behaviour model (demo/traffic): seeded, uneven, bounded to the running apps. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, it } from 'node:test';
import { FEATURE_WEIGHTS, nextApp, pick, rankWeights, rng, TRANSITIONS } from '../../demo/traffic/src/behaviour.js';
import { ROOT } from '../helpers/cli.js';
import { runCommand } from './helpers/run.js';

describe('traffic generator', () => {
  it('the same seed gives the same draws', () => {
    const a = rng(7);
    const b = rng(7);
    const draws = Array.from({ length: 5 }, () => a());
    assert.deepEqual(Array.from({ length: 5 }, () => b()), draws);
    assert.ok(draws.every((d) => d >= 0 && d < 1));
    assert.notDeepEqual(Array.from({ length: 5 }, rng(8)), draws);
  });

  it('picks in proportion to the weights', () => {
    // A stub random walking 0, 0.1, ..., 0.9: with weights 3:1 (total 4) the draws 0..0.7 fall on a.
    let i = 0;
    const steps = () => (i++ % 10) / 10;
    const picks = Array.from({ length: 10 }, () => pick(steps, { a: 3, b: 1 }));
    assert.deepEqual(picks, ['a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b']);
    // With an explicit total above the weights, the rest of the draw is "none".
    assert.equal(pick(() => 0.9, { a: 0.5 }, 1), undefined);
  });

  it('uses the features of reports.config.yaml, very unevenly', () => {
    const config = parse(readFileSync(join(ROOT, 'reports.config.yaml'), 'utf8')) as { apps: { id: string; features: string[] }[] };
    for (const app of config.apps) assert.deepEqual(Object.keys(FEATURE_WEIGHTS[app.id] ?? {}).sort(), [...app.features].sort(), app.id);
    const dice = Object.values(FEATURE_WEIGHTS.dice!);
    assert.ok(Math.max(...dice) / Math.min(...dice) >= 20);
    assert.deepEqual(rankWeights(['x', 'y']), { x: 1, y: 0.5 });
  });

  it('moves only to apps that run, and leaves otherwise', () => {
    assert.ok((TRANSITIONS.dice?.forecast ?? 0) > 0.3, 'dice -> forecast dominates');
    assert.equal(nextApp(() => 0, 'dice', ['dice', 'forecast']), 'forecast');
    assert.equal(nextApp(() => 0, 'dice', ['dice']), undefined);
    assert.equal(nextApp(() => 0.99, 'dice', ['dice', 'forecast']), undefined);
  });

  it('refuses bad arguments with exit code 2', async () => {
    const run = (args: string[]) => runCommand(process.execPath, ['--import', 'tsx', 'demo/traffic/src/main.ts', ...args], { cwd: ROOT, timeoutMs: 30_000 });
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--app name=url/);
    const users = await run(['--app', 'dice=http://127.0.0.1:1', '--users', '0']);
    assert.equal(users.code, 2);
    assert.match(users.stderr, /--users must be/);
  });
});
