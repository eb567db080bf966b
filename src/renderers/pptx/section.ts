/**
 * One section as slides: the question as the title, the section name above it, the "how to
 * read" line, then its blocks in order, flowing onto continuation slides when a slide is full.
 */
import type { Block, ChartBlock, FlowChart, HeatmapChart, Section } from '../../model/report.js';
import { addFlow, addHeatmapTable, addUnavailable, heatmapHeight } from './blocks.js';
import { addNativeChart, annotationLine, isNative } from './charts.js';
import { CONTENT_W, SLIDE, addPage, type Deck, type Page } from './deck.js';
import { addTableBlock } from './tables.js';
import { addTiles, tilesHeight } from './tiles.js';

const CAPTION = 0.4;
/** Chart height: as much as the slide has left, within these bounds (a smaller room starts a new slide). */
const CHART_H = 4.0;
const CHART_MIN_H = 2.4;
const TILE_H = 1.45;

/** Renders a section onto as many slides as it needs. */
export function addSection(deck: Deck, section: Section): void {
  const { office } = deck;
  let page = addPage(deck, section.question, section.title);
  if (section.howToRead) {
    page.slide.addText(`How to read: ${section.howToRead}`, { x: SLIDE.margin, y: 1.38, w: CONTENT_W, h: 0.34, fontFace: office.font, fontSize: 12, italic: true, color: office.muted, fit: 'shrink' });
    page.note(section.howToRead);
    page.y = 1.8;
  }
  const next = (): Page => {
    page = addPage(deck, `${section.question} (continued)`, section.title);
    return page;
  };
  const need = (height: number): Page => (page.room >= height || page.y <= 1.81 ? page : next());
  for (const block of section.blocks) addBlock(deck, block, need, next, () => page);
}

function caption(deck: Deck, page: Page, block: ChartBlock): void {
  page.slide.addText(block.title, { x: SLIDE.margin, y: page.y, w: CONTENT_W, h: CAPTION - 0.05, fontFace: deck.office.font, fontSize: 13, bold: true, color: deck.office.text });
  page.note(block.title, block.queryRefs);
  page.y += CAPTION;
}

function addBlock(deck: Deck, block: Block, need: (h: number) => Page, next: () => Page, current: () => Page): void {
  const { office } = deck;
  switch (block.kind) {
    case 'kpis':
      return addTiles(deck, need(tilesHeight(block.items.length, TILE_H) + 0.3), block.items, TILE_H);
    case 'text': {
      const h = 0.3 * Math.ceil(block.text.length / 140) + 0.05;
      const page = need(h);
      page.slide.addText(block.text, { x: SLIDE.margin, y: page.y, w: CONTENT_W, h, fontFace: office.font, fontSize: 14, color: office.text, valign: 'top', fit: 'shrink' });
      page.note(block.text);
      page.y += h + 0.1;
      return;
    }
    case 'unavailable':
      return addUnavailable(deck, need(1.3), block);
    case 'table':
      return addTableBlock(deck, current(), block, next);
    case 'chart':
      return addChartBlock(deck, block, need);
  }
}

function addChartBlock(deck: Deck, block: ChartBlock, need: (h: number) => Page): void {
  const spec = block.chart;
  if (spec.type === 'heatmap') {
    const page = need(CAPTION + heatmapHeight(spec));
    caption(deck, page, block);
    addHeatmapTable(deck, page, spec satisfies HeatmapChart);
    return;
  }
  const marks = spec.type === 'timeseries' ? annotationLine(spec, deck.report.period.tz) : '';
  const extra = CAPTION + (marks ? 0.35 : 0) + 0.1;
  const page = need(extra + CHART_MIN_H);
  const h = Math.min(CHART_H, page.room - extra);
  caption(deck, page, block);
  const box = { x: SLIDE.margin, y: page.y, w: spec.type === 'doughnut' ? CONTENT_W * 0.7 : CONTENT_W, h };
  if (isNative(spec)) addNativeChart(deck, page, block, box);
  else addFlow(deck, page, { ...block, chart: spec satisfies FlowChart }, box);
  page.y += h + 0.1;
  if (marks) {
    page.slide.addText(`Events: ${marks}`, { x: SLIDE.margin, y: page.y, w: CONTENT_W, h: 0.3, fontFace: deck.office.font, fontSize: 10, color: deck.office.muted, fit: 'shrink' });
    page.note(marks);
    page.y += 0.35;
  }
  page.y += 0.15;
}
