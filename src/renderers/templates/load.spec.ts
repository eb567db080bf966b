import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObsReportError } from '../../errors.js';
import { sampleReport } from '../../../test/fixtures/sample-report.js';
import { renderHtmlDocument } from '../html/document.js';
import { BUILTIN_TEMPLATES_ROOT, loadTemplate } from './load.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-templates-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A fresh folder under the test's temp dir with the given files. */
async function folder(name: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  await mkdir(root, { recursive: true });
  return root;
}

/** Runs `fn` and returns the TEMPLATE error it throws. */
async function templateError(fn: () => Promise<unknown> | unknown): Promise<ObsReportError> {
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof ObsReportError, `expected an ObsReportError, got ${String(error)}`);
    assert.equal(error.code, 'TEMPLATE');
    return error;
  }
  assert.fail('expected a TEMPLATE error');
}

describe('loadTemplate', () => {
  it('loads the built-in default with its theme, logo and partials', async () => {
    const template = await loadTemplate('default');
    assert.equal(template.name, 'default');
    assert.deepEqual(template.formats, ['html', 'pdf', 'pptx', 'xlsx']);
    assert.equal(template.theme.bad, '#dc2626');
    assert.equal(template.logo?.mime, 'image/svg+xml');
    assert.match(template.css, /break-inside: avoid/);
    assert.match(template.partial('pdf-footer', { report: sampleReport() }) ?? '', /class="pageNumber"/);
    assert.equal(template.partial('no-such-partial', {}), null);
    assert.ok((await template.readFile('logo.svg'))?.length, 'reads template assets');
    assert.equal(await template.readFile('../../package.json'), null, 'never reads outside the template');
  });

  it('says which templates exist when a name is unknown', async () => {
    const error = await templateError(() => loadTemplate('fancy'));
    assert.match(error.message, /Template "fancy" not found/);
    assert.match(error.hint ?? '', /default/);
  });

  it('lets an override folder replace one partial, the logo and theme keys', async () => {
    const override = await folder('override', {
      'partials/highlights.hbs': '<section class="custom-highlights">{{#each report.highlights}}<b>{{text}}</b>{{/each}}</section>',
      'logo.png': 'not really a png',
      'manifest.yaml': "logo: logo.png\ntheme:\n  bad: '#ff0000'\n",
    });
    const template = await loadTemplate('default', { overrideDir: override });
    assert.equal(template.theme.bad, '#ff0000');
    assert.equal(template.theme.good, '#15803d', 'other theme keys stay');
    assert.equal(template.logo?.mime, 'image/png');
    const html = await renderHtmlDocument(sampleReport(), template, 'html');
    assert.match(html, /class="custom-highlights"/);
    assert.match(html, /src="data:image\/png;base64,/);
    assert.match(html, /--bad: #ff0000;/);
    assert.match(html, /class="section"/, 'the other partials are the built-in ones');
  });

  it('loads a template folder by path, from a custom built-in root too', async () => {
    const root = join(dir, 'builtin');
    await cp(join(BUILTIN_TEMPLATES_ROOT, 'default'), join(root, 'plain'), { recursive: true });
    const manifest = join(root, 'plain', 'manifest.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('name: default', 'name: plain'));
    assert.equal((await loadTemplate('plain', { builtinRoot: root })).name, 'plain');
    assert.equal((await loadTemplate(join(root, 'plain'))).name, 'plain');
  });

  it('refuses unescaped output, naming the file and line', async () => {
    const override = await folder('triple', { 'partials/highlights.hbs': '<ol>\n{{#each report.highlights}}\n<li>{{{text}}}</li>{{/each}}</ol>' });
    const error = await templateError(() => loadTemplate('default', { overrideDir: override }));
    assert.match(error.message, /partials\/highlights\.hbs:3: unescaped output/);
  });

  it('names the file and line of a syntax error, an unknown helper or partial', async () => {
    const syntax = await folder('syntax', { 'partials/cover.hbs': '<h1>\n{{#if report.title}}\n{{report.title}}\n' });
    assert.match((await templateError(() => loadTemplate('default', { overrideDir: syntax }))).message, /partials\/cover\.hbs:\d+: Parse error/);
    const helper = await folder('helper', { 'partials/cover.hbs': '<h1>\n\n{{shout report.title}}</h1>' });
    assert.match((await templateError(() => loadTemplate('default', { overrideDir: helper }))).message, /cover\.hbs:3: unknown helper "shout"/);
    const partial = await folder('partial', { 'layout.hbs': '<html>\n{{> nowhere}}</html>' });
    assert.match((await templateError(() => loadTemplate('default', { overrideDir: partial }))).message, /layout\.hbs:2: unknown partial "nowhere"/);
  });

  it('names the partial that fails while rendering', async () => {
    const override = await folder('runtime', { 'partials/highlights.hbs': '{{#each report.highlights}}\n{{#with}}{{/with}}{{/each}}' });
    const template = await loadTemplate('default', { overrideDir: override });
    const error = await templateError(() => renderHtmlDocument(sampleReport(), template, 'html'));
    assert.match(error.message, /partials\/highlights\.hbs:2: #with requires exactly one argument/);
  });

  it('refuses CSS and markup that would fetch anything', async () => {
    const css = await folder('css', { 'style.css': 'body { color: red; }\nh1 { background: url(https://example.com/x.png); }\n' });
    assert.match((await templateError(() => loadTemplate('default', { overrideDir: css }))).message, /style\.css:2: url\(https:\/\/example\.com\/x\.png\) is not allowed/);
    const imports = await folder('import', { 'style.css': '@import "theme.css";\n' });
    assert.match((await templateError(() => loadTemplate('default', { overrideDir: imports }))).message, /style\.css:1: @import/);
    const markup = await folder('markup', { 'partials/highlights.hbs': '<img src="https://example.com/pixel.gif">' });
    const template = await loadTemplate('default', { overrideDir: markup });
    const error = await templateError(() => renderHtmlDocument(sampleReport(), template, 'html'));
    assert.match(error.message, /external references: src="https:\/\/example\.com\/pixel\.gif"/);
  });

  it('validates the manifest and the formats a template supports', async () => {
    const bad = await folder('bad-manifest', { 'manifest.yaml': "theme:\n  good: green\n" });
    assert.match((await templateError(() => loadTemplate('default', { overrideDir: bad }))).message, /theme\.good: must be a hex colour/);
    const yaml = await folder('bad-yaml', { 'manifest.yaml': 'theme:\n  good: [\n' });
    assert.match((await templateError(() => loadTemplate('default', { overrideDir: yaml }))).message, /manifest\.yaml:\d+:/);
    const htmlOnly = await folder('html-only', { 'manifest.yaml': 'formats: [html]\n' });
    const template = await loadTemplate('default', { overrideDir: htmlOnly });
    assert.match((await templateError(() => renderHtmlDocument(sampleReport(), template, 'pdf'))).message, /does not support pdf/);
  });
});
