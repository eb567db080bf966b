/**
 * Native tables: a header row in the theme colour, cells formatted as in every other format
 * (format.ts), numbers right-aligned, missing values as "n/a". Long tables continue on the
 * next slides with the header repeated (row heights estimated from wrapped text); past MAX_ROWS the deck shows the first rows and
 * says where the rest is (the XLSX and CSV have every row).
 */
import type { TableRow } from './lib.js';
import type { Column, TableBlock } from '../../model/report.js';
import { formatCell } from '../templates/helpers.js';
import { CONTENT_W, SLIDE, type Deck, type Page } from './deck.js';

/** Height of a one-line row in inches (10 pt text). */
export const ROW_H = 0.3;
/** Rows a deck shows of one table at most. */
export const MAX_ROWS = 60;
/** Cell padding in inches: top, right, bottom, left. */
export const CELL_MARGIN: [number, number, number, number] = [0.03, 0.06, 0.03, 0.06];
/** Fewest rows worth starting a table with at the bottom of a slide. */
const MIN_FIRST = 4;
/** Average character width as a share of the font size, for estimating wrapped lines. */
const CHAR_EM = 0.52;

/** Estimated height of a row whose cells wrap within `widths` (inches) at `fontSize` points. */
export function rowHeight(cells: readonly string[], widths: readonly number[], fontSize = 10): number {
  const lines = cells.map((text, i) => {
    const perLine = Math.max(1, Math.floor(((widths[i] ?? 1) - 0.1) / ((fontSize * CHAR_EM) / 72)));
    return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
  });
  const most = Math.max(1, ...lines);
  return most === 1 ? ROW_H : 0.1 + most * ((fontSize * 1.2) / 72);
}

/** Splits rows of the given heights into slide chunks: the first within `firstRoom` inches (too little = a new slide), the rest within `fullRoom`. */
export function chunkRows(heights: readonly number[], firstRoom: number, fullRoom: number): number[] {
  const chunks: number[] = [];
  let room = firstRoom >= MIN_FIRST * ROW_H ? firstRoom : fullRoom;
  let count = 0;
  for (const h of heights) {
    if (count > 0 && h > room + 1e-9) {
      chunks.push(count);
      count = 0;
      room = fullRoom;
    }
    count++;
    room -= h;
  }
  if (count > 0 || chunks.length === 0) chunks.push(count);
  return chunks;
}

/** Column widths in inches, proportional to the longest text in each column. */
export function columnWidths(texts: readonly string[][], total: number): number[] {
  const longest = texts[0]?.map((_, c) => Math.min(40, Math.max(4, ...texts.map((row) => row[c]?.length ?? 0)))) ?? [];
  const sum = longest.reduce((a, b) => a + b, 0) || 1;
  return longest.map((n) => (total * n) / sum);
}

type Row = TableRow;

function headerRow(deck: Deck, labels: readonly string[], columns: readonly (Column | null)[]): Row {
  return labels.map((text, i) => ({
    text,
    options: { bold: true, color: 'FFFFFF', fill: { color: deck.office.accent }, align: columns[i]?.type === 'number' ? 'right' : 'left' },
  }));
}

/** Draws a table with `header` and `rows` (already formatted) at the page's `y`. */
export function drawTable(deck: Deck, page: Page, header: Row, rows: Row[], widths: number[], fontSize = 10, height?: number): void {
  page.slide.addTable([header, ...rows], {
    x: SLIDE.margin,
    y: page.y,
    w: widths.reduce((a, b) => a + b, 0),
    colW: widths,
    rowH: ROW_H,
    fontFace: deck.office.font,
    fontSize,
    color: deck.office.text,
    border: { type: 'solid', pt: 0.5, color: 'E5E7EB' },
    margin: CELL_MARGIN,
    valign: 'middle',
    autoPage: false,
  });
  page.y += (height ?? (rows.length + 1) * ROW_H) + 0.2;
}

/** Draws a table block, continuing on new slides from `nextPage` when it does not fit. */
export function addTableBlock(deck: Deck, first: Page, block: TableBlock, nextPage: () => Page): void {
  const { office, report } = deck;
  const shown = block.rows.slice(0, MAX_ROWS);
  const texts = shown.map((row) => block.columns.map((c) => formatCell(row[c.key], c, report.period.tz)));
  const widths = columnWidths([block.columns.map((c) => c.label), ...texts], CONTENT_W);
  const header = headerRow(deck, block.columns.map((c) => c.label), block.columns);
  const caption = 0.4;
  const heights = texts.map((cells) => rowHeight(cells, widths));
  const overhead = caption + rowHeight(block.columns.map((c) => c.label), widths) + 0.3;
  const chunks = chunkRows(heights, first.room - overhead, SLIDE.bottom - SLIDE.top - overhead);
  let page = first.room - overhead >= 4 * ROW_H ? first : nextPage();
  let offset = 0;
  chunks.forEach((size, i) => {
    if (i > 0) page = nextPage();
    const title = `${block.title}${i > 0 ? ' (continued)' : ''}${block.rows.length > 0 ? ` · rows ${offset + 1}–${offset + size} of ${block.rows.length}` : ' · no rows'}`;
    page.slide.addText(title, { x: SLIDE.margin, y: page.y, w: CONTENT_W, h: caption - 0.05, fontFace: office.font, fontSize: 13, bold: true, color: office.text });
    page.y += caption;
    page.note(`${block.title} ${block.columns.map((c) => c.label).join(' ')}`, block.queryRefs);
    const rows = texts.slice(offset, offset + size).map((cells, r): Row =>
      cells.map((text, c) => {
        const column = block.columns[c];
        const missing = (shown[offset + r]?.[column?.key ?? ''] ?? null) === null;
        return { text, options: { align: column?.type === 'number' ? 'right' : 'left', ...(missing ? { color: office.muted, italic: true } : {}) } };
      }),
    );
    const height = ROW_H + heights.slice(offset, offset + size).reduce((a, b) => a + b, 0);
    drawTable(deck, page, header, rows, widths, 10, height);
    offset += size;
  });
  if (block.rows.length > shown.length) {
    page.slide.addText(`Showing the first ${shown.length} of ${block.rows.length} rows; every row is in the XLSX and CSV outputs (dataset "${block.id}").`, {
      x: SLIDE.margin, y: Math.min(page.y, SLIDE.bottom - 0.3), w: CONTENT_W, h: 0.3, fontFace: office.font, fontSize: 11, italic: true, color: office.muted,
    });
    page.y += 0.35;
  }
}
