/**
 * Every stakeholder's reports in one run: each distinct question reaches the backend once,
 * and each person gets their own files in their formats.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startStack, type Stack } from '../helpers/stack.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');

describe('generate --all-stakeholders', { timeout: 600_000 }, () => {
  let stack: Stack;
  let config: string;
  before(async () => {
    stack = await startStack({ now: NOW, seed: 4, users: 50, historyDays: 60, apps: ['dice', 'wiki', 'tickets'] });
    // Three people whose reports overlap: the same usage of dice, the same adoption.
    config = join(stack.dir, 'people.yaml');
    await writeFile(
      config,
      `${await readFile(stack.config, 'utf8')}stakeholders:
  - { name: Dana Product, email: dana@example.com, apps: [dice], reports: [usage], formats: [json, html] }
  - { name: Eli Executive, email: eli@example.com, reports: [adoption, usage], apps: [dice, wiki], formats: [json] }
  - { name: Kim Support, email: kim@example.com, apps: [tickets, dice], reports: [usage, adoption], formats: [json, csv] }
`,
    );
  });
  after(() => stack.stop());

  it('sends each distinct query to Loki once and writes everyone their files', async () => {
    const before = stack.loki.requests.length;
    const r = await runCli(['generate', '--config', config, '--all-stakeholders', '--period', 'last-week', '--now', new Date(NOW).toISOString(), '--out', join(stack.dir, 'out')]);
    assert.equal(r.code, 0, r.stderr);
    const sent = stack.loki.requests.slice(before);
    const distinct = new Set(sent.map((q) => `${q.path}?${new URLSearchParams(q.query).toString()}`));
    assert.ok(sent.length > 0);
    assert.equal(sent.length, distinct.size, 'no query was sent twice');
    // Reports: usage dice, usage wiki, usage tickets, adoption (dice, wiki), adoption (tickets, dice).
    assert.match(r.stderr, /5 reports built/);
    assert.deepEqual((await readdir(join(stack.dir, 'out'))).sort(), ['dana-product', 'eli-executive', 'kim-support']);
    assert.deepEqual((await readdir(join(stack.dir, 'out', 'dana-product'))).sort(), ['dice-usage-2026-W47.html', 'dice-usage-2026-W47.json']);
    const eli = (await readdir(join(stack.dir, 'out', 'eli-executive'))).sort();
    assert.deepEqual(eli, ['dice-usage-2026-W47.json', 'dice-wiki-adoption-2026-W47.json', 'wiki-usage-2026-W47.json']);
    const kim = await readdir(join(stack.dir, 'out', 'kim-support'));
    assert.ok(kim.some((f) => f.endsWith('.csv')) && kim.includes('tickets-usage-2026-W47.json'));
    for (const name of ['Dana Product', 'Eli Executive', 'Kim Support']) assert.match(r.stdout, new RegExp(name));
  });

  it('an unknown stakeholder lists the known ones', async () => {
    const r = await runCli(['generate', '--config', config, '--stakeholder', 'Nobody', '--demo']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown stakeholder "Nobody"/);
    assert.match(r.stderr, /Dana Product, Eli Executive, Kim Support/);
  });
});
