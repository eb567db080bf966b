// A control character in data read from logs (here a feature name) is replaced when the report is
// built, so that the XML formats stay valid: before, the XLSX failed (exit 2) and the PPTX held a
// raw 0x07 that strict XML readers refuse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import JSZip from 'jszip';
import { loadConfig } from '../config/load.js';
import { loadTemplate } from '../renderers/templates/load.js';
import { pptxRenderer } from '../renderers/pptx/index.js';
import { xlsxRenderer } from '../renderers/xlsx/index.js';
import { buildReportFor } from '../run/generate.js';
import { createSources } from '../sources/registry.js';
import { resolvePeriod } from '../time/period.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

describe('text that XML cannot hold', () => {
  it('becomes U+FFFD in the report, and the XLSX and PPTX are written with valid characters only', async () => {
    const { config } = await loadConfig({ allowBuiltin: true });
    const dice = config.apps.find((a) => a.id === 'dice')!;
    dice.features = dice.features.map((f) => (f === 'roll' ? 'roll\u0007' : f === 'history' ? 'nul\u0000byte' : f));
    const sources = await createSources(config, { demo: true, now: NOW, demoUsers: 100 });
    const period = resolvePeriod('2026-11-16..2026-11-22', 'UTC', NOW);
    const report = await buildReportFor({ config, kind: 'usage', apps: ['dice'], period, formats: ['json'], outDir: '', now: NOW }, sources);
    const json = JSON.stringify(report);
    assert.ok(json.includes('roll\uFFFD') && json.includes('nul\uFFFDbyte'), 'the feature names, with U+FFFD');
    assert.doesNotMatch(json, /\\u000[07]/);
    const ctx = { template: await loadTemplate('default'), browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };
    for (const renderer of [xlsxRenderer, pptxRenderer]) {
      const [file] = await renderer.render(report, ctx);
      const zip = await JSZip.loadAsync(file!.data);
      const parts = Object.values(zip.files).filter((f) => /\.(xml|rels)$/.test(f.name));
      assert.ok(parts.length > 5);
      for (const part of parts) assert.doesNotMatch(await part.async('string'), NOT_XML, `${renderer.format} ${part.name}`);
    }
  });
});
