/**
 * The HTML document of a report, shared by the html and pdf renderers (the PDF is this page
 * printed, with the template's print CSS).
 */
import Handlebars from 'handlebars';
import { ObsReportError } from '../../errors.js';
import type { Report } from '../../model/report.js';
import type { TemplateRoot } from '../templates/helpers.js';
import type { Template } from '../types.js';
import { DeferredCharts } from '../charts/index.js';
import { findExternalReferences } from './external.js';
import { themeCss } from './theme-css.js';

/** Fails early when the template was not written for `format`. */
export function assertTemplateSupports(template: Template, format: string): void {
  if (template.formats.includes(format)) return;
  throw new ObsReportError('TEMPLATE', `Template "${template.name}" does not support ${format} (it supports ${template.formats.join(', ')})`, {
    hint: `Choose another template for ${format}, or add ${format} to the formats in its manifest.yaml.`,
  });
}

/** The context templates see: the report, the theme, the logo as a data: URI, and the format. */
export function templateRoot(report: Report, template: Template, format: string): TemplateRoot {
  const logo = template.logo ? `data:${template.logo.mime};base64,${template.logo.data.toString('base64')}` : null;
  return { report, format, theme: template.theme, logo };
}

/**
 * Renders the report with the template's layout into one self-contained HTML page. The charts
 * are drawn after the layout, yielding to the event loop between them (DeferredCharts).
 */
export async function renderHtmlDocument(report: Report, template: Template, format: 'html' | 'pdf'): Promise<string> {
  assertTemplateSupports(template, format);
  const context = {
    ...templateRoot(report, template, format),
    // The template's own stylesheet, checked when loaded: not data, so not escaped.
    css: new Handlebars.SafeString(template.css),
    themeCss: new Handlebars.SafeString(themeCss(template.theme)),
  };
  const charts = new DeferredCharts();
  const html = await charts.fill(template.layout(context, { data: { charts } }));
  const external = findExternalReferences(html);
  if (external.length > 0) {
    throw new ObsReportError('TEMPLATE', `Template "${template.name}" produced external references: ${external.slice(0, 3).join(', ')}`, {
      hint: 'Reports must be viewable offline: embed images as data: URLs (e.g. the logo file in manifest.yaml) and link nothing external.',
    });
  }
  return html;
}
