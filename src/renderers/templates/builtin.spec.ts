// The built-in templates differ for real, a template's sections apply to every format, and a
// team folder overriding one partial and the logo changes the outputs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sampleReport } from '../../../test/fixtures/sample-report.js';
import { readWithPython } from '../../../test/readers/python.js';
import type { Report, Section } from '../../model/report.js';
import { getRenderer } from '../index.js';
import { BrowserProvider } from '../pdf/browser.js';
import type { RenderContext, Template } from '../types.js';
import { loadTemplate } from './load.js';
import { svgToPng } from './raster.js';

let dir: string;
let browser: BrowserProvider;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-builtin-'));
  browser = new BrowserProvider();
});
after(async () => {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
});

const context = (template: Template): RenderContext => ({ template, browser, pageSize: 'A4', orientation: 'portrait' });

async function render(format: string, report: Report, template: Template): Promise<{ suffix?: string; data: Buffer | string }[]> {
  return getRenderer(format).render(report, context(template));
}

async function write(name: string, data: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

const htmlSections = (html: string): string[] => [...html.matchAll(/<section class="section" id="section-([\w-]+)"/g)].map((m) => m[1] ?? '');

describe('built-in templates', () => {
  it('load, and differ in sections, theme and stylesheets', async () => {
    const names = ['default', 'executive', 'product', 'ops', 'journeys'];
    const templates = await Promise.all(names.map((n) => loadTemplate(n)));
    assert.deepEqual(templates.map((t) => t.name), names);
    assert.equal(new Set(templates.map((t) => t.theme.palette[0])).size, names.length, 'each has its own accent');
    assert.equal(new Set(templates.map((t) => t.css)).size, names.length, 'each has its own stylesheet');
    assert.equal(templates[0]?.sections, undefined, 'default keeps every section');
    assert.deepEqual(templates[3]?.sections, { health: ['overview', 'availability-*', 'errors-*', 'latency-*', 'restarts-*', 'alerts-*'] });
    for (const template of templates) {
      const [html] = await render('html', sampleReport(), template);
      assert.match(String(html?.data), /<h1>Adoption and health<\/h1>/, `${template.name} renders`);
    }
  });

  it('ops groups health sections by topic; executive points to the XLSX instead of tables; product shows cards', async () => {
    const section = (id: string): Section => ({ id, title: id, question: `${id}?`, blocks: [] });
    const health = sampleReport({ kind: 'health', sections: ['overview', 'availability-dice', 'errors-dice', 'availability-wiki', 'errors-wiki'].map(section) });
    const [ops] = await render('html', health, await loadTemplate('ops'));
    assert.deepEqual(htmlSections(String(ops?.data)), ['overview', 'availability-dice', 'availability-wiki', 'errors-dice', 'errors-wiki']);
    assert.match(String(ops?.data), /<li class="tone-bad">Unavailable: Crashes and restarts \(loki\)/);
    const adoption = sampleReport({ sections: [{ ...section('lifecycle'), blocks: sampleReport().sections[0]?.blocks ?? [] }, section('retention')] });
    const [executive] = await render('html', adoption, await loadTemplate('executive'));
    assert.deepEqual(htmlSections(String(executive?.data)), ['lifecycle']);
    assert.match(String(executive?.data), /The table “Daily active users” \(7 rows\) is in the XLSX and CSV versions/);
    assert.ok(!String(executive?.data).includes('<table>'), 'no data table');
    const [product] = await render('html', sampleReport(), await loadTemplate('product'));
    assert.match(String(product?.data), /<div class="highlight-card tone-bad">Wiki was down/);
  });
});

describe('manifest sections in every format', () => {
  it('keep only features and health, in that order, in html, pdf, pptx, xlsx and csv', { timeout: 120_000 }, async () => {
    const folder = join(dir, 'picky');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'manifest.yaml'), 'name: picky\nextends: default\nsections: [health, features]\n');
    const template = await loadTemplate(folder);
    const report = sampleReport();

    const [html] = await render('html', report, template);
    assert.deepEqual(htmlSections(String(html?.data)), ['health', 'features']);

    const [pdf] = await render('pdf', report, template);
    const text = execFileSync('pdftotext', [await write('picky.pdf', pdf?.data ?? ''), '-'], { encoding: 'utf8' });
    assert.ok(text.indexOf('Were the apps up') < text.indexOf('Which features are used'), 'health before features');
    assert.ok(!text.includes('Are we keeping the users we win?'), 'lifecycle left out');

    const [pptx] = await render('pptx', report, template);
    const deck = await readWithPython<{ slides: { texts: string[] }[] }>('read_pptx.py', [await write('picky.pptx', pptx?.data ?? '')]);
    assert.ok(deck.slides[1]?.texts.includes('Headline figures\nHighlights\nHealth\nFeatures\nAppendix: definitions, queries, unavailable data'), 'agenda');
    assert.ok(!deck.slides.some((s) => s.texts.some((t) => t.startsWith('How many people used'))), 'adoption left out');

    const [xlsx] = await render('xlsx', report, template);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx?.data ?? '') as unknown as ArrayBuffer);
    assert.deepEqual(book.worksheets.map((s) => s.name), ['Summary', 'Feature use', 'Charts', 'Definitions', 'Queries', 'Unavailable']);

    const csv = await render('csv', report, template);
    assert.deepEqual(csv.map((f) => f.suffix), ['features']);

    const [json] = await render('json', report, template);
    assert.equal((JSON.parse(String(json?.data)) as Report).sections.length, 5, 'JSON is the model, whole');
  });
});

describe('a team folder overriding one partial and the logo', () => {
  it('changes the HTML and the PPTX accordingly', async () => {
    const logo = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#ff00aa"/></svg>', 80).data;
    const team = join(dir, 'team');
    await mkdir(join(team, 'partials'), { recursive: true });
    await writeFile(join(team, 'partials', 'highlights.hbs'), '<section class="acme-highlights">{{#each report.highlights}}<p>ACME: {{text}}</p>{{/each}}</section>\n');
    await writeFile(join(team, 'acme-logo.png'), logo);
    await writeFile(join(team, 'manifest.yaml'), 'logo: acme-logo.png\n');
    const template = await loadTemplate('default', { overrideDir: team });

    const [html] = await render('html', sampleReport(), template);
    const page = String(html?.data);
    assert.match(page, /<section class="acme-highlights"><p>ACME: Wiki was down for 3 h 12 min/);
    // Handlebars escapes the base64 padding "=" as &#x3D;.
    assert.ok(page.replaceAll('&#x3D;', '=').includes(`src="data:image/png;base64,${logo.toString('base64')}"`), 'the team logo');
    assert.match(page, /<section class="section" id="section-adoption">/, 'the other partials are the built-in ones');

    const [pptx] = await render('pptx', sampleReport(), template);
    const deck = await readWithPython<{ slides: { layoutPictures: string[] }[] }>('read_pptx.py', [await write('team.pptx', pptx?.data ?? '')]);
    const sha = createHash('sha256').update(logo).digest('hex');
    assert.ok(deck.slides.every((s) => s.layoutPictures.includes(sha)), 'every slide carries the team logo');
  });
});
