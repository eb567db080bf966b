/**
 * The renderer contract: a renderer turns a `Report` into files of one format. Renderers
 * know formats, not where numbers came from, and take nothing but the report and this
 * context (template, shared browser, page settings).
 */
import type Handlebars from 'handlebars';
import type { Report, ReportKind } from '../model/report.js';
import type { BrowserProvider } from './pdf/browser.js';

/** One output file; `suffix` tells apart the files of a format that writes several (e.g. csv per dataset). */
export interface RenderedFile {
  suffix?: string;
  /** File extension without the dot, e.g. `pdf`. */
  ext: string;
  data: Buffer | string;
}

/** Colours and fonts of a template, used by HTML/PDF (as CSS variables), charts, and later PPTX/XLSX. */
export interface Theme {
  /** Series colours (hex), in order: the report's apps take the first ones. */
  palette: string[];
  /** Good news (e.g. a rise in users, uptime). */
  good: string;
  /** Bad news (e.g. errors, crashes, incidents). */
  bad: string;
  /** Neither (e.g. deploys, "other"). */
  neutral: string;
  /** Text and muted text colours. */
  text: string;
  muted: string;
  /** CSS font stacks: system fonts only. */
  fonts: { body: string; heading: string; mono: string };
  /** Fixed colours for series names (case-insensitive), e.g. `{ errors: '#d64545' }`. */
  seriesColors: Record<string, string>;
}

/**
 * Which sections a template keeps, in which order: section ids (`*` matches any run of
 * characters, e.g. `availability-*`), for every report kind or per kind.
 */
export type SectionSelection = string[] | Partial<Record<ReportKind, string[]>>;

/** An image shipped with a template (the logo), already read. */
export interface TemplateAsset {
  file: string;
  mime: string;
  data: Buffer;
}

/** A loaded template: manifest, theme, compiled Handlebars layout and partials, CSS, assets. */
export interface Template {
  name: string;
  description: string;
  /** Output formats this template is written for, e.g. `['html', 'pdf', 'pptx']`. */
  formats: string[];
  theme: Theme;
  logo: TemplateAsset | null;
  /** Sections to keep and their order (manifest `sections`); absent = every section, as built. */
  sections?: SectionSelection;
  css: string;
  /** The template's own Handlebars environment (helpers and partials registered, never the global one). */
  handlebars: typeof Handlebars;
  /** The compiled `layout.hbs` (runtime options as Handlebars's, e.g. `data`); errors name the template file and line. */
  layout: (context: object, options?: { data?: object }) => string;
  /** Renders one partial by name (e.g. `pdf-header`), or null if the template has none. */
  partial(name: string, context: object): string | null;
  /** Reads any other file of the template (override first), for formats with their own assets. */
  readFile(relativePath: string): Promise<Buffer | null>;
  /** Folders searched for files, override first. */
  dirs: string[];
}

/** Page settings and shared resources for one render. */
export interface RenderContext {
  template: Template;
  browser: BrowserProvider;
  pageSize: 'A4' | 'Letter';
  orientation: 'portrait' | 'landscape';
}

/** Turns a report into the files of one format, drawn with a template. */
export interface Renderer {
  format: string;
  render(report: Report, ctx: RenderContext): Promise<RenderedFile[]>;
}

/** A format written from the model alone (JSON): a run renders it without loading a template. */
export interface ModelRenderer {
  format: string;
  fromModel: true;
  render(report: Report): Promise<RenderedFile[]>;
}
