/**
 * Blocks without a native PowerPoint chart, and the small ones: a heatmap becomes a table
 * shaded by value (its numbers stay editable), a flow becomes the same Sankey picture as in
 * the PDF beside a table of its largest moves, and unavailable data is a marked box.
 */
import type { TableRow } from './lib.js';
import { formatAxisValue, formatValue } from '../../model/format.js';
import type { ChartBlock, FlowChart, HeatmapChart, UnavailableBlock } from '../../model/report.js';
import { chartPng } from '../templates/raster.js';
import { tint } from '../templates/office-theme.js';
import type { Box } from './charts.js';
import { CONTENT_W, SLIDE, type Deck, type Page } from './deck.js';
import { CELL_MARGIN, ROW_H, columnWidths, drawTable } from './tables.js';

/** Height a heatmap table needs. */
export function heatmapHeight(spec: HeatmapChart): number {
  return (spec.yCategories.length + 1) * ROW_H + 0.2;
}

/** A heatmap as a table: one row per y category, one column per x category, cells tinted by value. */
export function addHeatmapTable(deck: Deck, page: Page, spec: HeatmapChart): void {
  const values = new Map(spec.cells.map(([x, y, v]) => [`${x},${y}`, v]));
  const max = spec.cells.reduce((m, [, , v]) => (v === null ? m : Math.max(m, v)), 0);
  const accent = deck.template.theme.palette[0] ?? deck.template.theme.neutral;
  const header: TableRow = [`${spec.yLabel} / ${spec.xLabel}`, ...spec.xCategories].map((text) => ({
    text,
    options: { bold: true, color: 'FFFFFF', fill: { color: deck.office.accent }, align: 'center' },
  }));
  const rows = spec.yCategories.map((label, y): TableRow => [
    { text: label, options: { bold: true } },
    ...spec.xCategories.map((_, x) => {
      const v = values.get(`${x},${y}`) ?? null;
      if (v === null) return { text: formatValue(null, spec.unit), options: { color: deck.office.muted, italic: true, fill: { color: 'F3F4F6' }, align: 'center' as const } };
      const share = max > 0 ? v / max : 0;
      return { text: formatAxisValue(v, spec.unit), options: { fill: { color: tint(accent, 1 - 0.85 * share) }, color: share > 0.6 ? 'FFFFFF' : deck.office.text, align: 'center' as const } };
    }),
  ]);
  const first = Math.max(1.0, Math.min(1.6, CONTENT_W / 10));
  const rest = (CONTENT_W - first) / Math.max(1, spec.xCategories.length);
  drawTable(deck, page, header, rows, [first, ...spec.xCategories.map(() => rest)], spec.xCategories.length > 16 ? 8 : 10);
}

/** Largest moves first, at most `limit`. */
export function topLinks(spec: FlowChart, limit: number): FlowChart['links'] {
  return [...spec.links].sort((a, b) => b.value - a.value).slice(0, limit);
}

/** A flow: the Sankey picture on the left, its largest moves as a table on the right. */
export function addFlow(deck: Deck, page: Page, block: ChartBlock & { chart: FlowChart }, box: Box): void {
  const { report } = deck;
  const imageW = box.w * 0.62;
  const png = chartPng(block.chart, { width: Math.round(imageW * 96), height: Math.round(box.h * 96), tz: report.period.tz, theme: deck.template.theme, apps: report.apps, title: block.title });
  page.slide.addImage({ data: `image/png;base64,${png.data.toString('base64')}`, x: box.x, y: box.y, w: imageW, h: box.h, altText: block.title });
  const links = topLinks(block.chart, Math.floor(box.h / ROW_H) - 1);
  const header: TableRow = ['From', 'To', 'Count'].map((text, i) => ({ text, options: { bold: true, color: 'FFFFFF', fill: { color: deck.office.accent }, align: i === 2 ? 'right' : 'left' } }));
  const texts = links.map((l) => [l.source, l.target, formatValue(l.value, block.chart.unit)]);
  const rows = texts.map((cells): TableRow => cells.map((text, i) => ({ text, options: { align: i === 2 ? 'right' : 'left' } })));
  const tableW = box.w - imageW - 0.3;
  const widths = columnWidths([['From', 'To', 'Count'], ...texts], tableW);
  page.slide.addTable([header, ...rows], { x: box.x + imageW + 0.3, y: box.y, w: tableW, colW: widths, rowH: ROW_H, fontFace: deck.office.font, fontSize: 10, color: deck.office.text, border: { type: 'solid', pt: 0.5, color: 'E5E7EB' }, margin: CELL_MARGIN, valign: 'middle' });
  page.note(`${block.title} transitions`, block.queryRefs);
}

/** A clearly marked "data unavailable" box with the reason and datasource. */
export function addUnavailable(deck: Deck, page: Page, block: UnavailableBlock): void {
  const { office, template } = deck;
  const h = 1.05;
  page.slide.addShape('rect', { x: SLIDE.margin, y: page.y, w: CONTENT_W, h, fill: { color: tint(template.theme.bad, 0.9) }, line: { color: office.bad, width: 1 } });
  page.slide.addText(
    [
      { text: 'Data unavailable: ', options: { bold: true, color: office.bad } },
      { text: block.what, options: { bold: true, breakLine: true } },
      { text: `Why: ${block.reason}`, options: { breakLine: true } },
      { text: `Datasource: ${block.datasource}. Nothing is shown rather than a misleading zero.`, options: { color: office.muted } },
    ],
    { x: SLIDE.margin + 0.15, y: page.y + 0.05, w: CONTENT_W - 0.3, h: h - 0.1, fontFace: office.font, fontSize: 12, color: office.text, valign: 'middle', fit: 'shrink' },
  );
  page.note(`Unavailable ${block.what} ${block.reason}`);
  page.y += h + 0.25;
}
