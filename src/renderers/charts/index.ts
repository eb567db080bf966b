/**
 * Charts as self-contained SVG strings, drawn by Apache ECharts on the server. The same SVG
 * goes inline into HTML/PDF and, later, as an image into PPTX/XLSX, so it references
 * nothing outside itself.
 */
import { randomBytes } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import type { EChartsOption } from 'echarts';
import { ObsReportError, describeError } from '../../errors.js';
import type { ChartSpec } from '../../model/report.js';
import { barOption } from './bar.js';
import { ColorScale } from './colors.js';
import type { BuildContext, ChartOptions } from './common.js';
import { doughnutOption } from './doughnut.js';
import { echartsLib, noteChartDrawn } from './echarts-code.js';
import { flowOption } from './flow.js';
import { heatmapOption } from './heatmap.js';
import { timeseriesOption } from './timeseries.js';

export type { ChartOptions } from './common.js';
export { ColorScale } from './colors.js';
export { saveChartCodeCache } from './echarts-code.js';

/** Loads ECharts now rather than with the first chart (RenderSession.prewarm); a failure shows when a chart is drawn. */
export function preloadCharts(): void {
  try {
    echartsLib();
  } catch {
    // drawing reports it, with the chart it was for
  }
}

function optionFor(spec: ChartSpec, ctx: BuildContext): EChartsOption {
  switch (spec.type) {
    case 'timeseries':
      return timeseriesOption(spec, ctx);
    case 'bar':
      return barOption(spec, ctx);
    case 'doughnut':
      return doughnutOption(spec, ctx);
    case 'heatmap':
      return heatmapOption(spec, ctx);
    case 'flow':
      return flowOption(spec, ctx);
  }
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * SVGs already drawn, per spec and options: a run that writes HTML and PDF of one report (or
 * one report for several stakeholders with one template) draws each chart once. Specs are part
 * of a built report and never change afterwards; a new report has new specs.
 */
const drawn = new WeakMap<ChartSpec, Map<string, string>>();

/** Renders a chart spec to an SVG string (with a viewBox, so it scales) in the report's time zone and theme. */
export function renderChartSvg(spec: ChartSpec, opts: ChartOptions): string {
  const key = JSON.stringify([opts.width, opts.height, opts.tz, opts.theme, opts.apps ?? null, opts.title ?? null]);
  let bySpec = drawn.get(spec);
  const cached = bySpec?.get(key);
  if (cached !== undefined) return cached;
  const svg = drawChartSvg(spec, opts);
  if (!bySpec) drawn.set(spec, (bySpec = new Map()));
  bySpec.set(key, svg);
  return svg;
}

/**
 * Removes what ECharts writes into a server-side SVG for its browser runtime to pick up: data
 * indices (`ecmeta_*` attributes), hover styles (a <style> and `zrN-cls-M` classes) and
 * `pointer-events`. No script runs in a report, and Chromium has less to parse and style. ECharts
 * quotes every attribute and escapes quotes in text, so the patterns cannot match drawn text.
 */
function staticSvg(svg: string): string {
  return svg.replace(/<style >[\s\S]*?<\/style>\n?/g, '').replace(/ (?:ecmeta_[a-z_]+|pointer-events)="[^"]*"| class="zr\d+-cls-\d+"/g, '');
}

function drawChartSvg(spec: ChartSpec, opts: ChartOptions): string {
  const ctx: BuildContext = { ...opts, colors: new ColorScale(opts.theme, opts.apps) };
  const chart = echartsLib().init(null, null, { renderer: 'svg', ssr: true, width: opts.width, height: opts.height });
  let svg: string;
  try {
    chart.setOption(optionFor(spec, ctx));
    svg = staticSvg(chart.renderToSVGString());
    noteChartDrawn();
  } catch (error) {
    throw new ObsReportError('RENDER', `Could not draw the ${spec.type} chart "${opts.title ?? ''}": ${describeError(error)}`, {
      hint: 'This is a bug in obs-report; please report it with the JSON output of the report.',
      cause: error,
    });
  } finally {
    chart.dispose();
  }
  const label = opts.title ? escapeXml(opts.title) : `${spec.type} chart`;
  // role and <title> make the SVG an accessible image; the title is not drawn.
  // Function replacements: a `$` in the title must not act as a replacement pattern.
  return svg.replace(/^<svg ([^>]*)>/, (_, attrs: string) => `<svg role="img" aria-label="${label}" ${attrs}><title>${label}</title>`);
}

/**
 * Charts of one document, drawn after its HTML is laid out by the template: the `chart` helper
 * leaves a placeholder, then `fill` draws the charts one by one, giving the event loop a turn
 * between them, and puts each SVG in its place. Drawing is most of the work of a page; with the
 * turns, the browser's page for the PDF opens meanwhile (its protocol round trips need the
 * event loop), and a second report rendered at the same time keeps moving.
 */
export class DeferredCharts {
  private readonly pending: { spec: ChartSpec; opts: ChartOptions }[] = [];
  /** Per document, so no text of a template (data is escaped and cannot contain `<!--`) matches. */
  private readonly marker = `obs-chart-${randomBytes(6).toString('hex')}`;

  placeholder(spec: ChartSpec, opts: ChartOptions): string {
    this.pending.push({ spec, opts });
    return `<!--${this.marker}:${this.pending.length - 1}-->`;
  }

  async fill(html: string): Promise<string> {
    const svgs: string[] = [];
    for (const { spec, opts } of this.pending) {
      svgs.push(renderChartSvg(spec, opts));
      await setImmediate();
    }
    return html.replace(new RegExp(`<!--${this.marker}:(\\d+)-->`, 'g'), (_, i: string) => svgs[Number(i)] ?? '');
  }
}
