/**
 * CSV: one file per dataset (table block), named by the table id, for machines (pandas, R,
 * a warehouse). UTF-8 without a byte-order mark: tools that read CSV as data (pandas, csv
 * modules, databases) would otherwise see the BOM in the first column name; people who open
 * data in a spreadsheet get the XLSX, which has no encoding question.
 */
import type { Report, TableBlock } from '../../model/report.js';
import type { RenderedFile, Renderer } from '../types.js';
import { tableToCsv } from './encode.js';

/** Every table block of the report, in order. */
export function tablesOf(report: Report): TableBlock[] {
  return report.sections.flatMap((s) => s.blocks.filter((b): b is TableBlock => b.kind === 'table'));
}

/** Dataset names: the table ids, made unique with -2, -3 ... if a report repeats one. */
export function datasetNames(tables: readonly TableBlock[]): string[] {
  const used = new Set<string>();
  return tables.map((t) => {
    let name = t.id;
    for (let n = 2; used.has(name); n++) name = `${t.id}-${n}`;
    used.add(name);
    return name;
  });
}

/** The csv renderer: one .csv file per dataset, `suffix` = the table id. */
export const csvRenderer: Renderer = {
  format: 'csv',
  async render(report) {
    const tables = tablesOf(report);
    const names = datasetNames(tables);
    return tables.map((table, i): RenderedFile => ({ suffix: names[i] ?? table.id, ext: 'csv', data: tableToCsv(table, report.period.tz) }));
  },
};
