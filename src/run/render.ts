/**
 * Rendering a report into several formats with resources shared across a run: one browser
 * for every PDF, each template loaded once. A format that fails is reported, the others
 * are still produced.
 */
import type { Config, OutputFormat } from '../config/schema.js';
import { ObsReportError } from '../errors.js';
import type { Report } from '../model/report.js';
import { preloadCharts, saveChartCodeCache } from '../renderers/charts/index.js';
import { getRenderer } from '../renderers/index.js';
import { BrowserProvider } from '../renderers/pdf/browser.js';
import { loadTemplate } from '../renderers/templates.js';
import type { RenderedFile, Template } from '../renderers/types.js';

/** Formats whose files hold charts. */
const CHART_FORMATS: ReadonlySet<OutputFormat> = new Set(['html', 'pdf', 'pptx', 'xlsx']);

/** Options of a `RenderSession`. */
export interface RenderSessionOptions {
  /** Told what went wrong but was worked around (a Chromium that could not start, and the next one used). */
  warn?: (message: string) => void;
}

/** Resources shared by every render of a run; `close()` must be called at the end. */
export class RenderSession {
  readonly browser: BrowserProvider;
  private readonly templates = new Map<string, Promise<Template>>();

  constructor(
    private readonly config: Config,
    options: RenderSessionOptions = {},
  ) {
    this.browser = new BrowserProvider(options.warn ? { onFallback: options.warn } : {});
  }

  template(name?: string): Promise<Template> {
    const key = name ?? this.config.templates.default;
    const cached = this.templates.get(key);
    if (cached) return cached;
    const overrideDir = this.config.templates.dir;
    const loaded = loadTemplate(key, overrideDir ? { overrideDir } : {});
    this.templates.set(key, loaded);
    return loaded;
  }

  /**
   * Gets ready, while the data is fetched, what rendering `formats` will need: Chromium for a
   * PDF, and ECharts for formats with charts (only those load it: a JSON run never does). A
   * failure surfaces at render time.
   */
  prewarm(formats: readonly OutputFormat[]): void {
    if (formats.includes('pdf')) this.browser.get().catch(() => undefined);
    if (formats.some((f) => CHART_FORMATS.has(f))) setImmediate(preloadCharts);
  }

  get page(): { pageSize: 'A4' | 'Letter'; orientation: 'portrait' | 'landscape' } {
    return { pageSize: this.config.output.pageSize, orientation: this.config.output.orientation };
  }

  /** Closes the browser, and keeps the charts' compiled code for the next run (see echarts-code.ts). */
  async close(): Promise<void> {
    await this.browser.close();
    saveChartCodeCache();
  }
}

export type RenderOutcome = { format: OutputFormat; files: RenderedFile[] } | { format: OutputFormat; error: ObsReportError };

/** Renders each format in turn; errors of one format are returned, not thrown. */
export async function renderAll(report: Report, formats: readonly OutputFormat[], session: RenderSession, template?: string): Promise<RenderOutcome[]> {
  const outcomes: RenderOutcome[] = [];
  for (const format of formats) {
    try {
      const renderer = getRenderer(format);
      // JSON is the model itself: no template is loaded for it.
      const files = 'fromModel' in renderer ? await renderer.render(report) : await renderer.render(report, { template: await session.template(template), browser: session.browser, ...session.page });
      outcomes.push({ format, files });
    } catch (error) {
      if (!(error instanceof ObsReportError)) throw error;
      outcomes.push({ format, error });
    }
  }
  return outcomes;
}
