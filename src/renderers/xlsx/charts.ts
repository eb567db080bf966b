/**
 * The Charts sheet: every chart block as a picture (PNG of the same chart as in HTML/PDF),
 * under its section and title, since exceljs cannot make native Excel charts. The data
 * behind each chart is in the dataset sheets. A streamed workbook cannot hold pictures: the
 * sheet then lists the charts and says where to find them.
 */
import type { ChartBlock, Report } from '../../model/report.js';
import { chartPng } from '../templates/raster.js';
import type { Theme } from '../types.js';
import type { Book } from './book.js';
import { textValue } from './cells.js';

/** Chart size on the sheet, in pixels (the PNG has twice as many, for print). */
const WIDTH = 880;
const HEIGHT = 380;
/** Default row height in pixels (15 points), and the width of column A that holds the pictures. */
const ROW_PX = 20;
const COLUMN_CHARS = Math.round((WIDTH - 5) / 7);

/** The report's chart blocks with their section titles, in order. */
export function chartsOf(report: Report): { section: string; chart: ChartBlock }[] {
  return report.sections.flatMap((s) => s.blocks.filter((b): b is ChartBlock => b.kind === 'chart').map((chart) => ({ section: s.title, chart })));
}

/** Writes the Charts sheet if the report has charts. */
export function writeCharts(book: Book, report: Report, theme: Theme): void {
  const charts = chartsOf(report);
  if (charts.length === 0) return;
  const sheet = book.addSheet('Charts');
  sheet.getColumn(1).width = COLUMN_CHARS;
  if (book.streaming) {
    book.addRow(sheet, ['This workbook was streamed because a dataset is very large, so charts are not embedded; see the PDF, HTML or PPTX.'], 'label');
    for (const { section, chart } of charts) book.addRow(sheet, [textValue(`${section}: ${chart.title}`)]);
    book.endSheet(sheet);
    return;
  }
  let row = 1;
  for (const { section, chart } of charts) {
    sheet.getCell(row, 1).value = textValue(`${section}: ${chart.title}`);
    sheet.getCell(row, 1).font = { name: book.theme.headingFont, bold: true, size: 12 };
    const png = chartPng(chart.chart, { width: WIDTH, height: HEIGHT, tz: report.period.tz, theme, apps: report.apps, title: chart.title });
    const image = book.workbook.addImage({ base64: png.data.toString('base64'), extension: 'png' });
    // A two-cell anchor (column A, HEIGHT / ROW_PX rows): exceljs's one-cell anchors carry an
    // editAs attribute the schema does not allow, which strict readers (openpyxl) refuse.
    const rows = Math.round(HEIGHT / ROW_PX);
    sheet.addImage(image, `A${row + 1}:A${row + rows}`);
    row += rows + 3;
  }
  book.endSheet(sheet);
}
