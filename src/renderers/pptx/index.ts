/**
 * PPTX: a 16:9 deck for a meeting. Title, agenda, the headline figures as tiles, highlights,
 * one or more slides per section (native, editable charts; tables continued over slides),
 * then the appendix. Colours, fonts and the logo come from the template; every slide's
 * speaker notes give the definitions used and the queries behind its figures.
 */
import { PptxGenJS } from './lib.js';
import { assertTemplateSupports } from '../html/document.js';
import { officeTheme } from '../templates/office-theme.js';
import type { Renderer } from '../types.js';
import { addAppendix } from './appendix.js';
import { addAgenda, addHeadline, addHighlights, addTitleSlide } from './cover.js';
import { addNotes, createDeck, defineMasters } from './deck.js';
import { repairDeck } from './repair.js';
import { addSection } from './section.js';

/** The pptx renderer: one .pptx file per report. */
export const pptxRenderer: Renderer = {
  format: 'pptx',
  async render(report, ctx) {
    assertTemplateSupports(ctx.template, 'pptx');
    const pptx = new PptxGenJS();
    pptx.layout = 'LAYOUT_WIDE';
    pptx.author = 'obs-report';
    pptx.company = 'obs-report';
    pptx.title = `${report.title} · ${report.period.label}`;
    pptx.subject = `${report.kind} report, times in ${report.period.tz}`;
    const office = officeTheme(ctx.template.theme);
    pptx.theme = { headFontFace: office.headingFont, bodyFontFace: office.font };
    const deck = createDeck(pptx, report, ctx.template, office);
    defineMasters(deck);
    addTitleSlide(deck);
    addAgenda(deck);
    addHeadline(deck);
    addHighlights(deck);
    for (const section of report.sections) addSection(deck, section);
    addAppendix(deck);
    addNotes(deck);
    const written = await pptx.write({ outputType: 'nodebuffer', compression: true });
    if (!Buffer.isBuffer(written)) throw new TypeError('pptxgenjs did not return a Buffer');
    return [{ ext: 'pptx', data: await repairDeck(written) }];
  },
};
