/**
 * Handlebars helpers of every template: formatting (so the model stays raw numbers),
 * charts, and a few lookups. Each returns a plain string, which Handlebars escapes, except
 * `chart`, whose SVG is produced by our own code with its text already escaped.
 */
import type Handlebars from 'handlebars';
import { changeArrow, changeTone, formatChange, formatCompact, formatDate, formatKpiChange, formatValue } from '../../model/format.js';
import type { DateStyle } from '../../model/format.js';
import type { Block, Cell, ChartSpec, Change, Column, Kpi, Polarity, Report, Unavailable, Unit } from '../../model/report.js';
import { groupByReason } from '../../model/unavailable.js';
import { startOfDayIn } from '../../time/window.js';
import { withoutCredentials } from '../../http/redact.js';
import { ColorScale, renderChartSvg, type DeferredCharts } from '../charts/index.js';
import type { Theme } from '../types.js';

/** The root context every layout and partial sees as `@root`. */
export interface TemplateRoot {
  report: Report;
  /** The format being rendered (`html`, `pdf`), so CSS and partials can adapt. */
  format: string;
  theme: Theme;
  /** The logo as a data: URI, or null. */
  logo: string | null;
}

type Options = Handlebars.HelperOptions;

function root(options: Options): TemplateRoot {
  return (options.data as { root: TemplateRoot }).root;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const unitOf = (v: unknown): Unit => (typeof v === 'string' ? (v as Unit) : 'count');

/** A table cell: numbers by unit, instants in the report's zone (date only at local midnight). */
export function formatCell(value: Cell | undefined, column: Column, tz: string): string {
  if (value === null || value === undefined) return formatValue(null, 'count');
  if (column.type === 'text') return String(value);
  if (typeof value !== 'number') return String(value);
  if (column.type === 'time') return formatDate(value, tz, startOfDayIn(value, tz) === value ? 'day' : 'datetime');
  const text = formatValue(value, column.unit ?? 'count');
  return column.signed && value > 0 ? `+${text}` : text;
}

/**
 * Whether a figure is long as written ("2 min 26 s", "3 h 12 min"): more than 7 characters,
 * which at a tile's figure size no longer fit its width on one line, so tiles set it smaller
 * (the HTML tile's `kpi-value-long`, the PPTX tile's font size).
 */
export function isLongFigure(text: string): boolean {
  return text.length > 7;
}

/** Registers the helpers on a template's own Handlebars environment. */
export function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper({
    formatValue: (value: unknown, unit: unknown) => formatValue(num(value), unitOf(unit)),
    /** Whether a figure is long as written ("2 min 26 s", "3 h 12 min"), so a tile sets it smaller to keep it on one line. */
    longFigure: (value: unknown, unit: unknown) => isLongFigure(formatValue(num(value), unitOf(unit))),
    formatCompact: (value: unknown) => formatCompact(num(value)),
    formatChange: (change: unknown, unit: unknown) => formatChange((change as Change | null) ?? null, unitOf(unit)),
    /** A KPI's change line: the change, or why there is none ("no incidents", "unavailable", "no incidents before"). */
    formatKpiChange: (kpi: unknown) => formatKpiChange(kpi as Kpi),
    // The unit is optional (templates written before it still work); Handlebars passes its
    // options last. With it, a change rounded to "no change" gets no arrow and no colour.
    changeTone: (change: unknown, polarity: unknown, ...rest: unknown[]) =>
      changeTone((change as Change | null) ?? null, polarity as Polarity, rest.length > 1 ? (rest[0] as Unit) : undefined),
    changeArrow: (change: unknown, ...rest: unknown[]) => changeArrow((change as Change | null) ?? null, rest.length > 1 ? (rest[0] as Unit) : undefined),
    formatDate(ms: unknown, ...rest: unknown[]) {
      // Handlebars passes its options last; the style is optional ('day').
      const options = rest.at(-1) as Options;
      const style = (rest.length > 1 ? rest[0] : 'day') as DateStyle;
      const value = num(ms);
      return value === null ? formatValue(null, 'count') : formatDate(value, root(options).report.period.tz, style);
    },
    /** "16 Nov 2026 – 22 Nov 2026" for whole local days (`to` is exclusive), else date and time. */
    formatRange(from: unknown, to: unknown, options: Options) {
      const tz = root(options).report.period.tz;
      const start = num(from) ?? 0;
      const end = num(to) ?? 0;
      const wholeDays = startOfDayIn(start, tz) === start && startOfDayIn(end, tz) === end;
      if (wholeDays) return `${formatDate(start, tz, 'day')} – ${formatDate(end - 1, tz, 'day')}`;
      return `${formatDate(start, tz, 'datetime')} – ${formatDate(end, tz, 'datetime')}`;
    },
    formatCell(row: unknown, column: Column, options: Options) {
      const value = (row as Record<string, Cell>)[column.key];
      return formatCell(value, column, root(options).report.period.tz);
    },
    /** CSS classes of a cell: `text`, `num` or `time` by column type, plus `na` for a missing value. */
    cellClass(row: unknown, column: Column) {
      const value = (row as Record<string, Cell>)[column.key];
      const classes = [column.type === 'number' ? 'num' : column.type];
      if (value === null || value === undefined) classes.push('na');
      return classes.join(' ');
    },
    chart(spec: ChartSpec, options: Options) {
      const { report, theme } = root(options);
      const hash = options.hash as { width?: number; height?: number; title?: string };
      const chartOptions = {
        width: hash.width ?? 720,
        height: hash.height ?? 300,
        tz: report.period.tz,
        theme,
        apps: report.apps,
        ...(hash.title ? { title: hash.title } : {}),
      };
      // A document rendered with `@charts` draws its charts afterwards (see DeferredCharts).
      const deferred = (options.data as { charts?: DeferredCharts }).charts;
      return new hbs.SafeString(deferred ? deferred.placeholder(spec, chartOptions) : renderChartSvg(spec, chartOptions));
    },
    appColor(name: unknown, options: Options) {
      const { report, theme } = root(options);
      return new ColorScale(theme, report.apps).colorFor(String(name));
    },
    blockPartial: (kind: unknown) => `block-${String(kind)}`,
    /** Index of the first chart block of a section, where the "how to read" line goes; -1 without charts. */
    firstChartIndex: (blocks: Block[]) => blocks.findIndex((b) => b.kind === 'chart'),
    /** The appendix's unavailable data, one row per datasource and reason. */
    unavailableByReason: (entries: unknown) => groupByReason((entries as Unavailable[] | undefined) ?? []),
    sectionTitle(id: unknown, options: Options) {
      return root(options).report.sections.find((s) => s.id === id)?.title ?? String(id);
    },
    withoutCredentials: (url: unknown) => withoutCredentials(String(url ?? '')),
    eq: (a: unknown, b: unknown) => a === b,
    isNull: (value: unknown) => value === null || value === undefined,
    plural: (count: unknown, singular: string, pluralForm: string) => (count === 1 ? singular : pluralForm),
  });
}
