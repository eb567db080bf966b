// The deck read back by python-pptx (an independent reader): slides, KPI tiles, native chart
// data (and the workbook embedded behind each chart), tables, notes, against the Report model.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOSTILE_FEATURE, HOSTILE_USER, sampleReport } from '../../../test/fixtures/sample-report.js';
import { readWithPython } from '../../../test/readers/python.js';
import { loadTemplate } from '../templates/load.js';
import { pptxRenderer } from './index.js';

interface PyChart {
  type: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  numberFormat: string | null;
  axisTitle: string | null;
  workbook: (string | number | null)[][];
  workbookTypes: string[][];
}
interface PySlide {
  texts: string[];
  runs: { text: string; rgb: string | null; size: number | null }[];
  tables: string[][][];
  charts: PyChart[];
  pictures: string[];
  notes: string;
}

let dir: string;
let deck: { width: number; height: number; slides: PySlide[] };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-pptx-'));
  const ctx = { template: await loadTemplate('default'), browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };
  const [file] = await pptxRenderer.render(sampleReport(), ctx);
  assert.equal(file?.ext, 'pptx');
  await writeFile(join(dir, 'sample.pptx'), file?.data ?? '');
  deck = await readWithPython('read_pptx.py', [join(dir, 'sample.pptx')]);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const allText = (s: PySlide): string => s.texts.join('\n');
/** The one chart whose series or categories are `names`. */
function chart(predicate: (c: PyChart) => boolean): { chart: PyChart; slide: PySlide } {
  const found = deck.slides.flatMap((slide) => slide.charts.filter(predicate).map((c) => ({ chart: c, slide })));
  assert.equal(found.length, 1, 'exactly one such chart');
  return found[0]!;
}

