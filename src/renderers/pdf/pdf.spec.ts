// Real Chromium (Debian's), launched once for this file; poppler's pdftotext/pdfinfo read the output.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ObsReportError } from '../../errors.js';
import { sampleReport } from '../../../test/fixtures/sample-report.js';
import { renderHtmlDocument, templateRoot } from '../html/document.js';
import { loadTemplate } from '../templates/load.js';
import type { RenderContext } from '../types.js';
import { BrowserProvider, CHROMIUM_PATHS, chromiumCandidates, findChromium, headlessMode } from './browser.js';
import { pdfRenderer } from './index.js';
import { printPdf } from './print.js';

let dir: string;
let provider: BrowserProvider;
let ctx: RenderContext;
let pages: string[];
let pageCount: number;

async function writePdf(name: string, data: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

const pdfPages = (path: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-pdf-'));
  provider = new BrowserProvider();
  ctx = { template: await loadTemplate('default'), browser: provider, pageSize: 'A4', orientation: 'portrait' };
  const [file] = await pdfRenderer.render(sampleReport(), ctx);
  assert.equal(file?.ext, 'pdf');
  const path = await writePdf('sample.pdf', file?.data ?? '');
  pageCount = pdfPages(path);
  // pdftotext ends every page with a form feed.
  pages = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
});

after(async () => {
  await provider.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pdf renderer', () => {
  it('prints the title, the period and the headline figures as format.ts writes them', () => {
    const first = pages[0] ?? '';
    assert.match(first, /Adoption and health/);
    assert.match(first, /Week 47, 16-22 Nov 2026/);
    assert.match(first, /16 Nov 2026 – 22 Nov 2026/);
    assert.match(first, /Times in Europe\/Berlin/);
    for (const figure of ['1,382', '+12%', '28.7%', '+1.2 pts', '12 min', '−6%', '99.95%', '−0.04 pts']) {
      assert.ok(first.includes(figure), `page 1 shows ${figure}`);
    }
  });

  it('has several pages, each with the header and "Page X of N"', () => {
    assert.ok(pageCount > 1, `${pageCount} pages`);
    assert.equal(pages.length, pageCount);
    pages.forEach((text, i) => {
      assert.match(text, new RegExp(`Page ${i + 1} of ${pageCount}\\b`));
      assert.match(text, /Adoption and health\s+Week 47, 16-22 Nov 2026 \(Europe\/Berlin\)/);
    });
  });

  it('repeats the header row of a long table on every page it continues on', () => {
    const withRows = pages.map((text, i) => ({ i, text })).filter((p) => /^\s*u-[0-9a-f]+\s+\d+/m.test(p.text));
    assert.ok(withRows.length >= 2, `the 150-row table spans ${withRows.length} pages`);
    for (const { i, text } of withRows) assert.match(text, /User\s+Events\s+Active days\s+Sessions\s+Last seen/, `header row on page ${i + 1}`);
    // The caption is printed once: the later pages continue the table.
    assert.equal(withRows.filter((p) => /Most active users/.test(p.text)).length, 1);
  });

  it('prints Letter landscape with the same browser, and removes its profile on close', async () => {
    const [file] = await pdfRenderer.render(sampleReport(), { ...ctx, pageSize: 'Letter', orientation: 'landscape' });
    const info = execFileSync('pdfinfo', [await writePdf('letter.pdf', file?.data ?? '')], { encoding: 'utf8' });
    assert.match(info, /Page size:\s+792 x 612 pts \(letter\)/);
    assert.equal(provider.launchCount, 1);
    assert.ok(provider.profilePath !== null && existsSync(provider.profilePath), 'profile folder exists while running');
  });

  it('prints the same pages with every Chromium installed in the usual places (headless shell and full)', async () => {
    const installed = CHROMIUM_PATHS.filter((path) => existsSync(path));
    assert.ok(installed.length > 0, 'a Chromium is installed');
    for (const executablePath of installed) {
      const own = new BrowserProvider({ executablePaths: [executablePath] });
      try {
        const [file] = await pdfRenderer.render(sampleReport(), { ...ctx, browser: own });
        const path = await writePdf(`${basename(executablePath)}.pdf`, file?.data ?? '');
        // The words, not the lines: the two do not pick quite the same fonts (the full one
        // embeds DejaVu Sans Mono beside Liberation Mono), so a long query may wrap elsewhere.
        const words = (page: string) => page.split(/\s+/).join(' ').trim();
        const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
        assert.deepEqual(text.map(words), pages.map(words), `${executablePath} prints the same words on the same pages`);
      } finally {
        await own.close();
      }
    }
  });

  it('measures printing the sample against the floor: as many plain text pages', async (t) => {
    const report = sampleReport();
    const html = await renderHtmlDocument(report, ctx.template, 'pdf');
    const root = templateRoot(report, ctx.template, 'pdf');
    const options = { pageSize: 'A4' as const, orientation: 'portrait' as const, headerHtml: ctx.template.partial('pdf-header', root) ?? '', footerHtml: ctx.template.partial('pdf-footer', root) ?? '' };
    const plain = `<!DOCTYPE html><html><body>${Array.from({ length: pageCount }, (_, i) => `<p style="break-after: page">Plain page ${i + 1}</p>`).join('')}</body></html>`;
    const browser = await provider.get();
    const median = async (fn: () => Promise<unknown>): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        await fn();
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[1] ?? 0;
    };
    const full = await median(() => pdfRenderer.render(report, ctx));
    const printOnly = await median(() => printPdf(browser, html, options));
    const floor = await median(() => printPdf(browser, plain, options));
    const floorPages = pdfPages(await writePdf('floor.pdf', await printPdf(browser, plain, options)));
    assert.equal(floorPages, pageCount, 'the floor prints as many pages as the report');
    t.diagnostic(`${pageCount} pages A4: render+print ${full.toFixed(0)} ms, print only ${printOnly.toFixed(0)} ms, floor (plain text pages) ${floor.toFixed(0)} ms`);
    assert.ok(full > 0 && printOnly > 0 && floor > 0);
  });

  it('closes the browser and deletes the profile folder', async () => {
    const profile = provider.profilePath;
    await provider.close();
    assert.ok(profile !== null && !existsSync(profile), 'profile folder deleted');
    await provider.close();
  });
});

