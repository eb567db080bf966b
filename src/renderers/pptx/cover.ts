/** The opening slides: title, agenda, the four headline figures, and the highlights. */
import { formatDate } from '../../model/format.js';
import { startOfDayIn } from '../../time/window.js';
import { CONTENT_W, Page, SLIDE, addPage, type Deck } from './deck.js';
import { addTiles } from './tiles.js';

/** "16 Nov 2026 – 22 Nov 2026" for whole days (`to` is exclusive), else with times. */
export function periodRange(from: number, to: number, tz: string): string {
  const whole = startOfDayIn(from, tz) === from && startOfDayIn(to, tz) === to;
  if (whole) return `${formatDate(from, tz, 'day')} – ${formatDate(to - 1, tz, 'day')}`;
  return `${formatDate(from, tz, 'datetime')} – ${formatDate(to, tz, 'datetime')}`;
}

/** Title slide: title, apps, period with its time zone, when it was generated, notices. */
export function addTitleSlide(deck: Deck): void {
  const { report, office } = deck;
  const slide = deck.pptx.addSlide({ masterName: 'TITLE' });
  const page = new Page(slide);
  deck.pages.push(page);
  const x = 1.0;
  const w = SLIDE.w - 2 * x;
  const tz = report.period.tz;
  slide.addText(`${report.kind} report`.toUpperCase(), { x, y: 1.2, w, h: 0.4, fontFace: office.font, fontSize: 14, bold: true, color: office.accent, charSpacing: 2 });
  slide.addText(report.title, { x, y: 1.7, w, h: 1.2, fontFace: office.headingFont, fontSize: 44, bold: true, color: office.text, valign: 'top', fit: 'shrink' });
  const apps = report.apps.map((a) => a.name).join(', ');
  slide.addText(report.subtitle ?? apps, { x, y: 2.95, w, h: 0.5, fontFace: office.font, fontSize: 20, color: office.muted });
  slide.addText(
    [
      { text: report.period.label, options: { bold: true, breakLine: true } },
      { text: periodRange(report.period.from, report.period.to, tz), options: { breakLine: true } },
      { text: `Times in ${tz}`, options: { breakLine: true } },
      { text: `Apps: ${apps}`, options: { breakLine: true } },
      { text: `Generated ${formatDate(report.generatedAt, tz, 'datetime')} (${tz})` },
    ],
    { x, y: 3.7, w, h: 1.7, fontFace: office.font, fontSize: 16, color: office.text, valign: 'top', paraSpaceAfter: 4 },
  );
  const notices = [...report.notices, ...(report.status === 'partial' ? ['Some figures are unavailable; they read "n/a" and the appendix says why.'] : [])];
  if (notices.length > 0) {
    slide.addText(notices.map((text, i) => ({ text, options: { bullet: true, breakLine: i < notices.length - 1 } })), { x, y: 5.6, w, h: 1.2, fontFace: office.font, fontSize: 13, color: office.bad, valign: 'top' });
  }
  page.note(`${report.title} ${notices.join(' ')}`);
}

/** Agenda: the parts of the deck, with the section titles in order. */
export function addAgenda(deck: Deck): void {
  const page = addPage(deck, 'Agenda');
  const items = ['Headline figures', 'Highlights', ...deck.report.sections.map((s) => s.title), 'Appendix: definitions, queries, unavailable data'];
  page.slide.addText(
    items.map((text, i) => ({ text, options: { bullet: { type: 'number' as const }, breakLine: i < items.length - 1 } })),
    { x: SLIDE.margin + 0.2, y: SLIDE.top, w: CONTENT_W - 0.4, h: SLIDE.bottom - SLIDE.top, fontFace: deck.office.font, fontSize: items.length > 12 ? 14 : 18, color: deck.office.text, valign: 'top', paraSpaceAfter: 6, fit: 'shrink' },
  );
}

/** The headline figures as big tiles, with the period they are compared against. */
export function addHeadline(deck: Deck): void {
  const { report, office } = deck;
  const page = addPage(deck, 'Headline figures', report.period.label);
  page.y = 2.0;
  if (report.headline.length > 0) addTiles(deck, page, report.headline, 2.0);
  const previous = periodRange(report.period.previous.from, report.period.previous.to, report.period.tz);
  page.slide.addText(`Changes compare with the previous period, ${previous}. Green is good news, red is bad news.`, {
    x: SLIDE.margin, y: page.y + 0.2, w: CONTENT_W, h: 0.4, fontFace: office.font, fontSize: 12, color: office.muted,
  });
  page.note('change previous period');
}

/** Highlights, most important first, each marked by its tone. */
export function addHighlights(deck: Deck): void {
  const { report, office } = deck;
  const page = addPage(deck, 'Highlights', report.period.label);
  const tones = { good: office.good, bad: office.bad, neutral: office.neutral };
  const items = report.highlights.length > 0 ? report.highlights : [{ text: 'Nothing stood out this period.', weight: 0, tone: 'neutral' as const }];
  page.slide.addText(
    items.flatMap((h, i) => [
      { text: '● ', options: { color: tones[h.tone], bold: true } },
      { text: h.text, options: { color: office.text, breakLine: i < items.length - 1 } },
    ]),
    { x: SLIDE.margin + 0.2, y: SLIDE.top, w: CONTENT_W - 0.4, h: SLIDE.bottom - SLIDE.top, fontFace: office.font, fontSize: items.length > 6 ? 16 : 20, valign: 'top', paraSpaceAfter: 12, fit: 'shrink' },
  );
  page.note(items.map((h) => h.text).join('\n'));
}
