/**
 * The renderers, by format name: one explicit registry. A new format is one folder with an
 * `index.ts` exporting a Renderer, plus one line here (a test checks every folder is listed).
 * Every format drawn from a template gets the template's section selection applied first
 * (templates/sections.ts); JSON is the model itself and is written whole.
 */
import { ObsReportError, describeError } from '../errors.js';
import { csvRenderer } from './csv/index.js';
import { htmlRenderer } from './html/index.js';
import { jsonRenderer } from './json/index.js';
import { pdfRenderer } from './pdf/index.js';
import { withTemplateSections } from './templates/sections.js';
import type { ModelRenderer, Renderer } from './types.js';

/**
 * A renderer whose code loads when it first renders: the Office formats bring exceljs,
 * pptxgenjs, jszip and resvg, half a second of loading that runs without them should not pay.
 * A renderer that cannot load fails its format only, like any render error.
 */
export function loadedOnUse(format: string, load: () => Promise<Renderer>): Renderer {
  let loading: Promise<Renderer> | undefined;
  return {
    format,
    async render(report, ctx) {
      loading ??= load().catch((error: unknown) => {
        throw new ObsReportError('RENDER', `Could not load the ${format} renderer: ${describeError(error)}`, {
          hint: 'Reinstall the dependencies (npm ci); the other formats are not affected.',
          cause: error,
        });
      });
      return (await loading).render(report, ctx);
    },
  };
}

export const renderers: ReadonlyMap<string, Renderer | ModelRenderer> = new Map<string, Renderer | ModelRenderer>([
  ['html', withTemplateSections(htmlRenderer)],
  ['pdf', withTemplateSections(pdfRenderer)],
  ['json', jsonRenderer],
  ['pptx', withTemplateSections(loadedOnUse('pptx', async () => (await import('./pptx/index.js')).pptxRenderer))],
  ['xlsx', withTemplateSections(loadedOnUse('xlsx', async () => (await import('./xlsx/index.js')).xlsxRenderer))],
  ['csv', withTemplateSections(csvRenderer)],
]);

/** The renderer of a format, or a USAGE error listing the formats there are. */
export function getRenderer(format: string): Renderer | ModelRenderer {
  const renderer = renderers.get(format);
  if (renderer) return renderer;
  throw new ObsReportError('USAGE', `Unknown output format "${format}"`, {
    hint: `Use one of: ${[...renderers.keys()].join(', ')}.`,
  });
}

export type { ModelRenderer, RenderContext, RenderedFile, Renderer, Template, Theme } from './types.js';
export { BrowserProvider, findChromium } from './pdf/index.js';
export { loadTemplate } from './templates.js';
export { renderChartSvg } from './charts/index.js';
