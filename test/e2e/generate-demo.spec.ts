/**
 * End to end on the demo organisation, through the CLI as a user runs it: every report kind,
 * PDF read back with pdftotext, HTML checked for external references, JSON as the model.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatChange, formatValue } from '../../src/model/format.js';
import type { Report } from '../../src/model/report.js';
import { findExternalReferences } from '../../src/renderers/html/external.js';
import { runCli, type CliResult } from '../helpers/cli.js';

const NOW = '2026-11-25T10:00:00Z';

describe('obs-report generate --demo', { timeout: 300_000 }, () => {
  let out: string;
  let usage: CliResult;

  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'obs-e2e-'));
    usage = await runCli(['generate', '--app', 'dice', '--format', 'pdf,html,json', '--demo', '--now', NOW, '--out', out, '--period', 'last-week']);
  });
  after(() => rm(out, { recursive: true, force: true }));

  it('writes the usage report in three formats and prints their paths', async () => {
    assert.equal(usage.code, 0, usage.stderr);
    const stem = join(out, 'dice-usage-2026-W47');
    assert.deepEqual(usage.stdout.trim().split('\n').sort(), [`${stem}.html`, `${stem}.json`, `${stem}.pdf`]);
    assert.deepEqual((await readdir(out)).sort(), ['dice-usage-2026-W47.html', 'dice-usage-2026-W47.json', 'dice-usage-2026-W47.pdf']);
  });

  it('prints the same headline figures in the PDF as in the JSON model', async () => {
    const report = JSON.parse(await readFile(join(out, 'dice-usage-2026-W47.json'), 'utf8')) as Report;
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.status, 'complete');
    assert.equal(report.headline.length, 4);
    const pdf = join(out, 'dice-usage-2026-W47.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    assert.ok(pages >= 4, `a multi-page report, got ${pages} pages`);
    const cover = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' });
    assert.match(cover, /Dice: usage/);
    assert.match(cover, /Week 47, 16–22 Nov 2026/);
    for (const kpi of report.headline) {
      assert.notEqual(kpi.value, null, `${kpi.id} is available`);
      assert.ok(cover.includes(formatValue(kpi.value, kpi.unit)), `${kpi.label} ${formatValue(kpi.value, kpi.unit)} on the cover`);
      assert.ok(cover.includes(formatChange(kpi.change, kpi.unit)), `${kpi.label} change ${formatChange(kpi.change, kpi.unit)} on the cover`);
    }
    const whole = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const term of report.appendix.definitions.map((d) => d.term)) assert.ok(whole.includes(term.split(' ')[0]!), `definition ${term}`);
  });

  it('embeds each font face once: the template keeps to two weights and one monospace face', () => {
    // A PDF embeds a font for every face a page asks for, and Chromium subsets each one again on
    // every print; weights 600, 650 and 700, or `code`'s own monospace, are faces of their own
    // even where one bold font file draws them all.
    const listed = execFileSync('pdffonts', [join(out, 'dice-usage-2026-W47.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    const faces = listed.map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
    assert.ok(faces.length >= 2, `regular and bold text at least: ${faces.join(', ')}`);
    assert.deepEqual(faces.filter((face, i) => faces.indexOf(face) !== i), [], `faces: ${faces.join(', ')}`);
  });

  it('writes a self-contained HTML file', async () => {
    const html = await readFile(join(out, 'dice-usage-2026-W47.html'), 'utf8');
    assert.deepEqual(findExternalReferences(html), []);
    assert.ok((html.match(/<svg/g) ?? []).length >= 5, 'charts are inline SVG');
  });

  for (const [kind, extra] of [
    ['adoption', []],
    ['health', ['--app', 'dice']],
    ['health', []],
    ['journeys', []],
    ['user', ['--user', 'u00042']],
  ] as const) {
    it(`builds the ${kind} report ${extra.join(' ')} with every section available`, async () => {
      const dir = await mkdtemp(join(out, `${kind}-`));
      const result = await runCli(['generate', '--kind', kind, ...extra, '--format', 'json,html', '--demo', '--now', NOW, '--out', dir, '--period', 'last-30d']);
      assert.equal(result.code, 0, result.stderr);
      const jsonPath = result.stdout.trim().split('\n').find((p) => p.endsWith('.json'))!;
      const report = JSON.parse(await readFile(jsonPath, 'utf8')) as Report;
      assert.equal(report.kind, kind);
      assert.equal(report.status, 'complete');
      assert.ok(report.sections.length >= 3);
      assert.deepEqual(report.appendix.unavailable, []);
      assert.ok(report.headline.every((k) => k.value !== null), 'every headline figure has a value');
      assert.ok(report.appendix.queries.length > 0 && report.appendix.queries.every((q) => q.usedBy.length > 0));
      if (kind === 'user') assert.match(report.notices.join(' '), /one person/);
    });
  }

  it('reads journeys through one app across all apps, with the same counts as the all-apps report', async () => {
    const dir = await mkdtemp(join(out, 'journeys-focus-'));
    const json = async (extra: string[]) => {
      const result = await runCli(['generate', '--kind', 'journeys', ...extra, '--format', 'json', '--demo', '--now', NOW, '--out', dir, '--period', 'last-30d']);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(await readFile(result.stdout.trim(), 'utf8')) as Report;
    };
    const [dice, all] = [await json(['--app', 'dice']), await json([])];
    assert.equal(dice.title, 'Journeys through Dice');
    assert.match(dice.notices.join(' '), /read across all 5 apps; only those that visit Dice/);
    assert.ok(dice.appendix.definitions.some((d) => d.term === 'Journeys through an app'));
    assert.ok(!all.appendix.definitions.some((d) => d.term === 'Journeys through an app'));
    const rows = (r: Report, id: string) =>
      r.sections.flatMap((s) => s.blocks).find((b): b is Extract<typeof b, { kind: 'table' }> => b.kind === 'table' && b.id === id)!.rows;
    const moves = rows(dice, 'transitions').filter((t) => t.from !== 'Other');
    assert.ok(moves.length >= 3, 'moves into and out of Dice');
    for (const move of moves) assert.ok(move.from === 'Dice' || move.to === 'Dice', `${move.from} → ${move.to} touches Dice`);
    for (const path of [...rows(dice, 'paths-2'), ...rows(dice, 'paths-3')]) assert.match(String(path.path), /Dice/);
    // The same journeys are cut either way, so a move both reports list has the same counts,
    // and Dice's drop-off is the same.
    const allMoves = new Map(rows(all, 'transitions').map((t) => [`${t.from}>${t.to}`, t]));
    const shared = moves.filter((m) => allMoves.has(`${m.from}>${m.to}`));
    assert.ok(shared.length >= 1);
    for (const move of shared) assert.deepEqual(allMoves.get(`${move.from}>${move.to}`), move);
    assert.deepEqual(rows(dice, 'drop-off'), rows(all, 'drop-off').filter((d) => d.app === 'Dice'));
  });

  it('gives the same report for the same seed and time', async () => {
    const again = await mkdtemp(join(out, 'again-'));
    const result = await runCli(['generate', '--app', 'dice', '--format', 'json', '--demo', '--now', NOW, '--out', again, '--period', 'last-week']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await readFile(join(again, 'dice-usage-2026-W47.json'), 'utf8'), await readFile(join(out, 'dice-usage-2026-W47.json'), 'utf8'));
  });

  it('in a week nobody used the app: zeros where zero, and figures that cannot be defined say why', async () => {
    const dir = await mkdtemp(join(out, 'quiet-'));
    // With 10 people, nobody used Dice from 17 to 26 Oct (it had users in the 30 days before).
    const result = await runCli(['generate', '--app', 'dice', '--format', 'json', '--demo', '--scale', '10', '--now', NOW, '--out', dir, '--from', '2026-10-22', '--to', '2026-10-26']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(await readFile(result.stdout.trim(), 'utf8')) as Report;
    assert.equal(report.status, 'complete');
    const kpis = report.sections.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'kpis' ? b.items : []));
    assert.deepEqual(
      kpis.map((k) => [k.id, k.value, k.notDefined ?? null]),
      [
        ['active_users', 0, null],
        ['new_users', 0, null],
        ['avg_dau', 0, null],
        ['stickiness', 0, null],
        ['sessions', 0, null],
        ['sessions_per_user', null, 'no sessions'],
        ['median_session', null, 'no session ended'],
        ['p90_session', null, 'no session ended'],
      ],
    );
  });

  it('in a week before the demo\'s history: no report of zeros, but where the data starts and how to get a period that has some', async () => {
    const dir = await mkdtemp(join(out, 'before-'));
    const result = await runCli(['generate', '--app', 'dice', '--format', 'json', '--demo', '--now', NOW, '--out', dir, '--from', '2026-06-01', '--to', '2026-06-07']);
    assert.equal(result.code, 2, result.stdout);
    assert.equal(result.stdout, '');
    assert.deepEqual(await readdir(dir), []);
    assert.match(
      result.stderr,
      /^obs-report: nothing of the usage report could be computed: The demo organisation \(--demo\) has data from 2026-07-29 02:00 Europe\/Berlin on, the 120 days of its history \(datasources\.demo\.historyDays\): 2026-06-01 to 2026-06-07 lies before it\. Choose a later period \(the first whole day with data is 2026-07-30; /,
    );
    assert.doesNotMatch(result.stderr, /reachable/);
  });

  it('reads --now without an offset in the report\'s time zone, as schedule --now does', async () => {
    const dir = await mkdtemp(join(out, 'now-'));
    // 19:00 in Tokyo is 10:00 UTC: the same instant as NOW, so the same report.
    const result = await runCli(['generate', '--app', 'dice', '--format', 'json', '--demo', '--now', '2026-11-25T19:00', '--tz', 'Asia/Tokyo', '--out', dir, '--period', 'last-week']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(await readFile(result.stdout.trim(), 'utf8')) as Report;
    assert.equal(report.generatedAt, Date.parse(NOW));
    const bad = await runCli(['generate', '--app', 'dice', '--format', 'json', '--demo', '--now', 'yesterday', '--out', dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--now "yesterday" is not a date and time/);
  });
});
