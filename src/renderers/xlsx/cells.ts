/**
 * Typed spreadsheet cells: numbers stay numbers with a number format for their unit, instants
 * become real Excel dates, text is neutralised against formulas, and a missing value is an
 * empty cell (never 0). Excel has no time zones, so an instant is written as the wall-clock
 * time of the report's zone and the header says which zone.
 */
import type { Cell, Column, Unit } from '../../model/report.js';
import { utcOffsetMs } from '../../time/offset.js';
import { startOfDayIn } from '../../time/window.js';
import { neutraliseFormula } from '../csv/neutralise.js';

/** A value as written into a cell: number, date, text, or null for an empty cell. */
export type SheetValue = number | Date | string | null;

const DAY_MS = 86_400_000;
/** Below this, durations are shown in milliseconds (latencies); above, as [h]:mm:ss. */
const SHORT_DURATION_MS = 60_000;

/** How one column is written: header text, number format, width, and the cell conversion. */
export interface ColumnFormat {
  header: string;
  numFmt?: string;
  width: number;
  toValue(value: Cell | undefined): SheetValue;
}

/** An instant as a Date whose UTC fields are the wall-clock time in `tz` (what Excel will show). */
export function wallClock(ms: number, tz: string): Date {
  return new Date(ms + utcOffsetMs(ms, tz));
}

/** Text for a cell, with formula-like text neutralised. */
export function textValue(value: string): string {
  return neutraliseFormula(value);
}

/** Number format and scaling for figures in `unit`, chosen from the values they must show. */
export function unitFormat(unit: Unit, values: readonly number[]): { numFmt: string; scale: number; suffix: string } {
  const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  switch (unit) {
    case 'count':
      return { numFmt: values.every(Number.isInteger) ? '#,##0' : '#,##0.0', scale: 1, suffix: '' };
    case 'percent': {
      // One decimal would show 99.95% as 100.0% and 0.04% as 0.0%: two decimals then.
      const fine = values.some((v) => (v >= 0.999 && v < 1) || (v !== 0 && Math.abs(v) < 0.001));
      return { numFmt: fine ? '0.00%' : '0.0%', scale: 1, suffix: '' };
    }
    case 'ratio':
      return { numFmt: '0.00', scale: 1, suffix: '' };
    case 'per_user':
      return { numFmt: '0.0', scale: 1, suffix: '' };
    case 'bytes':
      return { numFmt: '#,##0', scale: 1, suffix: ' (bytes)' };
    case 'duration_ms':
      // Excel durations are fractions of a day; latencies would all read 0:00:00, so they stay in ms.
      return max < SHORT_DURATION_MS ? { numFmt: '#,##0" ms"', scale: 1, suffix: ' (ms)' } : { numFmt: '[h]:mm:ss', scale: 1 / DAY_MS, suffix: ' (h:mm:ss)' };
  }
}

/** A figure and its previous value and change (e.g. a KPI) as cell values sharing one number format. */
export function figureCells(unit: Unit, figures: readonly (number | null)[]): { values: (number | null)[]; numFmt: string } {
  const finite = figures.filter((v): v is number => v !== null && Number.isFinite(v));
  const format = unitFormat(unit, finite);
  return { values: figures.map((v) => (v === null || !Number.isFinite(v) ? null : v * format.scale)), numFmt: format.numFmt };
}

function numbersOf(rows: readonly Record<string, Cell>[], key: string): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const value = row[key];
    if (typeof value === 'number' && Number.isFinite(value)) out.push(value);
  }
  return out;
}

function textWidth(text: string): number {
  return Math.min(60, Math.max(8, text.length + 2));
}

/** How a table column is written, looking at its values (integers? long durations? whole days?). */
export function columnFormat(column: Column, rows: readonly Record<string, Cell>[], tz: string): ColumnFormat {
  const numbers = column.type === 'text' ? [] : numbersOf(rows, column.key);
  const text = (value: Cell | undefined): SheetValue => (value === null || value === undefined ? null : textValue(String(value)));
  if (column.type === 'time') {
    const days = numbers.every((ms) => startOfDayIn(ms, tz) === ms);
    return {
      header: `${column.label} (${tz})`,
      numFmt: days ? 'yyyy-mm-dd' : 'yyyy-mm-dd hh:mm',
      width: Math.max(days ? 12 : 17, textWidth(`${column.label} (${tz})`) - 4),
      toValue: (value) => (typeof value === 'number' && Number.isFinite(value) ? wallClock(value, tz) : text(value)),
    };
  }
  if (column.type === 'number') {
    const max = numbers.reduce((m, n) => Math.max(m, Math.abs(n)), 0);
    const format = unitFormat(column.unit ?? 'count', numbers);
    const header = `${column.label}${format.suffix}`;
    return {
      header,
      // A change is written with its sign, as in the PDF: +8.8%.
      numFmt: column.signed ? `+${format.numFmt};-${format.numFmt};${format.numFmt}` : format.numFmt,
      width: Math.max(textWidth(header), Math.min(20, String(Math.round(max)).length + 6)),
      toValue: (value) => (typeof value === 'number' ? (Number.isFinite(value) ? value * format.scale : null) : text(value)),
    };
  }
  let longest = column.label.length;
  for (let i = 0; i < rows.length && i < 500; i++) longest = Math.max(longest, String(rows[i]?.[column.key] ?? '').length);
  return { header: column.label, width: textWidth('x'.repeat(longest)), toValue: text };
}
