// A dataset of 150,000 rows goes through exceljs's streaming writer: memory stays bounded and
// the file reads back whole in exceljs and opens in openpyxl.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sampleReport } from '../../../test/fixtures/sample-report.js';
import { readWithPython } from '../../../test/readers/python.js';
import type { Report } from '../../model/report.js';
import { loadTemplate } from '../templates/load.js';
import { STREAMING_ROWS } from './book.js';
import { xlsxRenderer } from './index.js';

const ROWS = 150_000;
const MB = 1024 * 1024;
let dir: string;

function bigReport(): Report {
  const base = sampleReport();
  const rows = Array.from({ length: ROWS }, (_, i) => ({ user: i === 7 ? '=cmd|calc' : `u-${i}`, events: i % 1000, share: (i % 100) / 100, lastSeen: base.period.from + i * 1000 }));
  return sampleReport({
    sections: [
      ...base.sections.slice(0, 1),
      {
        id: 'everyone',
        title: 'Everyone',
        question: 'Who used the apps?',
        blocks: [
          {
            kind: 'table',
            id: 'all_users',
            title: 'All users',
            queryRefs: [],
            columns: [
              { key: 'user', label: 'User', type: 'text' },
              { key: 'events', label: 'Events', type: 'number', unit: 'count' },
              { key: 'share', label: 'Share', type: 'number', unit: 'percent' },
              { key: 'lastSeen', label: 'Last seen', type: 'time' },
            ],
            rows,
          },
        ],
      },
    ],
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-xlsx-stream-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('xlsx streaming', () => {
  it('writes 150,000 rows with bounded memory, and every row reads back', { timeout: 120_000 }, async (t) => {
    assert.ok(ROWS > STREAMING_ROWS);
    const report = bigReport();
    const ctx = { template: await loadTemplate('default'), browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const [file] = await xlsxRenderer.render(report, ctx);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    // exceljs's in-memory workbook needs well over 500 MB for these 600,000 cells; streamed, growth is the zip output and buffers.
    assert.ok(peak - before < 200 * MB, `memory grew by ${Math.round((peak - before) / MB)} MB`);
    t.diagnostic(`${ROWS} rows streamed: RSS grew by ${Math.round((peak - before) / MB)} MB`);
    const data = Buffer.from(file?.data ?? '');
    const path = join(dir, 'big.xlsx');
    await writeFile(path, data);

    // Read back with exceljs's in-memory reader: its streaming reader resolves sheet names and
    // even the last sheet only some of the time on files its own streaming writer made.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data as unknown as ArrayBuffer);
    assert.deepEqual(book.worksheets.map((s) => s.name), ['Summary', 'Daily active users', 'All users', 'Charts', 'Definitions', 'Queries', 'Unavailable']);
    const all = book.getWorksheet('All users');
    assert.equal(all?.actualRowCount, ROWS + 1);
    // Row 9 holds users[7]: 7 s after local midnight of 16 Nov 2026 (Berlin), shown as wall-clock time.
    const row8 = [1, 2, 3, 4].map((c) => all?.getRow(9).getCell(c).value);
    assert.deepEqual(row8.slice(0, 3), ["'=cmd|calc", 7, 0.07]);
    assert.equal((row8[3] as Date).toISOString(), '2026-11-16T00:00:07.000Z');
    assert.equal(all?.getRow(ROWS + 1).getCell(1).value, `u-${ROWS - 1}`);

    const read = await readWithPython<{ sheets: { name: string; rows: { v: unknown; t: string; f: string }[][] }[] }>('read_xlsx.py', [path, '3', '--read-only'], 90_000);
    assert.deepEqual(read.sheets.map((s) => s.name), ['Summary', 'Daily active users', 'All users', 'Charts', 'Definitions', 'Queries', 'Unavailable']);
    const head = read.sheets.find((s) => s.name === 'All users');
    assert.deepEqual(head?.rows[0]?.map((c) => c.v), ['User', 'Events', 'Share', 'Last seen (Europe/Berlin)']);
    assert.deepEqual(head?.rows[1]?.map((c) => [c.v, c.t]), [['u-0', 's'], [0, 'n'], [0, 'n'], ['2026-11-16T00:00:00', 'd']]);
    assert.equal(head?.rows[2]?.[2]?.f, '0.0%');
  });
});
