/** PDF: the HTML report printed by the run's shared Chromium, with header and footer from the template. */
import { renderHtmlDocument, templateRoot } from '../html/document.js';
import type { Renderer } from '../types.js';
import { printPdf } from './print.js';

export { BrowserProvider, findChromium } from './browser.js';

export const pdfRenderer: Renderer = {
  format: 'pdf',
  async render(report, ctx) {
    const html = renderHtmlDocument(report, ctx.template, 'pdf');
    const root = templateRoot(report, ctx.template, 'pdf');
    const headerHtml = ctx.template.partial('pdf-header', root) ?? undefined;
    const footerHtml = ctx.template.partial('pdf-footer', root) ?? undefined;
    const browser = await ctx.browser.get();
    const data = await printPdf(browser, html, {
      pageSize: ctx.pageSize,
      orientation: ctx.orientation,
      ...(headerHtml === undefined ? {} : { headerHtml }),
      ...(footerHtml === undefined ? {} : { footerHtml }),
    });
    return [{ ext: 'pdf', data }];
  },
};
