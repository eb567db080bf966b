import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ObsReportError } from '../errors.js';
import { getRenderer, loadedOnUse, renderers } from './index.js';

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

  it('fails only its format when a renderer loaded on use cannot load', async () => {
    let loads = 0;
    const renderer = loadedOnUse('xlsx', () => {
      loads++;
      return Promise.reject(new Error("Cannot find package 'exceljs'"));
    });
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        renderer.render({} as never, {} as never),
        (error: unknown) => error instanceof ObsReportError && error.code === 'RENDER' && /xlsx renderer: Cannot find package 'exceljs'/.test(error.message),
      );
    }
    assert.equal(loads, 1, 'one attempt per run');
  });

  it('refuses an unknown format and lists the known ones', () => {
    assert.equal(getRenderer('pdf').format, 'pdf');
    assert.throws(
      () => getRenderer('docx'),
      (error: unknown) => error instanceof ObsReportError && error.code === 'USAGE' && /docx/.test(error.message) && /html, pdf, json/.test(error.hint ?? ''),
    );
  });
});
