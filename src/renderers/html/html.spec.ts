import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE_FEATURE, HOSTILE_USER, sampleReport } from '../../../test/fixtures/sample-report.js';
import { loadTemplate } from '../templates/load.js';
import type { Template } from '../types.js';
import { renderHtmlDocument } from './document.js';
import { findExternalReferences } from './external.js';
import { htmlRenderer } from './index.js';

let template: Template;
let html: string;

before(async () => {
  template = await loadTemplate('default');
  const ctx = { template, browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };
  const [file] = await htmlRenderer.render(sampleReport(), ctx);
  assert.equal(file?.ext, 'html');
  html = String(file?.data);
});

/** Visible text of an element's content, roughly: tags removed, entities kept. */
const stripTags = (fragment: string): string => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('html renderer', () => {
  it('escapes hostile data: no live tag, shown as text', () => {
    assert.ok(!html.includes(HOSTILE_USER), 'the raw user id must not appear');
    assert.ok(!/<img[^>]*onerror/i.test(html), 'no live <img onerror>');
    assert.ok(html.includes('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'), 'the user id is shown escaped in the table');
    assert.ok(html.includes('&#x3D;HYPERLINK(&quot;http://x&quot;)'), 'the feature name is shown escaped');
    assert.ok(!html.includes(HOSTILE_FEATURE), 'the raw feature name must not appear');
    assert.ok(html.includes('Deploy dice &lt;b&gt;v2.4&lt;/b&gt;'), 'annotation text is escaped inside the SVG');
  });

  it('has no external references at all', () => {
    assert.deepEqual(findExternalReferences(html), []);
    // Independent of the helper under test: every src/href value is data: or #.
    for (const match of html.matchAll(/\s(?:src|href)\s*=\s*"([^"]*)"/gi)) {
      assert.match(match[1] ?? '', /^(data:|#)/, `external reference ${match[0]}`);
    }
    assert.ok(!/@import/i.test(html), 'no @import');
    for (const match of html.matchAll(/url\(([^)]*)\)/gi)) assert.match(match[1] ?? '', /^['"]?(data:|#)/, `url ${match[0]}`);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('draws every chart block as inline SVG, with the block title outside it', () => {
    const charts = [...html.matchAll(/<figure class="block chart-block chart-(\w+)"[\s\S]*?<\/figure>/g)];
    assert.deepEqual(charts.map((m) => m[1]), ['timeseries', 'timeseries', 'bar', 'doughnut', 'heatmap', 'flow', 'bar', 'timeseries']);
    for (const [figure] of charts) assert.match(figure, /<figcaption>[^<]+<\/figcaption>\s*<div class="chart"><svg role="img"[\s\S]*<\/svg><\/div>/);
  });

  it('says what is unavailable and why, never zero', () => {
    const block = /<div class="block unavailable"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
    const text = stripTags(block);
    assert.match(text, /Data unavailable Crashes and restarts/);
    assert.match(text, /Why: Loki answered HTTP 504: Request timed out/);
    assert.match(text, /Datasource: loki/);
    const crashes = /<div class="kpi kpi-na">[\s\S]*?Crashes[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '';
    assert.match(stripTags(crashes), /Crashes n\/a unavailable/);
    // A figure that is not defined (no incidents to average) says so, not "unavailable".
    const mtbf = /<div class="kpi kpi-na">[\s\S]*?time between failures[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '';
    assert.match(stripTags(mtbf), /Dice: time between failures n\/a no incidents/);
    assert.match(html, /<td class="num na">n\/a<\/td>/, 'missing table cells say n/a');
  });

  it('states each reason for unavailable data once in the appendix, with everything it took away', async () => {
    const report = sampleReport();
    const reason = 'Loki answered HTTP 504: Request timed out, decrease the duration of the request';
    report.appendix.unavailable.push({ what: 'Restarts', reason, datasource: 'loki', section: 'health' }, { what: 'Request rate', reason: 'Prometheus refused the query', datasource: 'prometheus', section: 'health' });
    const ctx = { template, browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };
    const [file] = await htmlRenderer.render(report, ctx);
    const table = /<table class="unavailable-table">[\s\S]*?<\/table>/.exec(String(file?.data))?.[0] ?? '';
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => stripTags(m[1]!).trim());
    assert.deepEqual(rows, [
      `Crashes and restarts (Health) Restarts (Health) loki ${reason}`,
      'Request rate (Health) prometheus Prometheus refused the query',
    ]);
  });

  it('shows the cover figures formatted, with their change coloured by polarity', () => {
    const cover = stripTags(/<header class="cover">[\s\S]*?<\/header>/.exec(html)?.[0] ?? '');
    assert.match(cover, /Week 47, 16-22 Nov 2026 16 Nov 2026 – 22 Nov 2026 Times in Europe\/Berlin/);
    assert.match(cover, /Weekly users 1,382 ▲ \+12% vs 1,234/);
    assert.match(cover, /Stickiness 28\.7% ▲ \+1\.2 pts vs 27\.5%/);
    assert.match(cover, /Median session 12 min ▼ −6% vs 13 min/);
    assert.match(cover, /Uptime 99\.95% ▼ −0\.04 pts vs 99\.99%/);
    assert.match(html, /<div class="kpi-change tone-good">▲ \+12%/);
    assert.match(html, /<div class="kpi-change tone-bad">▼ −0\.04 pts/);
    assert.match(cover, /User ids are pseudonymised/);
  });

  it('lists highlights in order and the appendix with queries, sections and datasources', () => {
    const highlights = [...html.matchAll(/<li class="tone-(\w+)">([^<]*)<\/li>/g)].map((m) => `${m[1]}: ${m[2]}`);
    assert.equal(highlights[0], 'bad: Wiki was down for 3 h 12 min on Friday, the longest incident this month.');
    const appendix = stripTags(/<section class="appendix"[\s\S]*<\/section>/.exec(html)?.[0] ?? '');
    assert.match(appendix, /q1 distinct users per day loki \(loki\)/);
    assert.match(appendix, /Used by: Adoption, New, returning and dormant users/);
    assert.match(appendix, /Crashes and restarts \(Health\) loki Loki answered HTTP 504/);
    assert.match(appendix, /prometheus prometheus http:\/\/prometheus:9090/);
  });

  it('never shows credentials of a datasource URL', async () => {
    const report = sampleReport();
    report.appendix.datasources = [{ name: 'loki', type: 'loki', url: 'https://reporter:s3cret@loki.example.com/' }];
    const page = await renderHtmlDocument(report, template, 'html');
    assert.ok(!page.includes('s3cret'), 'password leaked');
    assert.ok(page.includes('https://loki.example.com/'), 'the URL without credentials is shown');
  });
});

describe('findExternalReferences', () => {
  it('finds fetches in tags and CSS, and ignores data:, #fragments and escaped text', () => {
    const found = findExternalReferences(
      '<img src="https://x/y.png"><a href=//cdn/x>x</a><svg><use xlink:href="http://x#a"/></svg>' +
        '<style>@import "a.css"; b { background: url(https://x/b.png) } c { background: url(data:image/png;base64,AA) }</style>' +
        '<p style="background:url(\'http://x/c.png\')">x</p>' +
        '<img src="data:image/png;base64,AA"><a href="#q1">q1</a><p>&lt;img src=http://x&gt; url(http://text)</p>',
    );
    assert.deepEqual(found, [
      'src="https://x/y.png"',
      'href=//cdn/x',
      'xlink:href="http://x#a"',
      "url('http://x/c.png",
      'url(https://x/b.png',
      '@import "a.css"',
    ]);
  });
});