describe('finding Chromium', () => {
  it('uses PUPPETEER_EXECUTABLE_PATH, and only it, when set', () => {
    assert.equal(findChromium({ PUPPETEER_EXECUTABLE_PATH: '/opt/chrome' }, (p) => p === '/opt/chrome'), '/opt/chrome');
    assert.equal(findChromium({}, (p) => p === '/usr/bin/google-chrome'), '/usr/bin/google-chrome');
    assert.equal(findChromium({}, () => true), '/usr/bin/chromium-headless-shell');
    assert.equal(findChromium({}, (p) => p !== '/usr/bin/chromium-headless-shell'), '/usr/bin/chromium');
  });

  it('tries every Chromium found, the headless shell first, and only PUPPETEER_EXECUTABLE_PATH when set', () => {
    assert.deepEqual(chromiumCandidates({}, (p) => p === '/usr/bin/chromium' || p === '/usr/bin/chromium-headless-shell'), ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium']);
    assert.deepEqual(chromiumCandidates({ PUPPETEER_EXECUTABLE_PATH: '/opt/chrome' }, () => true), ['/opt/chrome']);
  });

  it('falls back to the next Chromium when one cannot start, and says so', async () => {
    const binDir = await mkdtemp(join(tmpdir(), 'obs-broken-chromium-'));
    const broken = join(binDir, 'chromium-headless-shell');
    // What a headless shell missing a library after an upgrade does: print why and exit.
    await writeFile(broken, '#!/bin/sh\necho "error while loading shared libraries: libfoo.so.1" >&2\nexit 127\n', { mode: 0o755 });
    const working = findChromium();
    const told: string[] = [];
    const fallback = new BrowserProvider({ executablePaths: [broken, working], onFallback: (message) => told.push(message) });
    try {
      const [file] = await pdfRenderer.render(sampleReport(), { ...ctx, browser: fallback });
      assert.equal(pdfPages(await writePdf('fallback.pdf', file?.data ?? '')), pageCount);
      assert.equal(fallback.executablePath, working);
      assert.equal(fallback.launchCount, 2);
      assert.equal(told.length, 1);
      assert.match(told[0]!, new RegExp(`${broken}.*could not start.*libfoo.*trying ${working}`));
    } finally {
      await fallback.close();
    }
    const none = new BrowserProvider({ executablePaths: [broken, join(binDir, 'missing')] });
    try {
      await assert.rejects(none.get(), (error: unknown) => {
        assert.ok(error instanceof ObsReportError && error.code === 'RENDER');
        assert.match(error.message, new RegExp(`${broken}: .*libfoo.*; ${binDir}/missing: `), 'each binary tried, and why it failed');
        assert.match(error.hint ?? '', /apt-get install chromium/);
        return true;
      });
      assert.equal(none.profilePath, null, 'no profile folder is left behind');
    } finally {
      await none.close();
      await rm(binDir, { recursive: true, force: true });
    }
  });

  it("runs a headless shell in puppeteer's shell mode and a full Chromium in its headless mode", () => {
    assert.equal(headlessMode('/usr/bin/chromium-headless-shell'), 'shell');
    assert.equal(headlessMode('/opt/chrome-headless-shell-linux64/chrome-headless-shell'), 'shell');
    assert.equal(headlessMode('/usr/bin/chromium'), true);
    assert.equal(headlessMode('/opt/headless-shell-tools/chrome'), true);
  });

  it('reports BROWSER_MISSING with what to do', async () => {
    const missing = (error: unknown): boolean =>
      error instanceof ObsReportError && error.code === 'BROWSER_MISSING' && /apt-get install chromium/.test(error.hint ?? '') && /PUPPETEER_EXECUTABLE_PATH/.test(error.hint ?? '');
    assert.throws(() => findChromium({}, () => false), missing);
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    process.env.PUPPETEER_EXECUTABLE_PATH = '/nonexistent';
    try {
      const lonely = new BrowserProvider();
      await assert.rejects(lonely.get(), (error: unknown) => missing(error) && /\/nonexistent/.test((error as Error).message));
      assert.equal(lonely.launchCount, 0);
      // The renderer draws the HTML while the browser starts; the browser's own error comes out, not a print error.
      await assert.rejects(pdfRenderer.render(sampleReport(), { ...ctx, browser: lonely }), missing);
      await lonely.close();
    } finally {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
    }
  });
});
