/** Prints an HTML page to PDF with the shared browser: no scripts, no network, nothing to wait for. */
import type { Browser } from 'puppeteer-core';
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

/** Prints `html` (self-contained) to a PDF buffer, in a page that is always closed afterwards. */
export async function printPdf(browser: Browser, html: string, opts: PrintOptions): Promise<Buffer> {
  const timeout = opts.timeoutMs ?? 60_000;
  const page = await browser.newPage();
  try {
    // The page is self-contained: no script needs to run, and nothing may be fetched.
    await page.setJavaScriptEnabled(false);
    await page.setContent(html, { waitUntil: 'load', timeout });
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
    throw new ObsReportError('RENDER', `Could not print the PDF: ${describeError(error)}`, {
      hint: 'Check that Chromium runs on this machine; very large reports may need a narrower period.',
      cause: error,
    });
  } finally {
    await page.close().catch(() => undefined);
  }
}
