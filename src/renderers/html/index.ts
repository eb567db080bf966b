/** HTML: one self-contained file (inline CSS and SVG, no external references), viewable offline. */
import type { Renderer } from '../types.js';
import { renderHtmlDocument } from './document.js';

export const htmlRenderer: Renderer = {
  format: 'html',
  async render(report, ctx) {
    return [{ ext: 'html', data: await renderHtmlDocument(report, ctx.template, 'html') }];
  },
};
