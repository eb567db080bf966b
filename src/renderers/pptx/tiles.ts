/**
 * KPI tiles: label, the figure formatted for people, its change against the previous period
 * coloured by polarity (good green, bad red, neutral grey), the previous value and the note.
 * A figure without a value reads "n/a" and why: "unavailable", or what leaves it undefined
 * ("no incidents"), never 0.
 */
import { changeArrow, changeTone, formatKpiChange, formatValue } from '../../model/format.js';
import type { Kpi } from '../../model/report.js';
import { isLongFigure } from '../templates/helpers.js';
import { tint } from '../templates/office-theme.js';
import { CONTENT_W, SLIDE, type Deck, type Page } from './deck.js';

const GAP = 0.25;
const PER_ROW = 4;

/**
 * The font size (pt) of a tile's figure: 34 on a big (headline) tile, 26 on others, and 24
 * or 20 for a long figure (`isLongFigure`, the HTML tile's threshold). A tile's figure box
 * is about 187 pt wide with four tiles to a row; "2 min 26 s" at 34 pt bold needs more than
 * that where Segoe UI is missing (Arial, Calibri, DejaVu Sans instead), wraps, and its second
 * line covers the change line below. At the smaller size 12 characters fit.
 */
export function figureFontSize(text: string, big: boolean): number {
  if (isLongFigure(text)) return big ? 24 : 20;
  return big ? 34 : 26;
}

/** Height of a block of `count` tiles of height `tileH`. */
export function tilesHeight(count: number, tileH: number): number {
  const rows = Math.ceil(count / PER_ROW);
  return rows * tileH + (rows - 1) * GAP;
}

/** The change line of a tile: "▲ +12% vs 1,382", or "unavailable", or why a figure is undefined ("no incidents", "no incidents before"). */
export function changeLine(kpi: Kpi): string {
  if (kpi.value === null) return formatKpiChange(kpi);
  const arrow = changeArrow(kpi.change, kpi.unit);
  const change = `${arrow ? `${arrow} ` : ''}${formatKpiChange(kpi)}`;
  return kpi.previous === null ? change : `${change} vs ${formatValue(kpi.previous, kpi.unit)}`;
}

/** Draws tiles for `kpis` at the page's `y`, up to four per row, and moves `y` below them. */
export function addTiles(deck: Deck, page: Page, kpis: readonly Kpi[], tileH = 1.35): void {
  const { office, template } = deck;
  const perRow = Math.min(PER_ROW, kpis.length);
  const w = (CONTENT_W - (perRow - 1) * GAP) / perRow;
  const big = tileH >= 1.6;
  kpis.forEach((kpi, i) => {
    const x = SLIDE.margin + (i % PER_ROW) * (w + GAP);
    const y = page.y + Math.floor(i / PER_ROW) * (tileH + GAP);
    const tone = kpi.value === null ? 'neutral' : changeTone(kpi.change, kpi.polarity, kpi.unit);
    const toneColor = { good: office.good, bad: office.bad, neutral: office.neutral }[tone];
    page.slide.addShape('roundRect', { x, y, w, h: tileH, fill: { color: tint(template.theme.palette[0] ?? '#6b7280', 0.93) }, line: { color: tint(template.theme.palette[0] ?? '#6b7280', 0.75), width: 0.75 }, rectRadius: 0.08 });
    const text = { fontFace: office.font, margin: 0, valign: 'top' as const };
    page.slide.addText(kpi.label, { ...text, x: x + 0.15, y: y + 0.1, w: w - 0.3, h: 0.3, fontSize: 12, color: office.muted, fit: 'shrink' });
    const figure = formatValue(kpi.value, kpi.unit);
    // Shrink on overflow as well, for a figure of more than 12 characters or a font wider
    // than expected (readers that honour normAutofit shrink it instead of wrapping).
    page.slide.addText(figure, { ...text, x: x + 0.15, y: y + 0.38, w: w - 0.3, h: big ? 0.7 : 0.5, fontFace: office.headingFont, fontSize: figureFontSize(figure, big), bold: true, color: kpi.value === null ? office.muted : office.text, fit: 'shrink' });
    page.slide.addText(changeLine(kpi), { ...text, x: x + 0.15, y: y + (big ? 1.1 : 0.9), w: w - 0.3, h: 0.28, fontSize: 12, bold: true, color: toneColor });
    if (kpi.note && tileH - (big ? 1.4 : 1.2) >= 0.15) {
      page.slide.addText(kpi.note, { ...text, x: x + 0.15, y: y + (big ? 1.4 : 1.18), w: w - 0.3, h: tileH - (big ? 1.45 : 1.2), fontSize: 9, color: office.muted, fit: 'shrink' });
    }
    page.note(`${kpi.label} ${kpi.note ?? ''} change${kpi.value === null ? ` ${changeLine(kpi)}` : ''}`, kpi.queryRefs);
  });
  page.y += tilesHeight(kpis.length, tileH) + 0.3;
}
