/**
 * The workbook being written: exceljs's in-memory Workbook, or its streaming WorkbookWriter
 * when a dataset is too large to hold as cell objects (rows are then written out as they
 * are added and memory stays flat). Both are driven the same way; only the streaming one
 * needs rows and sheets committed, and it cannot place images.
 */
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { OfficeTheme } from '../templates/office-theme.js';

/** Datasets with more rows than this are written with the streaming writer. */
export const STREAMING_ROWS = 100_000;

/** A workbook plus how to add to it and finish it. */
export interface Book {
  workbook: ExcelJS.Workbook;
  streaming: boolean;
  theme: OfficeTheme;
  /** Adds a sheet; `frozenHeader` freezes row 1. */
  addSheet(name: string, frozenHeader?: boolean): ExcelJS.Worksheet;
  /** Adds a row of values, styled as a header when `header` is set. */
  addRow(sheet: ExcelJS.Worksheet, values: ExcelJS.CellValue[], style?: RowStyle): ExcelJS.Row;
  /** Ends a sheet (writes it out when streaming). */
  endSheet(sheet: ExcelJS.Worksheet): void;
  /** The finished .xlsx file. */
  finish(): Promise<Buffer>;
}

/** How a row looks: a header row (theme colour, bold white), a title, or a label column. */
export type RowStyle = 'header' | 'title' | 'subtitle' | 'label';

function styleRow(row: ExcelJS.Row, style: RowStyle, theme: OfficeTheme): void {
  const font: Partial<ExcelJS.Font> = { name: theme.font };
  if (style === 'header') {
    row.eachCell((cell) => {
      cell.font = { ...font, bold: true, color: { argb: 'FFFFFFFF' } };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${theme.accent}` } };
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
    return;
  }
  if (style === 'title') row.getCell(1).font = { name: theme.headingFont, bold: true, size: 16, color: { argb: `FF${theme.text}` } };
  if (style === 'subtitle') row.getCell(1).font = { name: theme.headingFont, bold: true, size: 12, color: { argb: `FF${theme.accent}` } };
  if (style === 'label') row.getCell(1).font = { ...font, bold: true, color: { argb: `FF${theme.muted}` } };
}

/** Opens a workbook; `streaming` picks the WorkbookWriter. */
export function openBook(streaming: boolean, theme: OfficeTheme, generatedAt: Date): Book {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = streaming ? new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false }) : new ExcelJS.Workbook();
  workbook.creator = 'obs-report';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  return {
    workbook,
    streaming,
    theme,
    addSheet: (name, frozenHeader = false) => workbook.addWorksheet(name, frozenHeader ? { views: [{ state: 'frozen', ySplit: 1 }] } : {}),
    addRow(sheet, values, style) {
      const row = sheet.addRow(values);
      if (style) styleRow(row, style, theme);
      if (streaming) row.commit();
      return row;
    },
    endSheet(sheet) {
      if (streaming) sheet.commit();
    },
    async finish() {
      if (workbook instanceof ExcelJS.stream.xlsx.WorkbookWriter) {
        await workbook.commit();
        await finished(stream);
        return Buffer.concat(chunks);
      }
      return Buffer.from(await workbook.xlsx.writeBuffer());
    },
  };
}
