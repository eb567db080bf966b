/**
 * One dataset (table block) as a sheet: a styled, frozen header row with an autofilter, typed
 * cells with number formats per unit, dates in the report's zone, and column widths from the
 * content. Rows are added one by one, so the streaming writer never holds the table.
 */
import type { TableBlock } from '../../model/report.js';
import type { Book } from './book.js';
import { columnFormat } from './cells.js';

/** Writes `table` to a new sheet named `name`. */
export function writeDataset(book: Book, name: string, table: TableBlock, tz: string): void {
  const sheet = book.addSheet(name, true);
  const formats = table.columns.map((column) => columnFormat(column, table.rows, tz));
  // Only the number format is set per column: every style on a cell costs exceljs a lookup per cell.
  sheet.columns = formats.map((f, i) => ({ key: table.columns[i]?.key ?? String(i), width: f.width, ...(f.numFmt ? { style: { numFmt: f.numFmt } } : {}) }));
  book.addRow(sheet, formats.map((f) => f.header), 'header');
  const last = Math.max(1, formats.length);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: last } };
  for (const row of table.rows) {
    const values = table.columns.map((column, i) => formats[i]?.toValue(row[column.key]) ?? null);
    book.addRow(sheet, values);
  }
  book.endSheet(sheet);
}
