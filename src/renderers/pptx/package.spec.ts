// The deck's package read back as a zip: the structural faults of pptxgenjs 4.0.1 for which
// PowerPoint offers to repair the file are gone (see repair.ts).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import type { Kpi } from '../../model/report.js';
import { sampleReport } from '../../../test/fixtures/sample-report.js';
import { loadTemplate } from '../templates/load.js';
import { pptxRenderer } from './index.js';
import { partPath } from './repair.js';

const decks = new Map<string, JSZip>();

async function render(report: ReturnType<typeof sampleReport>): Promise<JSZip> {
  const ctx = { template: await loadTemplate('default'), browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };
  const [file] = await pptxRenderer.render(report, ctx);
  assert.ok(file && Buffer.isBuffer(file.data));
  return JSZip.loadAsync(file.data);
}

before(async () => {
  const sample = sampleReport();
  decks.set('the sample report', await render(sample));
  // Six headline tiles put more than 24 shapes on the headline slide: pptxgenjs gives the
  // 24th the id 25, the id it always gives the slide number.
  const headline: Kpi[] = [...sample.headline, ...sample.headline.slice(0, 2).map((k) => ({ ...k, id: `${k.id}_2` }))];
  decks.set('six headline figures', await render(sampleReport({ headline })));
});

const read = async (zip: JSZip, path: string): Promise<string> => (await zip.file(path)?.async('string')) ?? '';
const paths = (zip: JSZip, pattern: RegExp): string[] => Object.keys(zip.files).filter((p) => pattern.test(p));

for (const name of ['the sample report', 'six headline figures']) {
  describe(`pptx package structure, ${name}`, () => {
    it('declares content types only for parts it holds', async () => {
      const zip = decks.get(name)!;
      const overrides = [...(await read(zip, '[Content_Types].xml')).matchAll(/<Override\b[^>]*?PartName="([^"]*)"/g)].map((m) => m[1]!);
      assert.ok(overrides.includes('/ppt/slideMasters/slideMaster1.xml'));
      assert.deepEqual(overrides.filter((part) => zip.file(partPath('', part)) === null), []);
    });

    it('has every internal relationship target in the package', async () => {
      const zip = decks.get(name)!;
      const missing: string[] = [];
      for (const rels of paths(zip, /(^|\/)_rels\/[^/]*\.rels$/)) {
        const base = rels.replace(/(^|\/)_rels\/[^/]*$/, '');
        for (const [, attributes] of (await read(zip, rels)).matchAll(/<Relationship\b([^>]*?)\/>/g)) {
          if (/TargetMode="External"/.test(attributes!)) continue;
          const target = partPath(base, /Target="([^"]*)"/.exec(attributes!)?.[1] ?? '');
          if (zip.file(target) === null) missing.push(`${rels} -> ${target}`);
        }
      }
      assert.deepEqual(missing, []);
    });

    it('references in each chart only the axes its plot area defines', async () => {
      const zip = decks.get(name)!;
      const charts = paths(zip, /^ppt\/charts\/chart\d+\.xml$/);
      assert.ok(charts.length >= 6);
      const kinds = new Set<string>();
      for (const path of charts) {
        const plotArea = /<c:plotArea>([\s\S]*)<\/c:plotArea>/.exec(await read(zip, path))?.[1] ?? '';
        const defined = [...plotArea.matchAll(/<c:(?:catAx|valAx|dateAx|serAx)>\s*<c:axId val="(\d+)"\/>/g)].map((m) => m[1]);
        for (const [, kind, body] of plotArea.matchAll(/<c:(\w+Chart)\b[^>]*>([\s\S]*?)<\/c:\1>/g)) {
          kinds.add(kind!);
          const used = [...body!.matchAll(/<c:axId val="(\d+)"\/>/g)].map((m) => m[1]);
          assert.deepEqual(used.filter((id) => !defined.includes(id)), [], `${path} (${kind}) references undefined axes`);
          assert.equal(used.length, kind === 'doughnutChart' || kind === 'pieChart' ? 0 : 2, `${path} (${kind}) uses a category and a value axis`);
        }
      }
      assert.deepEqual([...kinds].sort(), ['areaChart', 'barChart', 'doughnutChart', 'lineChart']);
    });

    it('gives every shape of a slide, layout, master or notes page its own id', async () => {
      const zip = decks.get(name)!;
      const repeated: string[] = [];
      for (const path of paths(zip, /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters)\/[^/]+\.xml$/)) {
        const ids = [...(await read(zip, path)).matchAll(/<p:cNvPr\b[^>]*?\bid="(\d+)"/g)].map((m) => m[1]!);
        const seen = new Set<string>();
        for (const id of ids) if (seen.has(id)) repeated.push(`${path}: ${id}`);
        else seen.add(id);
      }
      assert.deepEqual(repeated, []);
    });
  });
}
