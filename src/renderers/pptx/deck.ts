/**
 * The deck being built: 16:9 slides on two masters (title and content) themed from the
 * template, and pages that remember the text and queries they show, so each slide's
 * speaker notes can list the definitions used and the queries behind its figures.
 */
import type { Pptx, Slide } from './lib.js';
import type { Report } from '../../model/report.js';
import { ColorScale } from '../charts/index.js';
import { logoImage } from '../templates/raster.js';
import type { OfficeTheme } from '../templates/office-theme.js';
import type { Template } from '../types.js';
import { speakerNotes } from './notes.js';

/** Slide geometry in inches (LAYOUT_WIDE, 13.33 x 7.5). */
export const SLIDE = { w: 13.333, h: 7.5, margin: 0.5, top: 1.6, bottom: 6.85 } as const;
/** Usable content width. */
export const CONTENT_W = SLIDE.w - 2 * SLIDE.margin;

/** Everything slide builders need. */
export interface Deck {
  pptx: Pptx;
  report: Report;
  template: Template;
  office: OfficeTheme;
  colors: ColorScale;
  pages: Page[];
}

/** One slide and what it shows (for its notes); `y` is where the next block goes. */
export class Page {
  readonly texts: string[] = [];
  readonly refs = new Set<string>();
  y: number = SLIDE.top;

  constructor(readonly slide: Slide) {}

  /** Records text shown and queries used on this slide. */
  note(text: string, refs: readonly string[] = []): void {
    this.texts.push(text);
    refs.forEach((r) => this.refs.add(r));
  }

  /** Room left below `y`. */
  get room(): number {
    return SLIDE.bottom - this.y;
  }
}

/** Defines the title and content masters: accent bar, logo, footer with period and time zone, slide number. */
export function defineMasters(deck: Deck): void {
  const { pptx, report, office } = deck;
  const logo = logoImage(deck.template.logo);
  const logoH = 0.38;
  const logoObject = logo
    ? [{ image: { x: SLIDE.w - SLIDE.margin - (logoH * logo.width) / logo.height, y: 0.3, w: (logoH * logo.width) / logo.height, h: logoH, data: `image/${logo.ext};base64,${logo.data.toString('base64')}` } }]
    : [];
  const footer = `${report.title} · ${report.period.label} · Times in ${report.period.tz}`;
  pptx.defineSlideMaster({
    title: 'CONTENT',
    background: { color: 'FFFFFF' },
    objects: [
      { rect: { x: 0, y: 0, w: SLIDE.w, h: 0.08, fill: { color: office.accent } } },
      ...logoObject,
      { text: { text: footer, options: { x: SLIDE.margin, y: 7.0, w: 10, h: 0.3, fontFace: office.font, fontSize: 9, color: office.muted } } },
    ],
    slideNumber: { x: SLIDE.w - SLIDE.margin - 0.6, y: 7.0, w: 0.6, h: 0.3, fontFace: office.font, fontSize: 9, color: office.muted, align: 'right' },
  });
  pptx.defineSlideMaster({
    title: 'TITLE',
    background: { color: 'FFFFFF' },
    objects: [{ rect: { x: 0, y: 0, w: 0.35, h: SLIDE.h, fill: { color: office.accent } } }, ...logoObject],
  });
}

/** A content slide with a title (and a small kicker above it); returns its page. */
export function addPage(deck: Deck, title: string, kicker?: string): Page {
  const { office } = deck;
  const slide = deck.pptx.addSlide({ masterName: 'CONTENT' });
  const page = new Page(slide);
  if (kicker) {
    slide.addText(kicker.toUpperCase(), { x: SLIDE.margin, y: 0.3, w: 10, h: 0.3, fontFace: office.font, fontSize: 11, bold: true, color: office.accent, charSpacing: 1 });
  }
  slide.addText(title, { x: SLIDE.margin, y: 0.6, w: CONTENT_W - 1.6, h: 0.8, fontFace: office.headingFont, fontSize: 26, bold: true, color: office.text, valign: 'top', fit: 'shrink' });
  page.note(`${kicker ?? ''} ${title}`);
  deck.pages.push(page);
  return page;
}

/** Adds the speaker notes of every page (definitions used, queries behind the figures). */
export function addNotes(deck: Deck): void {
  for (const page of deck.pages) page.slide.addNotes(speakerNotes(deck.report, page.texts.join('\n'), [...page.refs]));
}

/** A new deck for a report, themed from the template. */
export function createDeck(pptx: Pptx, report: Report, template: Template, office: OfficeTheme): Deck {
  return { pptx, report, template, office, colors: new ColorScale(template.theme, report.apps), pages: [] };
}
