/**
 * One table as CSV text (RFC 4180): a header row of column keys, CRLF line ends, fields with
 * a comma, quote or line break quoted and quotes doubled. Numbers are written as they are
 * (percentages as ratios 0..1, durations in ms), missing values as empty fields, instants as
 * ISO 8601 with the offset of the report's time zone, and text neutralised against formulas.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { Cell, Column, TableBlock } from '../../model/report.js';
import { neutraliseFormula } from './neutralise.js';

/** An instant as ISO 8601 local time with its offset, e.g. `2026-11-16T00:00:00+01:00`. */
export function isoInZone(ms: number, tz: string): string {
  return format(new TZDate(ms, tz), "yyyy-MM-dd'T'HH:mm:ssxxx");
}

/** Quotes a field when RFC 4180 requires it. */
export function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One cell as a CSV field. */
export function csvField(value: Cell | undefined, column: Column, tz: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return column.type === 'time' ? isoInZone(value, tz) : String(value);
  }
  return quoteField(neutraliseFormula(value));
}

/** The table as CSV text, header included, every line ending in CRLF. */
export function tableToCsv(table: TableBlock, tz: string): string {
  const lines = [table.columns.map((c) => quoteField(neutraliseFormula(c.key))).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(row[c.key], c, tz)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
