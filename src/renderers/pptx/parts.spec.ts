// The pure parts of the pptx renderer, on small hand-made inputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Definition } from '../../model/report.js';
import { axisScale, barData, timeLabels, timeseriesData } from './chart-data.js';
import { definitionsUsed, termWords } from './notes.js';
import { cachedCells, dropUndefinedAxes, partPath, pruneOverrides, pruneRelationships, rewriteCells, uniqueShapeIds } from './repair.js';
import { ROW_H, chunkRows, rowHeight } from './tables.js';
import { figureFontSize } from './tiles.js';

const H = 3_600_000;
const BERLIN_MIDNIGHT = Date.UTC(2026, 10, 15, 23);

describe('chart data', () => {
  it('scales durations and bytes to a readable unit and keeps other units as they are', () => {
    assert.deepEqual(axisScale('duration_ms', 3 * H), { divisor: H, formatCode: '#,##0.0', suffix: 'h' });
    assert.deepEqual(axisScale('duration_ms', 5 * 60_000), { divisor: 60_000, formatCode: '#,##0.0', suffix: 'min' });
    assert.deepEqual(axisScale('duration_ms', 900), { divisor: 1, formatCode: '#,##0', suffix: 'ms' });
    assert.deepEqual(axisScale('bytes', 3 * 1024 ** 2), { divisor: 1024 ** 2, formatCode: '#,##0.0', suffix: 'MiB' });
    assert.equal(axisScale('percent', 0.05).formatCode, '0.0%');
    assert.equal(axisScale('percent', 0.9).formatCode, '0%');
  });

  it('aligns series on the union of their instants, with null where a series has no point', () => {
    const { series, scale } = timeseriesData(
      { type: 'timeseries', unit: 'duration_ms', yLabel: 'Length', series: [{ name: 'a', points: [[BERLIN_MIDNIGHT, 2 * H], [BERLIN_MIDNIGHT + 24 * H, null]] }, { name: 'b', points: [[BERLIN_MIDNIGHT + 24 * H, 3 * H]] }] },
      'Europe/Berlin',
    );
    assert.equal(scale.suffix, 'h');
    assert.deepEqual(series, [
      { name: 'a', labels: ['Mon 16 Nov', 'Tue 17 Nov'], values: [2, null] },
      { name: 'b', labels: ['Mon 16 Nov', 'Tue 17 Nov'], values: [null, 3] },
    ]);
  });

  it('labels days by weekday, long spans by date, and hours with the time, in the zone', () => {
    assert.deepEqual(timeLabels([BERLIN_MIDNIGHT, BERLIN_MIDNIGHT + 40 * 24 * H], 'Europe/Berlin'), ['16 Nov', '26 Dec']);
    assert.deepEqual(timeLabels([BERLIN_MIDNIGHT + 14 * H], 'Europe/Berlin'), ['16 Nov 14:00']);
    assert.deepEqual(timeLabels([BERLIN_MIDNIGHT + 14 * H], 'America/New_York'), ['16 Nov 08:00']);
  });

  it('reverses horizontal bars so the first category is drawn at the top', () => {
    const spec = { type: 'bar' as const, unit: 'count' as const, yLabel: 'n', categories: ['a', 'b', 'c'], series: [{ name: 's', values: [1, null, 3] }] };
    assert.deepEqual(barData(spec).series[0], { name: 's', labels: ['a', 'b', 'c'], values: [1, null, 3] });
    assert.deepEqual(barData({ ...spec, horizontal: true }).series[0], { name: 's', labels: ['c', 'b', 'a'], values: [3, null, 1] });
  });
});

describe('tables', () => {
  it('estimates wrapped rows and chunks them by the room on each slide', () => {
    assert.equal(rowHeight(['short'], [2]), ROW_H);
    // 10 pt at about 0.52 em per character: 2 in hold about 26 characters; 80 need 4 lines.
    assert.ok(Math.abs(rowHeight(['x'.repeat(80)], [2]) - (0.1 + (4 * 12) / 72)) < 1e-9);
    assert.deepEqual(chunkRows([0.3, 0.3, 0.3, 0.3, 0.3], 1.2, 0.6), [4, 1]);
    assert.deepEqual(chunkRows([0.3, 0.3, 0.3], 0.5, 0.6), [2, 1], 'too little room first: a new slide');
    assert.deepEqual(chunkRows([], 5, 5), [0]);
  });
});

describe('tiles', () => {
  it('sets figures longer than 7 characters smaller, as the HTML tile does', () => {
    assert.deepEqual(['1,382', '99.95%', '3.0 GiB'].map((f) => [figureFontSize(f, true), figureFontSize(f, false)]), [[34, 26], [34, 26], [34, 26]]);
    assert.deepEqual(['2 min 26 s', '3 h 12 min', '1,234,567'].map((f) => [figureFontSize(f, true), figureFontSize(f, false)]), [[24, 20], [24, 20], [24, 20]]);
  });
});

