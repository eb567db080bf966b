/**
 * The Summary sheet: what the report is (title, period, time zone, status), the headline
 * figures and every section's figures as numbers with formats (value, previous, change),
 * the highlights, which sheet holds which dataset, and the datasources (URLs without credentials).
 */
import type ExcelJS from 'exceljs';
import { formatDate, formatKpiChange } from '../../model/format.js';
import type { Kpi, Report } from '../../model/report.js';
import { withoutCredentials } from '../../http/redact.js';
import type { Book } from './book.js';
import { figureCells, textValue, wallClock } from './cells.js';

/** A dataset sheet as listed on the Summary. */
export interface DatasetEntry {
  sheet: string;
  tableId: string;
  title: string;
  section: string;
  rows: number;
}

const KPI_HEADER = ['Figure', 'Value', 'Previous', 'Change', 'Change %', 'As shown', 'Note', 'Id'];

function addKpiRow(book: Book, sheet: ExcelJS.Worksheet, kpi: Kpi, label: string): void {
  const { values, numFmt } = figureCells(kpi.unit, [kpi.value, kpi.previous, kpi.change?.absolute ?? null]);
  const [value = null, previous = null, scaledChange = null] = values;
  // Excel cannot show a negative time, so a change of a long duration is given in minutes.
  const clock = numFmt === '[h]:mm:ss';
  const absolute = kpi.change?.absolute ?? null;
  const change = clock ? (absolute === null ? null : absolute / 60_000) : scaledChange;
  const changeFmt = clock ? '#,##0.0" min"' : numFmt;
  const row = book.addRow(sheet, [
    textValue(label),
    value,
    previous,
    change,
    kpi.change?.relative ?? null,
    formatKpiChange(kpi),
    textValue(kpi.note ?? ''),
    textValue(kpi.id),
  ]);
  row.getCell(2).numFmt = numFmt;
  row.getCell(3).numFmt = numFmt;
  // Signed: a change reads +148 or -3.0%, in the figure's own format (percent: points).
  row.getCell(4).numFmt = `+${changeFmt};-${changeFmt};0`;
  row.getCell(5).numFmt = '+0.0%;-0.0%;0.0%';
}

/** Writes the Summary sheet. */
export function writeSummary(book: Book, report: Report, datasets: readonly DatasetEntry[]): void {
  const sheet = book.addSheet('Summary');
  sheet.columns = [{ width: 34 }, { width: 16 }, { width: 16 }, { width: 14 }, { width: 12 }, { width: 16 }, { width: 44 }, { width: 22 }];
  const tz = report.period.tz;
  const line = (label: string, value: ExcelJS.CellValue, numFmt?: string): void => {
    const row = book.addRow(sheet, [label, value], 'label');
    if (numFmt) row.getCell(2).numFmt = numFmt;
  };
  book.addRow(sheet, [textValue(report.title)], 'title');
  if (report.subtitle) book.addRow(sheet, [textValue(report.subtitle)]);
  line('Report', `${report.kind} report`);
  line('Apps', textValue(report.apps.map((a) => a.name).join(', ')));
  line('Period', textValue(report.period.label));
  line(`From (${tz})`, wallClock(report.period.from, tz), 'yyyy-mm-dd hh:mm');
  line(`To, exclusive (${tz})`, wallClock(report.period.to, tz), 'yyyy-mm-dd hh:mm');
  line('Time zone', tz);
  line('Status', report.status === 'complete' ? 'complete' : 'partial: some figures are unavailable (see the Unavailable sheet)');
  line('Generated', `${formatDate(report.generatedAt, tz, 'datetime')} (${tz})`);
  for (const notice of report.notices) line('Notice', textValue(notice));
  line('Empty cells', 'In the data sheets an empty cell is unavailable data, never zero.');

  book.addRow(sheet, []);
  book.addRow(sheet, ['Headline figures'], 'subtitle');
  book.addRow(sheet, KPI_HEADER, 'header');
  for (const kpi of report.headline) addKpiRow(book, sheet, kpi, kpi.label);

  const sectionKpis = report.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'kpis' ? b.items.map((k) => ({ k, section: s.title })) : [])));
  if (sectionKpis.length > 0) {
    book.addRow(sheet, []);
    book.addRow(sheet, ['Figures by section'], 'subtitle');
    book.addRow(sheet, KPI_HEADER, 'header');
    for (const { k, section } of sectionKpis) addKpiRow(book, sheet, k, `${section}: ${k.label}`);
  }

  book.addRow(sheet, []);
  book.addRow(sheet, ['Highlights'], 'subtitle');
  if (report.highlights.length === 0) book.addRow(sheet, ['No highlights this period.']);
  for (const h of report.highlights) book.addRow(sheet, [textValue(h.text), h.tone]);

  book.addRow(sheet, []);
  book.addRow(sheet, ['Data sheets'], 'subtitle');
  book.addRow(sheet, ['Sheet', 'Rows', 'Table id', 'Section', 'Title'], 'header');
  for (const d of datasets) book.addRow(sheet, [textValue(d.sheet), d.rows, textValue(d.tableId), textValue(d.section), textValue(d.title)]);

  book.addRow(sheet, []);
  book.addRow(sheet, ['Datasources'], 'subtitle');
  book.addRow(sheet, ['Name', 'Type', 'URL'], 'header');
  for (const ds of report.appendix.datasources) book.addRow(sheet, [textValue(ds.name), textValue(ds.type), ds.url ? textValue(withoutCredentials(ds.url)) : null]);
  book.endSheet(sheet);
}
