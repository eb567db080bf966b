// One `generate --demo --format pdf` run, in its own process, on the compiled code (dist/), with
// phase timings, the process's peak RSS, and the floor: Chromium printing as many plain pages,
// cold (first print of a fresh browser) and in steady state. Prints one JSON line. The Chromium
// is the one a run would use (PUPPETEER_EXECUTABLE_PATH, else the first usual path that starts).
// Run by bench/run.ts; argv: users days kind app period.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../dist/config/load.js';
import { createSources } from '../dist/sources/registry.js';
import { buildReportFor } from '../dist/run/generate.js';
import { RenderSession, renderAll } from '../dist/run/render.js';
import { printPdf } from '../dist/renderers/pdf/print.js';
import { renderHtmlDocument } from '../dist/renderers/html/document.js';
import { printOptionsFor } from '../dist/renderers/pdf/index.js';
import { selectSections } from '../dist/renderers/templates/sections.js';
import { BrowserProvider } from '../dist/renderers/pdf/browser.js';
import { resolvePeriod } from '../dist/time/period.js';
import { writeFileAtomic } from '../dist/delivery/files.js';
import { codeCacheState } from '../dist/renderers/charts/echarts-code.js';

const [users, days, kind, app, periodSpec] = process.argv.slice(2);
const now = Date.parse('2026-11-25T10:00:00Z');
const t0 = performance.now();
const { config } = await loadConfig({ allowBuiltin: true });
config.datasources.demo.historyDays = Number(days);
const period = resolvePeriod(periodSpec, config.timezone, now);
// In the order of `obs-report generate`: Chromium starts while the data is fetched and the
// report built, and the PDF step begins when the report is ready.
const session = new RenderSession(config);
const launchStart = performance.now();
session.prewarm(['pdf']);
const sources = await createSources(config, { demo: true, now, demoUsers: Number(users) });
const t1 = performance.now();
const request = { config, kind, apps: app === '-' ? [] : [app], period, formats: ['pdf'], outDir: '', now };
const report = await buildReportFor(request, sources);
const t2 = performance.now();
// The step is timed from a ready browser, as the floor is: Chromium's start (and loading
// puppeteer, which waits for the demo's data phase to free the event loop) is in the whole run.
// A CLI run draws the HTML while the browser starts; here it waits, so the step is only the
// drawing and printing.
const browser = await session.browser.get();
const t3 = performance.now();
const headStartMs = t2 - launchStart;
const [outcome] = await renderAll(report, ['pdf'], session);
const t4 = performance.now();
if (!outcome || 'error' in outcome) throw outcome?.error ?? new Error('no pdf');
const pdf = outcome.files[0].data;
const dir = await mkdtemp(join(tmpdir(), 'obs-bench-'));
await writeFileAtomic(join(dir, 'report.pdf'), pdf);
const t5 = performance.now();
const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
// Warm figures, in steady state: the PDF step again and the floor (as many plain pages, same
// browser, same header/footer settings), 3 rounds of each to warm up (V8 optimises ECharts and
// the templates over the first renders), then 21 rounds alternating them, so that both see the
// same machine; the medians are reported (with 9 rounds the ratio moved by ±0.3 between runs).
// Two floors: pages of plain text (each filled with unstyled paragraphs, what Chromium must lay
// out and print for a page of prose) and near-empty pages (one line each: the fixed cost).
const prose = 'The quick brown fox jumps over the lazy dog while the report counts the users of every app. '.repeat(8);
const plain = `<!DOCTYPE html><html><body style="font-family: sans-serif; font-size: 12px">${Array.from({ length: pages }, () => `<div style="break-after: page">${`<p>${prose}</p>`.repeat(9)}</div>`).join('')}</body></html>`;
const empty = `<!DOCTYPE html><html><body>${Array.from({ length: pages }, (_, i) => `<p style="break-after: page">Plain page ${i + 1}</p>`).join('')}</body></html>`;
const footer = '<span style="font-size:8px">Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>';
const floorOptions = { pageSize: 'A4', orientation: 'portrait', headerHtml: '<span></span>', footerHtml: footer };
const timed = async (fn) => {
  const s = performance.now();
  await fn();
  return performance.now() - s;
};
// Each round renders a copy of the report: charts already drawn for a report are reused, and
// the step measured here must draw them.
const ROUNDS = 24;
const copies = Array.from({ length: ROUNDS }, () => structuredClone(report));
const step = async () => {
  const [result] = await renderAll(copies.pop(), ['pdf'], session);
  if (!result || 'error' in result) throw result?.error ?? new Error('no pdf');
};
// A third figure for where the step's time goes: the report's HTML, drawn once beforehand,
// printed as the step prints it (the template's sections, header and footer): what Chromium
// alone spends on it.
const template = await session.template();
const shown = selectSections(structuredClone(report), template.sections);
const drawn = await renderHtmlDocument(shown, template, 'pdf');
const drawnOptions = printOptionsFor(shown, { template, ...session.page });
const rounds = { step: [], floor: [], empty: [], printOnly: [] };
for (let i = 0; i < ROUNDS; i++) {
  const times = [
    await timed(step),
    await timed(() => printPdf(browser, plain, floorOptions)),
    await timed(() => printPdf(browser, empty, floorOptions)),
    await timed(() => printPdf(browser, drawn, drawnOptions)),
  ];
  if (i < 3) continue;
  rounds.step.push(times[0]);
  rounds.floor.push(times[1]);
  rounds.empty.push(times[2]);
  rounds.printOnly.push(times[3]);
}
const median = (xs) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
const pdfStepWarmMs = median(rounds.step);
const floorMs = median(rounds.floor);
const emptyPagesMs = median(rounds.empty);
const printOnlyMs = median(rounds.printOnly);
// The cold floor: the first print of a freshly launched browser, started as long before the
// print as the browser of the PDF step above was started before its report was ready.
const fresh = new BrowserProvider();
const freshStart = performance.now();
const freshBrowser = await fresh.get();
await sleep(Math.max(0, headStartMs - (performance.now() - freshStart)));
const floorColdMs = Math.round(await timed(() => printPdf(freshBrowser, plain, floorOptions)));
await fresh.close();
const maxRssMb = process.resourceUsage().maxRSS / 1024;
// The Chromium the session started (the step and the floors use it).
const chromium = { path: session.browser.executablePath, version: await browser.version() };
await session.close();
await rm(dir, { recursive: true, force: true });
const ms = (a, b) => Math.round(b - a);
console.log(JSON.stringify({
  users: Number(users), days: Number(days), kind, app, period: period.slug, chromium, pages, bytes: pdf.length, codeCache: codeCacheState(),
  orgAndSourcesMs: ms(t0, t1), reportMs: ms(t1, t2), browserWaitMs: ms(t2, t3), browserHeadStartMs: Math.round(headStartMs), pdfStepMs: ms(t3, t4), writeMs: ms(t4, t5),
  wholeRunMs: ms(t0, t5), pdfStepWarmMs, floorMs, emptyPagesMs, printOnlyMs, floorColdMs, maxRssMb: Math.round(maxRssMb),
}));
