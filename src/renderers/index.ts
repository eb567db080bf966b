/**
 * The renderers, by format name: one explicit registry. A new format is one folder with an
 * `index.ts` exporting a Renderer, plus one line here (a test checks every folder is listed).
 */
import { ObsReportError } from '../errors.js';
import { htmlRenderer } from './html/index.js';
import { jsonRenderer } from './json/index.js';
import { pdfRenderer } from './pdf/index.js';
import type { Renderer } from './types.js';

export const renderers: ReadonlyMap<string, Renderer> = new Map<string, Renderer>([
  ['html', htmlRenderer],
  ['pdf', pdfRenderer],
  ['json', jsonRenderer],
]);

/** The renderer of a format, or a USAGE error listing the formats there are. */
export function getRenderer(format: string): Renderer {
  const renderer = renderers.get(format);
  if (renderer) return renderer;
  throw new ObsReportError('USAGE', `Unknown output format "${format}"`, {
    hint: `Use one of: ${[...renderers.keys()].join(', ')}.`,
  });
}

export type { RenderContext, RenderedFile, Renderer, Template, Theme } from './types.js';
export { BrowserProvider, findChromium } from './pdf/index.js';
export { loadTemplate } from './templates.js';
export { renderChartSvg } from './charts/index.js';
