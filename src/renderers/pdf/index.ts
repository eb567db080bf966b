/** PDF: the HTML report printed by the run's shared Chromium, with header and footer from the template. */
import { renderHtmlDocument, templateRoot } from '../html/document.js';
import type { Report } from '../../model/report.js';
import type { RenderContext, Renderer } from '../types.js';
import { openPrintPage, printPdf, type PrintOptions } from './print.js';

export { BrowserProvider, findChromium } from './browser.js';

/** How a report's PDF is printed: the run's page settings, the template's header and footer. */
export function printOptionsFor(report: Report, ctx: Pick<RenderContext, 'template' | 'pageSize' | 'orientation'>): PrintOptions {
  const root = templateRoot(report, ctx.template, 'pdf');
  const headerHtml = ctx.template.partial('pdf-header', root) ?? undefined;
  const footerHtml = ctx.template.partial('pdf-footer', root) ?? undefined;
  return {
    pageSize: ctx.pageSize,
    orientation: ctx.orientation,
    ...(headerHtml === undefined ? {} : { headerHtml }),
    ...(footerHtml === undefined ? {} : { footerHtml }),
  };
}

export const pdfRenderer: Renderer = {
  format: 'pdf',
  async render(report, ctx) {
    // The HTML (mostly its charts) is rendered while the browser finishes starting and opens the
    // page: in a CLI run Chromium is still starting when the report is built.
    const page = ctx.browser.get().then(openPrintPage);
    page.catch(() => undefined); // a failure is reported where the page is awaited, by printPdf
    let html: string;
    try {
      html = await renderHtmlDocument(report, ctx.template, 'pdf');
    } catch (error) {
      await page.then((p) => p.close()).catch(() => undefined);
      throw error;
    }
    const data = await printPdf(page, html, printOptionsFor(report, ctx));
    return [{ ext: 'pdf', data }];
  },
};
