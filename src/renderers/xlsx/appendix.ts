/** The appendix sheets: Definitions, Queries (what each figure was computed from) and Unavailable data. */
import type { Report } from '../../model/report.js';
import type { Book } from './book.js';
import { textValue } from './cells.js';

/** Writes a plain table sheet: frozen header with autofilter, text neutralised, given widths. */
function tableSheet(book: Book, name: string, header: string[], widths: number[], rows: (string | null)[][]): void {
  const sheet = book.addSheet(name, true);
  sheet.columns = widths.map((width) => ({ width, style: { font: { name: book.theme.font }, alignment: { vertical: 'top', wrapText: true } } }));
  book.addRow(sheet, header, 'header');
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  for (const row of rows) book.addRow(sheet, row.map((v) => (v === null ? null : textValue(v))));
  book.endSheet(sheet);
}

/** Writes Definitions, Queries and, when something was unavailable, Unavailable. */
export function writeAppendix(book: Book, report: Report): void {
  const title = (id: string): string => report.sections.find((s) => s.id === id)?.title ?? id;
  const { definitions, queries, unavailable } = report.appendix;
  tableSheet(book, 'Definitions', ['Term', 'Definition'], [28, 100], definitions.map((d) => [d.term, d.text]));
  tableSheet(
    book,
    'Queries',
    ['Id', 'Datasource', 'Type', 'Query', 'Purpose', 'Used by'],
    [8, 16, 12, 90, 36, 36],
    queries.map((q) => [q.id, q.datasource, q.datasourceType, q.query, q.purpose, q.usedBy.map(title).join(', ')]),
  );
  if (unavailable.length === 0) return;
  tableSheet(
    book,
    'Unavailable',
    ['What', 'Section', 'Datasource', 'Why'],
    [36, 28, 16, 90],
    unavailable.map((u) => [u.what, title(u.section), u.datasource, u.reason]),
  );
}
