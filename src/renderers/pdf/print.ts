/** Prints an HTML page to PDF with the shared browser: no scripts, no network, nothing to wait for. */
import type { Browser, Page } from 'puppeteer-core';
import { ObsReportError, describeError } from '../../errors.js';

/** Page settings of one PDF. */
export interface PrintOptions {
  pageSize: 'A4' | 'Letter';
  orientation: 'portrait' | 'landscape';
  /** Chromium header/footer templates (inline styles; `pageNumber`/`totalPages` spans are filled in). */
  headerHtml?: string;
  footerHtml?: string;
  timeoutMs?: number;
}

/**
 * The page is only ever printed, never shown: on screen its body is not rendered, so Chromium
 * lays the document out once, for print, instead of first for a screen nobody sees (and then
 * again on the way back from printing). Print output is unchanged, byte for byte.
 */
const PRINT_ONLY_STYLE = '<style>@media screen { body { display: none !important; } }</style>';

function printOnly(html: string): string {
  const head = html.search(/<\/head\s*>/i);
  return head < 0 ? `${html}${PRINT_ONLY_STYLE}` : `${html.slice(0, head)}${PRINT_ONLY_STYLE}${html.slice(head)}`;
}

/**
 * Opens a page to print into, with scripts off (the page is self-contained: no script needs to
 * run). Opening takes the browser tens of milliseconds of protocol round trips: callers start it
 * before building the HTML and hand the promise to `printPdf`.
 */
export async function openPrintPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    return page;
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Prints `html` (self-contained) to a PDF buffer, in a new page of `browser` or in `page` (from
 * `openPrintPage`, possibly still waiting for the browser to start), which is always closed
 * afterwards.
 */
export async function printPdf(target: Browser | Promise<Page>, html: string, opts: PrintOptions): Promise<Buffer> {
  const timeout = opts.timeoutMs ?? 60_000;
  let page: Page | undefined;
  try {
    page = await (target instanceof Promise ? target : openPrintPage(target));
    await page.setContent(printOnly(html), { waitUntil: 'load', timeout });
    const headerFooter = opts.headerHtml !== undefined || opts.footerHtml !== undefined;
    const pdf = await page.pdf({
      format: opts.pageSize,
      landscape: opts.orientation === 'landscape',
      printBackground: true,
      displayHeaderFooter: headerFooter,
      // An empty template still needs an element, or Chromium prints its default header.
      headerTemplate: opts.headerHtml ?? '<span></span>',
      footerTemplate: opts.footerHtml ?? '<span></span>',
      margin: headerFooter ? { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' } : { top: '12mm', bottom: '12mm', left: '14mm', right: '14mm' },
      preferCSSPageSize: false,
      timeout,
    });
    return Buffer.from(pdf);
  } catch (error) {
    // A browser that could not start (its page promise) has already said what to do.
    if (error instanceof ObsReportError) throw error;
    throw new ObsReportError('RENDER', `Could not print the PDF: ${describeError(error)}`, {
      hint: 'Check that Chromium runs on this machine; very large reports may need a narrower period.',
      cause: error,
    });
  } finally {
    await page?.close().catch(() => undefined);
  }
}
