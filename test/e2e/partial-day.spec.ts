/**
 * End to end on the demo organisation, through the CLI: in a period to date, today is only
 * partly over. It is shown day by day, but mean DAU and stickiness average the whole days only,
 * and so do the previous period's figures they are compared with.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Block, Kpi, Report, TableBlock } from '../../src/model/report.js';
import { runCli } from '../helpers/cli.js';

const TZ = 'Europe/Berlin';

async function generate(out: string, args: readonly string[]): Promise<Report> {
  const result = await runCli(['generate', ...args, '--demo', '--tz', TZ, '--format', 'json', '--out', out]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(await readFile(result.stdout.trim(), 'utf8')) as Report;
}

const blocks = (report: Report): Block[] => report.sections.flatMap((s) => s.blocks);
const kpiOf = (report: Report, id: string): Kpi => blocks(report).flatMap((b) => (b.kind === 'kpis' ? b.items : [])).find((k) => k.id === id)!;
const tableOf = (report: Report, id: string): TableBlock => blocks(report).find((b): b is TableBlock => b.kind === 'table' && b.id === id)!;
const meanOf = (values: readonly (number | null)[]): number => {
  const known = values.filter((v): v is number => v !== null);
  return known.reduce((sum, v) => sum + v, 0) / known.length;
};
const close = (actual: number | null, expected: number, what: string) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);

describe('a period to date: mean DAU and stickiness over whole days', { timeout: 120_000 }, () => {
  let out: string;
  before(async () => (out = await mkdtemp(join(tmpdir(), 'obs-partial-day-'))));
  after(() => rm(out, { recursive: true, force: true }));

  it('this-month at 11:00 on 25 Nov: today is in the daily table, not in the means', async () => {
    // 1 Nov 00:00 .. 25 Nov 11:00 Berlin: 24 whole days (1-24 Nov) and today, 11 hours old.
    const report = await generate(join(out, 'now'), ['--app', 'dice', '--now', '2026-11-25T10:00:00Z', '--period', 'this-month']);
    assert.equal(report.period.label, 'November 2026 (to date)');
    const rows = tableOf(report, 'daily-active-table').rows;
    assert.equal(rows.length, 25, 'every day, today included');
    assert.equal(rows[24]!.day, Date.parse('2026-11-25T00:00:00+01:00'));
    const whole = rows.slice(0, 24);
    const avgDau = kpiOf(report, 'avg_dau');
    close(avgDau.value, meanOf(whole.map((r) => r.dau as number)), 'mean DAU over 1-24 Nov');
    assert.notEqual(avgDau.value, meanOf(rows.map((r) => r.dau as number)), 'today is not averaged in');
    assert.equal(avgDau.note, 'mean over the whole days, today left out');
    const stickiness = kpiOf(report, 'stickiness');
    close(stickiness.value, meanOf(whole.map((r) => r.stickiness as number | null)), 'mean DAU / MAU over 1-24 Nov');
    // The previous period is 1 Oct .. 25 Oct 11:00: its whole days are 1-24 Oct, a period of its own.
    const october = await generate(join(out, 'october'), ['--app', 'dice', '--now', '2026-11-25T10:00:00Z', '--period', '2026-10-01..2026-10-24']);
    close(avgDau.previous, kpiOf(october, 'avg_dau').value!, 'previous mean DAU over 1-24 Oct');
    close(stickiness.previous, kpiOf(october, 'stickiness').value!, 'previous stickiness over 1-24 Oct');
    assert.equal(kpiOf(october, 'avg_dau').note, 'mean over the days', 'a period of whole days says nothing more');
    const definition = report.appendix.definitions.find((d) => d.term === 'Daily active users')!;
    assert.match(definition.text, /^The mean of DAU over the period's whole days\. A day only partly over \(today, in a period to date\) is shown day by day but left out of the mean/);
    assert.match(report.appendix.definitions.find((d) => d.term === 'Stickiness')!.text, /whole days/);
  });

  it('this-month at 10:00 on 1 Nov: no whole day yet, so the figures are today\'s so far, and say so', async () => {
    const report = await generate(join(out, 'first'), ['--kind', 'adoption', '--now', '2026-11-01T09:00:00Z', '--period', 'this-month']);
    const all = blocks(report).find((b) => b.kind === 'chart' && b.id === 'dau-per-app');
    const points = all?.kind === 'chart' && all.chart.type === 'timeseries' ? all.chart.series.find((s) => s.name === 'All apps')!.points : [];
    assert.equal(points.length, 1);
    const avgDau = report.headline.find((k) => k.id === 'all_avg_dau')!;
    assert.equal(avgDau.value, points[0]![1]);
    assert.equal(avgDau.note, 'today so far: no whole day yet');
    assert.notEqual(avgDau.previous, null, 'compared with the same hours of 1 Oct');
    assert.equal(report.headline.find((k) => k.id === 'all_stickiness')!.note, 'DAU / MAU today so far: no whole day yet');
  });
});