describe('speaker notes', () => {
  it('finds definitions whose term starts a word on the slide', () => {
    assert.deepEqual(termWords('DAU / WAU / MAU'), ['DAU', 'WAU', 'MAU']);
    assert.deepEqual(termWords('Start, restart, crash'), ['Start', 'restart', 'crash']);
    assert.deepEqual(termWords('Transition A → B'), ['Transition']);
    const defs: Definition[] = [
      { term: 'Session', text: 's' },
      { term: 'DAU / WAU / MAU', text: 'd' },
      { term: 'Crash', text: 'c' },
    ];
    assert.deepEqual(definitionsUsed(defs, 'Sessions per user and WAU').map((d) => d.term), ['Session', 'DAU / WAU / MAU']);
    assert.deepEqual(definitionsUsed(defs, 'Uncrashable'), [], 'only at the start of a word');
  });
});

describe('chart repair', () => {
  it('reads the number caches and rewrites the embedded cells from them', () => {
    const chart =
      '<c:numRef><c:f>Sheet1!$B$2:$B$4</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="3"/>' +
      '<c:pt idx="0"><c:v>5</c:v></c:pt><c:pt idx="2"><c:v>0</c:v></c:pt></c:numCache></c:numRef>';
    const cells = cachedCells(chart);
    assert.deepEqual([...cells], [['B2', '5'], ['B3', null], ['B4', '0']]);
    const sheet = '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>5</v></c></row><row r="3"><c r="B3"><v></v></c></row><row r="4"><c r="B4"><v></v></c></row>';
    assert.equal(rewriteCells(sheet, cells), '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>5</v></c></row><row r="3"><c r="B3"/></row><row r="4"><c r="B4"><v>0</v></c></row>');
  });
});

describe('package repair', () => {
  const parts = new Set(['ppt/slides/slide1.xml', 'ppt/slideMasters/slideMaster1.xml', 'ppt/media/a b.png']);
  const exists = (part: string): boolean => parts.has(part);

  it('resolves relationship targets from the source folder or the package root', () => {
    assert.equal(partPath('ppt/slides', '../media/a%20b.png'), 'ppt/media/a b.png');
    assert.equal(partPath('', '/ppt/slides/slide1.xml'), 'ppt/slides/slide1.xml');
    assert.equal(partPath('ppt', 'slides/./slide1.xml'), 'ppt/slides/slide1.xml');
  });

  it('drops Overrides and unused relationships of parts the package lacks', () => {
    const types = '<Types><Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="m"/><Override PartName="/ppt/slideMasters/slideMaster2.xml" ContentType="m"/></Types>';
    assert.equal(pruneOverrides(types, exists), '<Types><Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="m"/></Types>');
    const rels =
      '<Relationships><Relationship Id="rId1" Type="t" Target="../slideMasters/slideMaster1.xml"/><Relationship Id="rId2" Type="t" Target="../media/gone.png"/>' +
      '<Relationship Id="rId3" Type="t" Target="../media/used.png"/><Relationship Id="rId4" Type="h" Target="https://x" TargetMode="External"/></Relationships>';
    assert.equal(
      pruneRelationships(rels, 'ppt/slides/_rels/slide1.xml.rels', '<a:blip r:embed="rId3"/>', exists),
      '<Relationships><Relationship Id="rId1" Type="t" Target="../slideMasters/slideMaster1.xml"/><Relationship Id="rId3" Type="t" Target="../media/used.png"/><Relationship Id="rId4" Type="h" Target="https://x" TargetMode="External"/></Relationships>',
      'a relationship still used stays: dropping it would leave a dangling r:embed',
    );
  });

  it('drops axis ids a chart references but does not define, and leaves axis-less charts alone', () => {
    const bar = '<c:plotArea><c:barChart><c:ser/><c:axId val="1"/><c:axId val="2"/><c:axId val="3"/></c:barChart><c:catAx> <c:axId val="1"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/></c:valAx></c:plotArea>';
    assert.equal(dropUndefinedAxes(bar), bar.replace('<c:axId val="3"/>', ''));
    const doughnut = '<c:plotArea><c:doughnutChart><c:ser/><c:holeSize val="50"/></c:doughnutChart></c:plotArea>';
    assert.equal(dropUndefinedAxes(doughnut), doughnut);
  });

  it('renumbers repeated shape ids above the largest, keeping the first', () => {
    const slide = '<p:cNvPr id="1" name=""/><p:cNvPr id="25" name="Text 23"/><p:cNvPr id="26" name="Chart 0"/><p:cNvPr id="25" name="Slide Number Placeholder 0"/>';
    assert.equal(uniqueShapeIds(slide), slide.replace('id="25" name="Slide', 'id="27" name="Slide'));
  });
});
