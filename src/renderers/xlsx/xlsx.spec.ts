// The workbook read back by exceljs and by openpyxl (an independent reader) and checked against the Report model.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { INJECTIONS, injectionReport } from '../../../test/fixtures/injection-report.js';
import { HOSTILE_FEATURE, sampleReport } from '../../../test/fixtures/sample-report.js';
import { readWithPython } from '../../../test/readers/python.js';
import type { Report } from '../../model/report.js';
import { loadTemplate } from '../templates/load.js';
import type { RenderContext } from '../types.js';
import { columnFormat, wallClock } from './cells.js';
import { xlsxRenderer } from './index.js';
import { SheetNames, cleanSheetName } from './sheet-names.js';

interface PyCell {
  v: string | number | null;
  t: string;
  f: string;
}
interface PySheet {
  name: string;
  rows: PyCell[][];
  max_row: number;
  freeze: string | null;
  filter: string | null;
  images: number;
}

let dir: string;
let ctx: RenderContext;
let book: ExcelJS.Workbook;
let sheets: PySheet[];
let sampleData: Buffer;

async function render(report: Report): Promise<Buffer> {
  const [file] = await xlsxRenderer.render(report, ctx);
  assert.equal(file?.ext, 'xlsx');
  return Buffer.from(file?.data ?? '');
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-xlsx-'));
  ctx = { template: await loadTemplate('default'), browser: null as never, pageSize: 'A4', orientation: 'portrait' };
  sampleData = await render(sampleReport());
  await writeFile(join(dir, 'sample.xlsx'), sampleData);
  book = new ExcelJS.Workbook();
  await book.xlsx.load(sampleData as unknown as ArrayBuffer);
  sheets = (await readWithPython<{ sheets: PySheet[] }>('read_xlsx.py', [join(dir, 'sample.xlsx')])).sheets;
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The exceljs row whose first cell is `label`. */
function rowOf(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(1).value === label) found = row;
  });
  assert.ok(found, `row ${label}`);
  return found;
}

describe('sheet names', () => {
  it('are valid for Excel and unique', () => {
    assert.equal(cleanSheetName('Users: [new]/old?*'), 'Users new old');
    assert.equal(cleanSheetName("'quoted'"), 'quoted');
    assert.equal(cleanSheetName('history'), 'History data');
    assert.equal(cleanSheetName('x'.repeat(40)).length, 31);
    const names = new SheetNames(['Summary']);
    assert.equal(names.take('summary'), 'summary (2)');
    assert.equal(names.take('a'.repeat(40)), 'a'.repeat(31));
    assert.equal(names.take('a'.repeat(40)), `${'a'.repeat(27)} (2)`);
  });
});

