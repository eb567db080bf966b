// CSV files read back by pandas (an independent reader) and checked against the Report model.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report, TableBlock } from '../../model/report.js';
import { INJECTIONS, injectionReport } from '../../../test/fixtures/injection-report.js';
import { HOSTILE_FEATURE, HOSTILE_USER, sampleReport } from '../../../test/fixtures/sample-report.js';
import { readWithPython } from '../../../test/readers/python.js';
import { csvField, isoInZone, quoteField, tableToCsv } from './encode.js';
import { csvRenderer, datasetNames } from './index.js';
import { neutraliseFormula } from './neutralise.js';

interface PandasFile {
  bom: boolean;
  crlf: boolean;
  columns: string[];
  dtypes: Record<string, string>;
  rows: Record<string, string | number | null>[];
}

let dir: string;
const ctx = { template: null as never, browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };

async function writeAll(report: Report, prefix: string): Promise<Record<string, string>> {
  const paths: Record<string, string> = {};
  for (const file of await csvRenderer.render(report, ctx)) {
    assert.equal(file.ext, 'csv');
    const path = join(dir, `${prefix}-${file.suffix ?? ''}.csv`);
    await writeFile(path, file.data);
    paths[file.suffix ?? ''] = path;
  }
  return paths;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-csv-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('csv encoding', () => {
  it('quotes as RFC 4180 says and neutralises formula-like text', () => {
    assert.equal(quoteField('plain'), 'plain');
    assert.equal(quoteField('a,b'), '"a,b"');
    assert.equal(quoteField('say "hi"'), '"say ""hi"""');
    assert.equal(quoteField('two\nlines'), '"two\nlines"');
    for (const { text, safe } of INJECTIONS) assert.equal(neutraliseFormula(text), safe);
    assert.equal(neutraliseFormula('a=b'), 'a=b', 'only a leading character matters');
    assert.equal(neutraliseFormula('  a = b'), '  a = b', 'white space alone is not a formula');
  });

  it('writes instants as ISO 8601 with the offset of the zone, winter and summer', () => {
    assert.equal(isoInZone(Date.UTC(2026, 10, 15, 23), 'Europe/Berlin'), '2026-11-16T00:00:00+01:00');
    assert.equal(isoInZone(Date.UTC(2026, 6, 1, 12, 30), 'Europe/Berlin'), '2026-07-01T14:30:00+02:00');
    assert.equal(isoInZone(Date.UTC(2026, 6, 1, 12, 30), 'America/New_York'), '2026-07-01T08:30:00-04:00');
  });

  it('leaves numbers alone (a negative one too) and writes missing values as empty fields', () => {
    const number = { key: 'n', label: 'N', type: 'number' as const, unit: 'count' as const };
    assert.equal(csvField(-1, number, 'UTC'), '-1');
    assert.equal(csvField(0.004, { ...number, unit: 'percent' }, 'UTC'), '0.004');
    assert.equal(csvField(null, number, 'UTC'), '');
    assert.equal(csvField('=1+1', number, 'UTC'), "'=1+1", 'text in a number column is still text');
    const table: TableBlock = { kind: 'table', id: 't', title: 'T', queryRefs: [], columns: [number], rows: [{ n: 1 }, { n: null }] };
    assert.equal(tableToCsv(table, 'UTC'), 'n\r\n1\r\n\r\n');
  });

  it('names datasets by table id, made unique', () => {
    const t = (id: string): TableBlock => ({ kind: 'table', id, title: id, queryRefs: [], columns: [], rows: [] });
    assert.deepEqual(datasetNames([t('a'), t('b'), t('a'), t('a-2'), t('a')]), ['a', 'b', 'a-2', 'a-2-2', 'a-3']);
  });
});

describe('csv renderer, read back with pandas', () => {
  it('writes one UTF-8 file per table, without BOM, that pandas reads as the model', async () => {
    const report = sampleReport();
    const paths = await writeAll(report, 'sample');
    assert.deepEqual(Object.keys(paths), ['dau_by_day', 'features', 'top_users']);
    const read = await readWithPython<Record<string, PandasFile>>('read_csv.py', Object.values(paths));
    const features = read[paths.features ?? ''];
    assert.ok(features);
    assert.equal(features.bom, false);
    assert.equal(features.crlf, true);
    assert.deepEqual(features.columns, ['feature', 'events', 'share']);
    assert.equal(features.dtypes.events, 'int64');
    assert.equal(features.dtypes.share, 'float64', 'percentages are ratios');
    assert.deepEqual(
      features.rows.map((r) => [r.feature, r.events, r.share]),
      [
        ['roll', 5120, 0.81],
        ['share', 2210, 0.42],
        ['history', 1400, 0.3],
        [`'${HOSTILE_FEATURE}`, 37, 0.01],
        ['export', 12, 0.004],
        ['settings', 0, 0],
      ],
    );
    const users = read[paths.top_users ?? ''];
    assert.equal(users?.rows.length, 150);
    assert.equal(users?.rows[3]?.user, HOSTILE_USER, 'HTML is not a spreadsheet risk: kept as is');
    assert.equal(users?.rows[17]?.sessions, null, 'a missing value is empty, never 0');
    const day = read[paths.dau_by_day ?? ''];
    assert.equal(day?.rows[0]?.day, '2026-11-16T00:00:00+01:00');
    assert.equal(day?.rows[3]?.tickets, null);
  });

  it('neutralises every injection for pandas and spreadsheets, numbers untouched', async () => {
    const paths = await writeAll(injectionReport(), 'inject');
    const read = await readWithPython<Record<string, PandasFile>>('read_csv.py', [paths.injections ?? '']);
    const rows = read[paths.injections ?? '']?.rows ?? [];
    assert.deepEqual(rows.map((r) => r.value), INJECTIONS.map((i) => i.safe));
    assert.deepEqual(rows.map((r) => r.delta), INJECTIONS.map((_, i) => (i === 2 ? -1 : i)));
    assert.equal(read[paths.injections ?? '']?.dtypes.delta, 'int64');
  });
});
