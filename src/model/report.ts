/**
 * The Report model: the one contract between computing and rendering.
 *
 * Analytics and report kinds build a `Report`; every renderer (html, pdf, pptx, xlsx, json,
 * csv) takes the same `Report` and nothing else. The JSON renderer writes this object as is,
 * so the shape is public and versioned by `schemaVersion`: add optional fields freely, but
 * renaming or removing a field is a new schema version.
 *
 * Conventions: instants are epoch milliseconds (UTC) plus the report's IANA time zone;
 * a missing figure is `null` (never 0) and is explained by an `unavailable` entry.
 */

export const REPORT_SCHEMA_VERSION = 1;

/** Report kinds, each a list of sections (see src/reports/). */
export type ReportKind = 'usage' | 'adoption' | 'health' | 'journeys' | 'user';

/** How a number is meant to be read and formatted. */
export type Unit =
  | 'count'
  | 'percent' // a ratio 0..1, shown as 98.7%
  | 'ratio' // a plain ratio, shown with two decimals
  | 'duration_ms'
  | 'per_user' // e.g. sessions per user, one decimal
  | 'bytes';

/** Which direction of change is good news, so renderers can colour it. */
export type Polarity = 'up_is_good' | 'down_is_good' | 'neutral';

/** A change against the previous period: the one just before, of the same kind (see resolvePeriod). */
export interface Change {
  /** current - previous */
  absolute: number;
  /** (current - previous) / previous; null when previous is 0. */
  relative: number | null;
}

/** A headline figure with its previous-period value. */
export interface Kpi {
  id: string;
  label: string;
  value: number | null;
  unit: Unit;
  previous: number | null;
  change: Change | null;
  polarity: Polarity;
  /** One short line under the figure, e.g. "distinct users with at least one event". */
  note?: string;
  /**
   * Set when `value` is null because the figure is not defined for the period although its data
   * was read: why, e.g. "no incidents" for a mean time to recover. Absent, a null value means the
   * data was unavailable.
   */
  notDefined?: string;
  /** The same for `previous`: set when the figure was not defined in the previous period, and why. */
  previousNotDefined?: string;
  /** Ids of `appendix.queries` entries behind this figure. */
  queryRefs: string[];
}

/** A table column. `unit` drives formatting of numeric cells. */
export interface Column {
  key: string;
  label: string;
  /** 'text' cells are strings; 'time' cells are epoch ms shown in the report's time zone. */
  type: 'text' | 'number' | 'time';
  unit?: Unit;
  /** A change against the previous period: a rise is written with its sign ("+8.8%"). */
  signed?: true;
}

export type Cell = string | number | null;

/** A time series point: [epoch ms, value or null for a gap]. */
export type Point = [number, number | null];

export interface TimeSeriesChart {
  type: 'timeseries';
  unit: Unit;
  yLabel: string;
  series: { name: string; points: Point[] }[];
  /**
   * Deploys, incidents and the like, drawn as marks or shaded regions; `muted` regions (a day
   * not over yet) are shaded grey rather than in the colour of trouble.
   */
  annotations?: { ts: number; tsEnd?: number; text: string; muted?: boolean }[];
  /** Draw as stacked areas (e.g. lifecycle) rather than lines. */
  stacked?: boolean;
}

export interface BarChart {
  type: 'bar';
  unit: Unit;
  /** Label of the value axis. */
  yLabel: string;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  horizontal?: boolean;
  stacked?: boolean;
}

export interface DoughnutChart {
  type: 'doughnut';
  unit: Unit;
  slices: { name: string; value: number }[];
}

export interface HeatmapChart {
  type: 'heatmap';
  unit: Unit;
  xLabel: string;
  yLabel: string;
  xCategories: string[];
  yCategories: string[];
  /** [x index, y index, value] */
  cells: [number, number, number | null][];
}

export interface FlowChart {
  type: 'flow';
  unit: Unit;
  nodes: { name: string }[];
  links: { source: string; target: string; value: number }[];
}

export type ChartSpec = TimeSeriesChart | BarChart | DoughnutChart | HeatmapChart | FlowChart;

export interface KpiBlock {
  kind: 'kpis';
  items: Kpi[];
}

export interface TableBlock {
  kind: 'table';
  /** Stable id, also the dataset name for xlsx sheets and csv files. */
  id: string;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  queryRefs: string[];
}

export interface ChartBlock {
  kind: 'chart';
  id: string;
  title: string;
  chart: ChartSpec;
  queryRefs: string[];
}

export interface TextBlock {
  kind: 'text';
  text: string;
}

/** Explicitly missing data: rendered as "data unavailable" with the reason, never as zeros. */
export interface UnavailableBlock {
  kind: 'unavailable';
  what: string;
  reason: string;
  datasource: string;
}

export type Block = KpiBlock | TableBlock | ChartBlock | TextBlock | UnavailableBlock;

/** One question and its answer. */
export interface Section {
  id: string;
  title: string;
  /** The question this section answers, in plain words. */
  question: string;
  /** One line saying how to read the chart or table. */
  howToRead?: string;
  blocks: Block[];
}

/** A generated sentence stating one figure, most important first. */
export interface Highlight {
  text: string;
  /** Higher is more important; highlights are sorted by it. */
  weight: number;
  tone: 'good' | 'bad' | 'neutral';
}

export interface Definition {
  term: string;
  text: string;
}

/** A query sent to a datasource (or, for the demo, the computation that stands for it). */
export interface QueryRecord {
  id: string;
  datasource: string;
  /** prometheus | loki | grafana | kafka | demo */
  datasourceType: string;
  /** The exact query text (PromQL, LogQL, ...), with any secrets removed. */
  query: string;
  /** What it answers, e.g. "distinct users per day". */
  purpose: string;
  /** Section ids that used it. */
  usedBy: string[];
}

export interface Unavailable {
  what: string;
  reason: string;
  datasource: string;
  section: string;
  /** Only a comparison is missing (previous-period figures): the report is not partial for it. */
  comparisonOnly?: boolean;
}

/** An app as shown in a report. */
export interface AppRef {
  id: string;
  name: string;
}

export interface PeriodInfo {
  from: number;
  to: number;
  tz: string;
  /** Human label, e.g. "Week 47, 16-22 Nov 2026". */
  label: string;
  /** Machine label used in file names, e.g. `2026-W47`. */
  slug: string;
  previous: { from: number; to: number };
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kind: ReportKind;
  title: string;
  subtitle?: string;
  apps: AppRef[];
  period: PeriodInfo;
  generatedAt: number;
  /** 'partial' when any figure is unavailable; the CLI then exits with 1. */
  status: 'complete' | 'partial';
  /** Shown on the cover, e.g. that the report shows one person's activity. */
  notices: string[];
  /** The four cover figures. */
  headline: Kpi[];
  highlights: Highlight[];
  sections: Section[];
  appendix: {
    definitions: Definition[];
    queries: QueryRecord[];
    unavailable: Unavailable[];
    /** Datasources used, by name, with type and URL (no credentials). */
    datasources: { name: string; type: string; url?: string }[];
  };
}
