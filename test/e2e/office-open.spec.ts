// LibreOffice (headless) must open the PPTX and XLSX outputs: each is converted to PDF with its own
// profile folder and a time bound, and the PDF must have the report's figures in it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRenderer } from '../../src/renderers/index.js';
import { loadTemplate } from '../../src/renderers/templates/load.js';
import { sampleReport } from '../fixtures/sample-report.js';

let dir: string;

/** Converts `file` to PDF with soffice in a fresh profile; resolves the PDF's text. */
function convert(file: string, name: string): Promise<string> {
  const profile = pathToFileURL(join(dir, `profile-${name}`)).href;
  return new Promise((resolve, reject) => {
    execFile('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', join(dir, name), file], { timeout: 90_000 }, (error, _stdout, stderr) => {
      if (error) return reject(new Error(`soffice failed on ${file}: ${error.message}\n${stderr}`));
      const pdf = join(dir, name, `${name}.pdf`);
      try {
        const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
        assert.ok(pages > 0, `${pdf} has pages`);
        resolve(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }));
      } catch (readError) {
        reject(readError instanceof Error ? readError : new Error(String(readError)));
      }
    });
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'obs-report-office-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('LibreOffice opens the office outputs', () => {
  it('converts the PPTX and the XLSX of the sample report to PDF', { timeout: 200_000 }, async () => {
    const ctx = { template: await loadTemplate('default'), browser: null as never, pageSize: 'A4' as const, orientation: 'portrait' as const };
    for (const format of ['pptx', 'xlsx'] as const) {
      const [file] = await getRenderer(format).render(sampleReport(), ctx);
      await writeFile(join(dir, `${format}.${format}`), file?.data ?? '');
    }
    const deck = await convert(join(dir, 'pptx.pptx'), 'pptx');
    for (const text of ['Adoption and health', '1,382', 'How many people used the apps this week', 'Data unavailable']) assert.ok(deck.includes(text), `deck shows ${text}`);
    const book = await convert(join(dir, 'xlsx.xlsx'), 'xlsx');
    for (const text of ['Headline figures', 'Weekly users', '1,382', 'Most active users']) assert.ok(book.includes(text), `workbook shows ${text}`);
  });
});
