/**
 * Fixes flaws of the decks pptxgenjs 4.0.1 writes, after the deck is written.
 *
 * Chart data: a null value is written as an empty point (`<c:v></c:v>`), which readers take
 * as 0 or refuse; an absent point is what a gap is. And the workbook embedded in each chart
 * (what PowerPoint's "Edit Data" opens) writes a 0 as an empty cell. Both are rewritten from
 * the chart's own number cache.
 *
 * Package structure, for which PowerPoint offers to repair the file:
 * - `[Content_Types].xml` declares a slide master part per slide, though only
 *   slideMaster1.xml is written (gitbrent/PptxGenJS#1444): Overrides, and relationships,
 *   naming parts the package lacks are dropped.
 * - Bar, line and area charts reference three axis ids but define two axes
 *   (gitbrent/PptxGenJS#1534): ids of axes the plot area does not define are dropped.
 * - Shape ids (`p:cNvPr id`) repeat on a slide: the slide number is always 25, a table is
 *   `n * slideNumber + 1`, other objects are their index + 2. Repeats are renumbered.
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

/** `[Content_Types].xml` without the Overrides of parts `exists` denies (part names are absolute: `/ppt/…`). */
export function pruneOverrides(contentTypes: string, exists: (part: string) => boolean): string {
  return contentTypes.replace(/<Override\b[^>]*?\bPartName="([^"]*)"[^>]*\/>/g, (whole, name: string) => (exists(partPath('', name)) ? whole : ''));
}

/**
 * The part a relationship target names, as a zip path: absolute targets from the package
 * root, relative ones from the folder of the source part (`base`, '' for the package).
 */
export function partPath(base: string, target: string): string {
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // Not percent-encoded after all: taken as it is.
  }
  const segments: string[] = [];
  for (const segment of (decoded.startsWith('/') ? decoded : `${base}/${decoded}`).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return segments.join('/');
}

/**
 * A relationships part without the internal relationships whose target `exists` denies.
 * `rels` is the part's path (`ppt/slides/_rels/slide1.xml.rels`); `source` is the XML of the
 * part it belongs to: a relationship that part still uses (`r:id="rId3"`) is kept, since
 * dropping it would leave a dangling reference, a worse fault than the missing target.
 */
export function pruneRelationships(relsXml: string, rels: string, source: string, exists: (part: string) => boolean): string {
  const base = rels.replace(/(^|\/)_rels\/[^/]*$/, '');
  return relsXml.replace(/<Relationship\b([^>]*?)\/>/g, (whole, attributes: string) => {
    if (/\bTargetMode="External"/.test(attributes)) return whole;
    const id = /\bId="([^"]*)"/.exec(attributes)?.[1];
    const target = /\bTarget="([^"]*)"/.exec(attributes)?.[1];
    if (id === undefined || target === undefined || exists(partPath(base, target))) return whole;
    return source.includes(`="${id}"`) ? whole : '';
  });
}

/**
 * A chart part whose chart-type elements (`c:barChart`, `c:lineChart`, …) reference only the
 * axes its plot area defines (`c:catAx`, `c:valAx`, `c:dateAx`, `c:serAx`, each named by its
 * first child `c:axId`). A chart without axes (pie, doughnut) is left as it is.
 */
export function dropUndefinedAxes(chartXml: string): string {
  return chartXml.replace(/<c:plotArea>[\s\S]*?<\/c:plotArea>/g, (plotArea) => {
    const defined = new Set([...plotArea.matchAll(/<c:(?:catAx|valAx|dateAx|serAx)>\s*<c:axId val="(\d+)"\/>/g)].map((m) => m[1]));
    return plotArea.replace(/<c:(\w+Chart)\b[^>]*>[\s\S]*?<\/c:\1>/g, (chart) =>
      chart.replace(/<c:axId val="(\d+)"\/>/g, (axId, id: string) => (defined.has(id) ? axId : '')),
    );
  });
}

/**
 * A slide (or layout, master, notes) part whose shape ids are unique: the first shape with an
 * id keeps it, a later one with the same id gets the next id above all ids of the part.
 * pptxgenjs writes nothing that refers to shape ids (no animations, connectors or shape
 * hyperlinks; notes refer to the slide, not its shapes), so nothing else needs rewriting;
 * were there such a reference to a repeated id, it would keep meaning the first shape.
 */
export function uniqueShapeIds(partXml: string): string {
  const CNVPR = /(<p:cNvPr\b[^>]*?\bid=")(\d+)(")/g;
  let next = Math.max(0, ...[...partXml.matchAll(CNVPR)].map((m) => Number(m[2]))) + 1;
  const seen = new Set<string>();
  return partXml.replace(CNVPR, (whole, start: string, id: string, end: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      return whole;
    }
    return `${start}${next++}${end}`;
  });
}

async function text(zip: JSZip, path: string): Promise<string> {
  return (await zip.file(path)?.async('string')) ?? '';
}

/** Drops the Overrides and relationships that name parts the package lacks. */
async function repairPackage(zip: JSZip): Promise<void> {
  const exists = (path: string): boolean => zip.file(path) !== null;
  zip.file('[Content_Types].xml', pruneOverrides(await text(zip, '[Content_Types].xml'), exists));
  for (const rels of Object.keys(zip.files).filter((path) => /(^|\/)_rels\/[^/]*\.rels$/.test(path))) {
    const source = rels.replace(/(^|\/)_rels\/([^/]*)\.rels$/, '$1$2');
    zip.file(rels, pruneRelationships(await text(zip, rels), rels, exists(source) ? await text(zip, source) : '', exists));
  }
}

/**
 * The deck with gaps as absent points, embedded chart data equal to the chart's, charts
 * referencing only axes they define, unique shape ids per slide, and a content-types part
 * and relationships naming only parts that exist.
 */
export async function repairDeck(pptx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(pptx);
  const charts = Object.keys(zip.files).filter((path) => /^ppt\/charts\/chart\d+\.xml$/.test(path));
  for (const path of charts) {
    const fixed = dropUndefinedAxes((await text(zip, path)).replace(EMPTY_POINT, ''));
    zip.file(path, fixed);
    await repairEmbedded(zip, path, cachedCells(fixed));
  }
  const shapeParts = Object.keys(zip.files).filter((path) => /^ppt\/(slides|slideLayouts|slideMasters|notesSlides|notesMasters)\/[^/]+\.xml$/.test(path));
  for (const path of shapeParts) zip.file(path, uniqueShapeIds(await text(zip, path)));
  await repairPackage(zip);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
