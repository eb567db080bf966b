/** JSON: the Report itself, pretty-printed with keys in model order (the shape is documented in docs/report-json.md). */
import type { Report } from '../../model/report.js';
import type { ModelRenderer } from '../types.js';
import { inModelOrder } from './order.js';

/** The report as JSON text: two-space indent, model key order, trailing newline. */
export function reportToJson(report: Report): string {
  return `${JSON.stringify(inModelOrder(report), null, 2)}\n`;
}

export const jsonRenderer: ModelRenderer = {
  format: 'json',
  fromModel: true,
  async render(report) {
    return [{ ext: 'json', data: reportToJson(report) }];
  },
};