describe('cells', () => {
  it('writes wall-clock time of the zone, across a DST change', () => {
    assert.equal(wallClock(Date.UTC(2026, 2, 29, 0, 30), 'Europe/Berlin').toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(wallClock(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin').toISOString(), '2026-03-29T03:30:00.000Z');
  });

  it('picks formats by unit and magnitude', () => {
    const column = (unit: 'duration_ms' | 'percent' | 'count') => ({ key: 'x', label: 'X', type: 'number' as const, unit });
    const latency = columnFormat(column('duration_ms'), [{ x: 218.6 }], 'UTC');
    assert.deepEqual([latency.header, latency.numFmt, latency.toValue(218.6)], ['X (ms)', '#,##0" ms"', 218.6]);
    const downtime = columnFormat(column('duration_ms'), [{ x: 3_600_000 }], 'UTC');
    assert.deepEqual([downtime.header, downtime.numFmt, downtime.toValue(5_400_000)], ['X (h:mm:ss)', '[h]:mm:ss', 5_400_000 / 86_400_000]);
    assert.equal(columnFormat(column('percent'), [{ x: 0.9995 }], 'UTC').numFmt, '0.00%');
    assert.equal(columnFormat(column('percent'), [{ x: 0.5 }], 'UTC').numFmt, '0.0%');
    assert.equal(columnFormat(column('count'), [{ x: 2.5 }], 'UTC').numFmt, '#,##0.0');
    assert.equal(columnFormat(column('count'), [{ x: null }], 'UTC').toValue(null), null);
  });
});

describe('xlsx renderer, read back by exceljs', () => {
  it('has a Summary, one sheet per dataset, Charts, Definitions, Queries and Unavailable', () => {
    assert.deepEqual(book.worksheets.map((s) => s.name), ['Summary', 'Daily active users', 'Feature use', 'Most active users', 'Charts', 'Definitions', 'Queries', 'Unavailable']);
  });

  it('gives the headline figures as numbers with formats, their previous values and changes', () => {
    const summary = book.getWorksheet('Summary');
    assert.ok(summary);
    assert.equal(rowOf(summary, 'Time zone').getCell(2).value, 'Europe/Berlin');
    assert.match(String(rowOf(summary, 'Status').getCell(2).value), /^partial/);
    const users = rowOf(summary, 'Weekly users');
    assert.deepEqual([users.getCell(2).value, users.getCell(3).value, users.getCell(4).value, users.getCell(6).value], [1382, 1234, 148, '+12%']);
    assert.equal(users.getCell(5).value, 148 / 1234);
    assert.equal(users.getCell(2).numFmt, '#,##0');
    const session = rowOf(summary, 'Median session');
    // exceljs reads a [h]:mm:ss cell back as a Date after Excel's epoch (30 Dec 1899).
    assert.equal((session.getCell(2).value as Date).getTime() - Date.UTC(1899, 11, 30), 732_000);
    assert.equal(session.getCell(2).numFmt, '[h]:mm:ss');
    assert.equal(session.getCell(4).value, -0.8, 'a change of a long duration in minutes');
    const uptime = rowOf(summary, 'Uptime');
    assert.deepEqual([uptime.getCell(2).value, uptime.getCell(2).numFmt, uptime.getCell(6).value], [0.9995, '0.00%', '−0.04 pts']);
    const crashes = rowOf(summary, 'Health: Crashes');
    assert.deepEqual([crashes.getCell(2).value, crashes.getCell(3).value, crashes.getCell(6).value], [null, 2, 'unavailable']);
    const mtbf = rowOf(summary, 'Health: Dice: time between failures');
    assert.deepEqual([mtbf.getCell(2).value, mtbf.getCell(6).value], [null, 'no incidents']);
    assert.equal(rowOf(summary, 'Wiki was down for 3 h 12 min on Friday, the longest incident this month.').getCell(2).value, 'bad');
  });

  it('types dataset cells: numbers with formats, local dates, neutralised text, empty for missing', () => {
    const features = book.getWorksheet('Feature use');
    assert.ok(features);
    assert.deepEqual([1, 2, 3].map((c) => features.getRow(1).getCell(c).value), ['Feature', 'Events', 'Share of users']);
    assert.equal(features.getCell('A5').value, `'${HOSTILE_FEATURE}`);
    assert.deepEqual([features.getCell('B5').value, features.getCell('C5').value, features.getCell('C5').numFmt], [37, 0.01, '0.0%']);
    const days = book.getWorksheet('Daily active users');
    assert.equal(days?.getCell('A1').value, 'Day (Europe/Berlin)');
    assert.equal((days?.getCell('A2').value as Date).toISOString(), '2026-11-16T00:00:00.000Z', 'local midnight, not 23:00 UTC');
    assert.equal(days?.getCell('A2').numFmt, 'yyyy-mm-dd');
    assert.equal(days?.getCell('D5').value, null, 'Tickets on Thursday is missing, not 0');
    const users = book.getWorksheet('Most active users');
    const model = sampleReport().sections[3]?.blocks[2];
    assert.ok(model?.kind === 'table');
    assert.equal(users?.rowCount, 151);
    const lastSeen = Number(model.rows[0]?.lastSeen);
    // November in Berlin is UTC+1: the cell shows the instant one hour later than UTC.
    assert.ok(Math.abs((users?.getCell('E2').value as Date).getTime() - (lastSeen + 3_600_000)) <= 1);
    assert.equal(users?.getCell('E2').numFmt, 'yyyy-mm-dd hh:mm');
    assert.equal(users?.getCell('D19').value, null);
  });

  it('freezes and filters the header row of datasets and embeds every chart as a picture', () => {
    const users = book.getWorksheet('Most active users');
    const view = users?.views[0];
    assert.deepEqual([view?.state, view?.state === 'frozen' ? view.ySplit : null], ['frozen', 1]);
    assert.equal(users?.autoFilter, 'A1:E1');
    assert.equal(book.getWorksheet('Charts')?.getImages().length, 8);
  });

  it('lists definitions, the queries with the sections that used them, and what was unavailable', () => {
    assert.equal(book.getWorksheet('Definitions')?.rowCount, 8);
    const values = (row: ExcelJS.Row | undefined): unknown[] => (Array.isArray(row?.values) ? row.values.slice(1) : []);
    assert.deepEqual(values(book.getWorksheet('Queries')?.getRow(2)), ['q1', 'loki', 'loki', 'count(sum by (user) (count_over_time({app="dice"} | json | event!="" [1d])))', 'distinct users per day', 'Adoption, New, returning and dormant users']);
    assert.deepEqual(values(book.getWorksheet('Unavailable')?.getRow(2)), ['Crashes and restarts', 'Health', 'loki', 'Loki answered HTTP 504: Request timed out, decrease the duration of the request']);
  });
});

describe('xlsx renderer, read back by openpyxl', () => {
  it('sees the same sheets, types, formats, panes, filters and pictures', () => {
    assert.deepEqual(sheets.map((s) => s.name), book.worksheets.map((s) => s.name));
    const days = sheets.find((s) => s.name === 'Daily active users');
    assert.deepEqual(days?.rows[1]?.map((c) => [c.v, c.t, c.f]), [
      ['2026-11-16T00:00:00', 'd', 'yyyy-mm-dd'],
      [318, 'n', '#,##0'],
      [239, 'n', '#,##0'],
      [146, 'n', '#,##0'],
    ]);
    assert.deepEqual([days?.freeze, days?.filter], ['A2', 'A1:D1']);
    const features = sheets.find((s) => s.name === 'Feature use');
    assert.deepEqual([features?.rows[4]?.[0]?.v, features?.rows[4]?.[0]?.t], [`'${HOSTILE_FEATURE}`, 's']);
    assert.equal(sheets.find((s) => s.name === 'Charts')?.images, 8);
    const summary = sheets.find((s) => s.name === 'Summary');
    const users = summary?.rows.find((r) => r[0]?.v === 'Weekly users');
    assert.deepEqual(users?.slice(1, 4).map((c) => c.v), [1382, 1234, 148]);
    const session = summary?.rows.find((r) => r[0]?.v === 'Median session')?.[1];
    assert.deepEqual([session?.t, session?.f], ['duration', '[h]:mm:ss']);
    assert.ok(Math.abs(Number(session?.v) - 732_000 / 86_400_000) < 1e-9);
  });
});

describe('formula injection in xlsx', () => {
  it('keeps hostile text as neutralised strings and numbers as numbers, with no formula anywhere', async () => {
    const data = await render(injectionReport());
    const path = join(dir, 'inject.xlsx');
    await writeFile(path, data);
    const zip = await JSZip.loadAsync(data);
    for (const name of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/'))) {
      assert.ok(!/<f[ >]/.test((await zip.file(name)?.async('string')) ?? ''), `${name} has a formula`);
    }
    const read = await readWithPython<{ sheets: PySheet[] }>('read_xlsx.py', [path]);
    const rows = read.sheets.find((s) => s.name === 'Hostile values')?.rows.slice(1) ?? [];
    // XML turns a carriage return in text into a line feed (exceljs writes it raw); it stays neutralised.
    assert.deepEqual(rows.map((r) => [r[0]?.v, r[0]?.t]), INJECTIONS.map((i) => [i.safe.replace('\r', '\n'), 's']));
    assert.deepEqual(rows.map((r) => [r[1]?.v, r[1]?.t]), INJECTIONS.map((_, i) => [i === 2 ? -1 : i, 'n']));
  });
});
