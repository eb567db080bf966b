// examples/analyze.py on the CSV output of a report: loads every dataset with pandas and draws a PNG.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRenderer } from '../../src/renderers/csv/index.js';
import { sampleReport } from '../fixtures/sample-report.js';
import { ROOT } from '../helpers/cli.js';
import { PYTHON } from '../helpers/python.js';

let dir: string;

function python(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-analyze-'));
  const ctx = { template: null as never, browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };
  for (const file of await csvRenderer.render(sampleReport(), ctx)) await writeFile(join(dir, `sample-${file.suffix ?? ''}.csv`), file.data);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('examples/analyze.py', () => {
  it('loads every dataset of a report and draws the chosen one to a PNG', async () => {
    const stem = join(dir, 'sample');
    const out = await python(['examples/analyze.py', stem, '--dataset', 'dau_by_day']);
    assert.match(out, /^dau_by_day: 7 rows, columns day, dice, wiki, tickets$/m);
    assert.match(out, /^features: 6 rows, columns feature, events, share$/m);
    assert.match(out, /^top_users: 150 rows, columns user, events, activeDays, sessions, lastSeen$/m);
    const png = await readFile(`${stem}-dau_by_day.png`);
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [900, 450]);
  });

  it('gives back local times and the original text of neutralised cells', async () => {
    const code = `import sys, json; sys.path.insert(0, 'examples'); import analyze
d = analyze.load(${JSON.stringify(join(dir, 'sample'))})
print(json.dumps([str(d['dau_by_day'].day[0]), d['features'].feature[3], str(d['dau_by_day'].tickets[3])]))`;
    assert.deepEqual(JSON.parse(await python(['-c', code])), ['2026-11-16 00:00:00', '=HYPERLINK("http://x")', 'nan']);
  });
});
