import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ObsReportError } from '../errors.js';
import { getRenderer, renderers } from './index.js';

// Folders of src/renderers that are shared machinery rather than a format.
const SHARED = new Set(['charts', 'templates']);

describe('renderer registry', () => {
  it('registers every format folder under its own name', () => {
    const folders = readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !SHARED.has(e.name))
      .map((e) => e.name)
      .sort();
    assert.deepEqual([...renderers.keys()].sort(), folders);
    for (const [name, renderer] of renderers) assert.equal(renderer.format, name);
  });

  it('refuses an unknown format and lists the known ones', () => {
    assert.equal(getRenderer('pdf').format, 'pdf');
    assert.throws(
      () => getRenderer('docx'),
      (error: unknown) => error instanceof ObsReportError && error.code === 'USAGE' && /docx/.test(error.message) && /html, pdf, json/.test(error.hint ?? ''),
    );
  });
});
