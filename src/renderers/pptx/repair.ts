/**
 * Fixes two flaws of pptxgenjs 4 charts after the deck is written. A null value is written
 * as an empty point (`<c:v></c:v>`), which readers take as 0 or refuse; an absent point is
 * what a gap is. And the workbook embedded in each chart (what PowerPoint's "Edit Data"
 * opens) writes a 0 as an empty cell. Both are rewritten from the chart's own number cache.
 */
import JSZip from 'jszip';

const EMPTY_POINT = /<c:pt idx="\d+"><c:v><\/c:v><\/c:pt>/g;
const NUM_REF = /<c:numRef>\s*<c:f>Sheet1!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)<\/c:f>\s*<c:numCache>([\s\S]*?)<\/c:numCache>/g;
const POINT = /<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/g;

/** Cell values of the embedded sheet, by reference (`B2`), from a chart's number caches (null = empty). */
export function cachedCells(chartXml: string): Map<string, string | null> {
  const cells = new Map<string, string | null>();
  for (const [, column, first, last, cache] of chartXml.matchAll(NUM_REF)) {
    const values = new Map([...(cache ?? '').matchAll(POINT)].map((m) => [Number(m[1]), m[2] ?? '']));
    for (let row = Number(first); row <= Number(last); row++) cells.set(`${column}${row}`, values.get(row - Number(first)) ?? null);
  }
  return cells;
}

/** Rewrites the numeric cells of a sheet's XML to `cells` (empty cells for null). */
export function rewriteCells(sheetXml: string, cells: ReadonlyMap<string, string | null>): string {
  return sheetXml.replace(/<c r="([A-Z]+\d+)"(?: s="\d+")?><v>[^<]*<\/v><\/c>/g, (whole, ref: string) => {
    if (!cells.has(ref)) return whole;
    const value = cells.get(ref);
    return value === null || value === undefined ? `<c r="${ref}"/>` : `<c r="${ref}"><v>${value}</v></c>`;
  });
}

async function repairEmbedded(zip: JSZip, chartPath: string, cells: ReadonlyMap<string, string | null>): Promise<void> {
  const rels = await zip.file(chartPath.replace('charts/', 'charts/_rels/') + '.rels')?.async('string');
  const target = rels ? /Target="\.\.\/embeddings\/([^"]+\.xlsx)"/.exec(rels)?.[1] : undefined;
  const file = target ? zip.file(`ppt/embeddings/${target}`) : null;
  if (!file || !target) return;
  const book = await JSZip.loadAsync(await file.async('nodebuffer'));
  const sheet = await book.file('xl/worksheets/sheet1.xml')?.async('string');
  if (sheet === undefined) return;
  book.file('xl/worksheets/sheet1.xml', rewriteCells(sheet, cells));
  zip.file(`ppt/embeddings/${target}`, await book.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** The deck with gaps as absent points and embedded chart data equal to the chart's. */
export async function repairCharts(pptx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(pptx);
  const charts = Object.keys(zip.files).filter((path) => /^ppt\/charts\/chart\d+\.xml$/.test(path));
  for (const path of charts) {
    const xml = (await zip.file(path)?.async('string')) ?? '';
    const fixed = xml.replace(EMPTY_POINT, '');
    zip.file(path, fixed);
    await repairEmbedded(zip, path, cachedCells(fixed));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
