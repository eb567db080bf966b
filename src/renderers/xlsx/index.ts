/**
 * XLSX: a workbook for people who work with the numbers. Summary first, one sheet per
 * dataset (table block) with typed cells, the charts as pictures, then Definitions, Queries
 * and Unavailable. Theme colours and fonts come from the template. Any dataset of more than
 * STREAMING_ROWS rows switches the whole workbook to exceljs's streaming writer.
 */
import type { Report } from '../../model/report.js';
import { datasetNames, tablesOf } from '../csv/index.js';
import { assertTemplateSupports } from '../html/document.js';
import { officeTheme } from '../templates/office-theme.js';
import type { Renderer } from '../types.js';
import { writeAppendix } from './appendix.js';
import { STREAMING_ROWS, openBook } from './book.js';
import { writeCharts } from './charts.js';
import { writeDataset } from './dataset.js';
import { SheetNames } from './sheet-names.js';
import { writeSummary, type DatasetEntry } from './summary.js';

/** Sheets every workbook may have; dataset sheets never take these names. */
export const FIXED_SHEETS = ['Summary', 'Charts', 'Definitions', 'Queries', 'Unavailable'] as const;

/** Sheet names of the datasets: the table title, or its id when several tables share a title. */
export function datasetSheets(report: Report): DatasetEntry[] {
  const tables = tablesOf(report);
  const ids = datasetNames(tables);
  const titles = new Map<string, number>();
  for (const t of tables) titles.set(t.title, (titles.get(t.title) ?? 0) + 1);
  const names = new SheetNames(FIXED_SHEETS);
  return report.sections.flatMap((section) =>
    section.blocks.flatMap((block) => {
      if (block.kind !== 'table') return [];
      const i = tables.indexOf(block);
      const wanted = block.title && titles.get(block.title) === 1 ? block.title : (ids[i] ?? block.id);
      return [{ sheet: names.take(wanted), tableId: ids[i] ?? block.id, title: block.title, section: section.title, rows: block.rows.length }];
    }),
  );
}

/** The xlsx renderer: one .xlsx workbook per report. */
export const xlsxRenderer: Renderer = {
  format: 'xlsx',
  async render(report, ctx) {
    assertTemplateSupports(ctx.template, 'xlsx');
    const tables = tablesOf(report);
    const streaming = tables.some((t) => t.rows.length > STREAMING_ROWS);
    const book = openBook(streaming, officeTheme(ctx.template.theme), new Date(report.generatedAt));
    const datasets = datasetSheets(report);
    writeSummary(book, report, datasets);
    tables.forEach((table, i) => writeDataset(book, datasets[i]?.sheet ?? table.id, table, report.period.tz));
    writeCharts(book, report, ctx.template.theme);
    writeAppendix(book, report);
    return [{ ext: 'xlsx', data: await book.finish() }];
  },
};
