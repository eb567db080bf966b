/** Bad input through the CLI: each mistake gets a clear message, exit code 2, and no file is left half-written. */
import assert from 'node:assert/strict';
import { closedPort } from '../../src/http/test-server.js';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';

const NOW = '2026-11-25T10:00:00Z';

describe('bad input', { timeout: 300_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'obs-bad-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('an unknown app lists the known apps', async () => {
    const r = await runCli(['generate', '--app', 'dise', '--demo', '--now', NOW, '--out', join(dir, 'a')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown app "dise"/);
    assert.match(r.stderr, /Known apps: dice, forecast, tickets, wiki, catalog/);
  });

  it('a bad period says which forms are accepted', async () => {
    const r = await runCli(['generate', '--app', 'dice', '--demo', '--period', 'last-fortnight', '--out', join(dir, 'b')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown period "last-fortnight"/);
    assert.match(r.stderr, /last-7d .*last-week.*YYYY-MM/);
  });

  it('a bad time zone says what to write', async () => {
    const r = await runCli(['generate', '--app', 'dice', '--demo', '--tz', 'Europe/Atlantis', '--out', join(dir, 'c')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown time zone "Europe\/Atlantis"/);
    assert.match(r.stderr, /IANA name such as Europe\/Berlin/);
  });

  it('no config file: says where it looked and suggests --demo', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'));
    const r = await runCli(['generate', '--app', 'dice'], { cwd: empty, env: { OBS_REPORT_CONFIG: '' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no reports\.config\.yaml in /);
    assert.match(r.stderr, /--demo/);
  });

  it('an invalid config lists every problem with its path', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'version: 1\ntimezone: Nowhere/City\napps:\n  - id: dice\n    nmae: Dice\n');
    const r = await runCli(['validate', '--config', file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /timezone \(line 2\): not an IANA time zone/);
    assert.match(r.stderr, /apps\[0\]\.name \(line 4\): is required but missing/);
    assert.match(r.stderr, /apps\[0\]\.nmae \(line 5\): unknown option "nmae" \(did you mean "name"\?\)/);
    const g = await runCli(['generate', '--config', file, '--app', 'dice', '--demo']);
    assert.equal(g.code, 2);
    assert.match(g.stderr, /3 problems/);
  });

  it('validate notes a config without any datasource: it runs only with --demo', async () => {
    const file = join(dir, 'no-datasources.yaml');
    await writeFile(file, 'version: 1\napps:\n  - { id: dice, name: Dice }\n');
    const r = await runCli(['validate', '--config', file]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /is valid: 1 apps/);
    assert.match(r.stdout, /Note: no datasource is configured .*only with --demo/);
    const shipped = await runCli(['validate', '--config', 'reports.config.yaml']);
    assert.equal(shipped.code, 0);
    assert.doesNotMatch(shipped.stdout, /Note:/);
  });

  it('refuses options that would be ignored together, saying which and what to do', async () => {
    const cases: [string[], RegExp][] = [
      [['--all-stakeholders', '--kind', 'health', '--format', 'json'], /--all-stakeholders renders each stakeholder's own apps, kinds, formats and template from the config: --kind, --format would be ignored/],
      [['--app', 'dice', '--period', 'last-week', '--from', '2026-11-01', '--to', '2026-11-07'], /--period and --from\/--to both give the period/],
      [['--app', 'dice', '--kind', 'usage', '--user', 'u00042'], /--user is for the user report, not --kind usage/],
      [['--app', 'dice', '--scale', '1000'], /--scale sets the number of users of the demo organisation/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['generate', ...args, '--now', NOW, '--out', join(dir, 'never')]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
    await assert.rejects(readdir(join(dir, 'never')), 'nothing written');
  });

  it('without Chromium, says how to install it and still writes the other formats', async () => {
    const out = join(dir, 'nochrome');
    const r = await runCli(['generate', '--app', 'dice', '--format', 'pdf,html', '--demo', '--now', NOW, '--out', out], {
      env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' },
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /apt-get install chromium/);
    assert.deepEqual((await readdir(out)).filter((f) => !f.startsWith('.')), [r.stdout.trim().split('/').pop()]);
    assert.match(r.stdout, /\.html$/m);
  });

  it('a file that cannot be written fails its format only: the others are written and printed', async () => {
    const out = join(dir, 'blocked');
    // A folder where the JSON file goes (dice, usage, 19-25 Nov: last-7d on 25 Nov).
    await mkdir(join(out, 'dice-usage-2026-11-18_2026-11-24.json'), { recursive: true });
    const r = await runCli(['generate', '--app', 'dice', '--format', 'html,json,csv', '--demo', '--now', NOW, '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /could not write .*dice-usage-2026-11-18_2026-11-24\.json: a folder of that name is in the way/);
    const written = r.stdout.trim().split('\n').map((p) => p.split('/').pop());
    assert.ok(written.includes('dice-usage-2026-11-18_2026-11-24.html'), r.stdout);
    assert.ok(written.some((f) => f?.endsWith('.csv')), r.stdout);
    const files = (await readdir(out)).filter((f) => !f.startsWith('.')).sort();
    assert.deepEqual(files, [...written, 'dice-usage-2026-11-18_2026-11-24.json'].sort(), 'every file written is printed; no temp file left');
    assert.deepEqual((await readdir(out)).filter((f) => f.endsWith('.tmp')), []);
  });

  it('--out naming a file says it is one', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const r = await runCli(['generate', '--app', 'dice', '--format', 'json', '--demo', '--now', NOW, '--out', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`could not write .*: ${file.replace(/[/.]/g, '\\$&')}, or a folder above it, is a file, not a folder`));
  });

  it('--out where no folder can be made (under /proc) is an error, not a hang', { skip: process.platform !== 'linux' && 'procfs is Linux\'s' }, async () => {
    // Node's own recursive mkdir spins forever there (procfs answers ENOENT with /proc present).
    const r = await runCli(['generate', '--app', 'dice', '--format', 'json', '--demo', '--now', NOW, '--out', '/proc/obs-report-test']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /could not write \/proc\/obs-report-test\/.*: the folder \/proc\/obs-report-test cannot be made there/);
  });

  it('an unreachable real datasource is an error naming its URL, never silently the demo', async () => {
    const port = await closedPort();
    const file = join(dir, 'real.yaml');
    await writeFile(
      file,
      `version: 1\ndatasources:\n  loki: { url: "http://127.0.0.1:${port}", retries: 1, timeoutMs: 2000 }\n  prometheus: { url: "http://127.0.0.1:${port}", retries: 1, timeoutMs: 2000 }\napps:\n  - { id: dice, name: Dice }\n`,
    );
    const out = join(dir, 'unreachable');
    const r = await runCli(['generate', '--config', file, '--app', 'dice', '--format', 'json', '--now', NOW, '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.match(r.stderr, /--demo/);
    // One line per datasource that failed, not one per query; --demo suggested once.
    assert.equal(r.stderr.match(/could not be reached/g)?.length, 1, r.stderr);
    assert.equal(r.stderr.match(/--demo/g)?.length, 1, r.stderr);
    await assert.rejects(readdir(out), 'no output folder, no file');
  });

  it('the user report of an id that no app knows says so in the report, beside its zeros', async () => {
    const notices = async (user: string) => {
      const out = join(dir, `user-${user}`);
      const r = await runCli(['generate', '--user', user, '--demo', '--format', 'json', '--now', NOW, '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(await readFile(r.stdout.trim(), 'utf8')) as { notices: string[] }).notices;
    };
    assert.match((await notices('nobody')).join('\n'), /No app logged an event of nobody in this period or the previous one\. If that is unexpected, check the id/);
    assert.doesNotMatch((await notices('u00042')).join('\n'), /No app logged/);
  });

  it('the user report without --user says what to pass', async () => {
    const r = await runCli(['generate', '--kind', 'user', '--demo']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs --user/);
  });
});