describe('pptx deck', () => {
  it('is 16:9 and opens with title, agenda, headline figures and highlights', () => {
    assert.deepEqual([deck.width, deck.height], [12_192_000, 6_858_000]);
    const [title, agenda, headline, highlights] = deck.slides;
    for (const text of ['Adoption and health', 'Week 47, 16-22 Nov 2026', '16 Nov 2026 – 22 Nov 2026', 'Times in Europe/Berlin', 'Generated 23 Nov 2026 07:00 (Europe/Berlin)', 'Apps: Dice, Wiki, Tickets']) {
      assert.ok(allText(title!).includes(text), `title slide shows ${text}`);
    }
    assert.ok(allText(agenda!).includes('Adoption\nNew, returning and dormant users\nFeatures\nJourneys between apps\nHealth'), 'sections in order');
    assert.ok(allText(highlights!).includes('Wiki was down for 3 h 12 min on Friday'));
    const tiles = headline!.runs.map((r) => `${r.text}|${r.rgb}`);
    for (const tile of ['1,382|111827', '▲ +12% vs 1,234|15803D', '28.7%|111827', '▲ +1.2 pts vs 27.5%|15803D', '▼ −6% vs 13 min|DC2626', '99.95%|111827', '▼ −0.04 pts vs 99.99%|DC2626']) {
      assert.ok(tiles.includes(tile), `headline tile ${tile} (text|colour by polarity)`);
    }
  });

  it('puts each section question as the slide title, and marks unavailable figures', () => {
    const health = deck.slides.filter((s) => s.texts.includes('Were the apps up, and how quickly did we recover?'));
    assert.equal(health.length, 1);
    const healthText = deck.slides.filter((s) => s.texts.some((t) => t.startsWith('Were the apps up'))).map(allText).join('\n');
    assert.match(healthText, /Crashes\nn\/a\nunavailable/);
    assert.match(healthText, /Dice: time between failures\nn\/a\nno incidents/);
    assert.match(healthText, /Data unavailable: Crashes and restarts\nWhy: Loki answered HTTP 504/);
    assert.ok(!/Crashes\n0\b/.test(healthText), 'never a zero for a missing figure');
    const sizes = deck.slides.flatMap((s) => s.runs).filter((r) => ['3 h 12 min', '98.2%', '1,382'].includes(r.text)).map((r) => `${r.text}|${r.size}`);
    assert.deepEqual(sizes.sort(), ['1,382|34', '3 h 12 min|20', '98.2%|26'], 'a long figure is set smaller so it stays on one line');
  });

  it('draws native line charts with the model numbers, gaps for missing values, and the zone-local days', () => {
    const { chart: dau, slide } = chart((c) => c.series.some((s) => s.name === 'Tickets') && c.type.startsWith('LINE'));
    assert.deepEqual(dau.categories, ['Mon 16 Nov', 'Tue 17 Nov', 'Wed 18 Nov', 'Thu 19 Nov', 'Fri 20 Nov', 'Sat 21 Nov', 'Sun 22 Nov']);
    const model = sampleReport().sections[0]?.blocks[1];
    assert.ok(model?.kind === 'chart' && model.chart.type === 'timeseries');
    assert.deepEqual(dau.series.map((s) => s.name), ['Dice', 'Wiki', 'Tickets']);
    assert.deepEqual(dau.series.map((s) => s.values), model.chart.series.map((s) => s.points.map(([, v]) => v)));
    assert.equal(dau.series[2]?.values[3], null, 'Thursday is a gap, not 0');
    assert.deepEqual([dau.numberFormat, dau.axisTitle], ['#,##0', 'Users']);
    assert.deepEqual(dau.workbook[4], ['Thu 19 Nov', dau.series[0]?.values[3] ?? 0, dau.series[1]?.values[3] ?? 0, null], 'the embedded data has the gap too');
    assert.match(allText(slide), /Events: Deploy dice <b>v2\.4<\/b> \(Wed 18 Nov 10:00\); Wiki outage \(Fri 20 Nov 14:00 – 17:00\)/);
    assert.match(slide.notes, /q1, distinct users per day \(loki, loki\): count\(sum by \(user\)/);
  });

  it('draws stacked areas, horizontal and stacked bars, and a doughnut as native charts', () => {
    const lifecycle = chart((c) => c.type === 'AREA_STACKED').chart;
    assert.deepEqual(lifecycle.series.map((s) => [s.name, s.values[0]]), [['new', 90], ['returning', 900], ['resurrecting', 60], ['dormant', 140]]);
    const features = chart((c) => c.type === 'BAR_CLUSTERED').chart;
    // Horizontal bars list the categories bottom-up, so the model's first reads at the top.
    assert.deepEqual(features.categories, ['settings', 'export', HOSTILE_FEATURE, 'history', 'share', 'roll']);
    assert.deepEqual(features.series[0]?.values, [0, 12, 37, 1400, 2210, 5120]);
    assert.deepEqual(features.workbook[1], ['settings', 0], 'a zero stays 0 in the embedded data');
    assert.equal(features.workbookTypes[3]?.[0], 's', 'a formula-like label is a string, never a formula');
    const transitions = chart((c) => c.type === 'COLUMN_STACKED').chart;
    // Sunday: Dice 60 × 0.4, Wiki missing, Tickets 30 × 0.4.
    assert.deepEqual(transitions.series.map((s) => s.values[6]), [24, null, 12]);
    const doughnut = chart((c) => c.type === 'DOUGHNUT').chart;
    assert.deepEqual([doughnut.categories, doughnut.series[0]?.values], [['Dice', 'Wiki', 'Tickets'], [2210, 1630, 880]]);
    const errors = chart((c) => c.series[0]?.values.length === 168).chart;
    assert.deepEqual([errors.numberFormat, errors.series[0]?.values[4 * 24 + 14]], ['0%', 0.35]);
  });

  it('shows the heatmap as a table and the flow as a picture beside its largest moves', () => {
    const heat = deck.slides.flatMap((s) => s.tables).find((t) => t[0]?.[0] === 'Weekday / Hour of day');
    assert.equal(heat?.length, 8);
    assert.equal(heat?.[0]?.length, 25);
    assert.equal(heat?.[7]?.[4], 'n/a', 'Sunday 03:00 is missing');
    const flowSlide = deck.slides.find((s) => s.tables.some((t) => t[0]?.join() === 'From,To,Count'));
    assert.equal(flowSlide?.pictures.length, 1);
    assert.deepEqual(flowSlide?.tables.find((t) => t[0]?.[0] === 'From')?.slice(1), [['Wiki', 'Tickets', '412'], ['Tickets', 'Wiki', '230'], ['Dice', 'Wiki', '96'], ['Wiki', 'Wiki', '40']]);
  });

  it('splits long tables over slides with the header repeated, and says where the rest is', () => {
    const users = deck.slides.filter((s) => s.texts.some((t) => t.startsWith('Most active users')));
    assert.ok(users.length >= 3);
    assert.match(users[1]!.texts.join(), /Most active users \(continued\) · rows \d+–\d+ of 150/);
    const tables = users.flatMap((s) => s.tables);
    for (const t of tables) assert.deepEqual(t[0], ['User', 'Events', 'Active days', 'Sessions', 'Last seen']);
    const body = tables.flatMap((t) => t.slice(1));
    assert.equal(body.length, 60);
    assert.deepEqual(body[3]?.slice(0, 2), [HOSTILE_USER, '884']);
    assert.equal(body[17]?.[3], 'n/a');
    assert.match(users.at(-1)!.texts.join(), /Showing the first 60 of 150 rows; every row is in the XLSX and CSV outputs/);
    assert.ok(deck.slides.flatMap((s) => s.tables).some((t) => t[1]?.[0] === '16 Nov 2026'), 'days in the report zone');
  });

  it('writes speaker notes with the definitions and queries of each slide, and ends with the appendix', () => {
    const health = deck.slides.find((s) => s.texts.includes('Were the apps up, and how quickly did we recover?'));
    assert.match(health?.notes ?? '', /- Uptime: Share of the period with up == 1\./);
    assert.match(health?.notes ?? '', /- Crash: A start not preceded by a graceful app_stop\./);
    for (const slide of deck.slides) assert.ok(slide.notes.length > 0, 'every slide has notes');
    const appendix = deck.slides.filter((s) => s.texts.some((t) => t.startsWith('Appendix')));
    const tables = appendix.flatMap((s) => s.tables);
    // Long tables continue on the next slide: the same header again.
    assert.deepEqual([...new Set(tables.map((t) => t[0]?.[0]))], ['Term', 'Id', 'What', 'Name']);
    assert.equal(tables[0]?.length, 8);
    const queries = tables.filter((t) => t[0]?.[0] === 'Id').flatMap((t) => t.slice(1));
    assert.deepEqual(queries.map((q) => q[0]), ['q1', 'q2', 'q3', 'q4', 'q5']);
    assert.deepEqual(queries[4]?.slice(0, 3), ['q5', 'uptime', 'prometheus (prometheus)']);
    assert.ok(deck.slides.at(-1)?.texts.some((t) => t.startsWith('Appendix')));
  });
});
