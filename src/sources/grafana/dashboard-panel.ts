/**
 * Runs one dashboard panel for the report's window: each visible target's expression with its
 * variables resolved, on its resolved datasource, as a range query at the interval Grafana's
 * frontend would pick (window / maxDataPoints, rounded, not below the panel's min interval or
 * the datasource's scrape interval). Never throws for a panel problem: it returns the error.
 */
import { DatasourceError } from '../../errors.js';
import type { HttpTransport } from '../../http/types.js';
import type { Window } from '../../time/window.js';
import type { DashboardPanel } from './dashboard.js';
import type { DatasourceResolver } from './dashboard-datasources.js';
import type { PanelJson, Target } from './dashboard-schema.js';
import { runQuery, type DatasourceRef, type QueryBody } from './ds-query.js';
import { parseDurationMs } from './native-request.js';
import { panelSeries, rejectLogs } from './panel-series.js';
import { roundInterval } from './prometheus-step.js';
import type { GrafanaDatasource } from './schema.js';
import { noteQuery } from '../query-log.js';
import { interpolate, timeVariables, type VariableValue } from './templating.js';

/** What every panel of a dashboard shares. */
export interface PanelContext {
  grafana: HttpTransport;
  resolver: DatasourceResolver;
  variables: ReadonlyMap<string, VariableValue>;
  window: Window;
  catalog: () => Promise<GrafanaDatasource[]>;
  maxDataPoints?: number | undefined;
}

/** Panel types whose data is a set of series a report section can draw. */
const DRAWN_TYPES = new Set(['timeseries', 'graph', 'stat', 'gauge', 'bargauge', 'barchart', 'piechart', 'table', 'state-timeline', 'trend']);
/** Points per series when neither panel nor caller says (Grafana's request samples use 1000). */
const DEFAULT_MAX_DATA_POINTS = 1000;
/** Prometheus' scrape interval when the datasource does not set one (Grafana's default). */
const DEFAULT_SCRAPE_MS = 15_000;

function intervalMs(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : parseDurationMs(text.replace(/^[<>]+|>$/g, ''));
}

async function scrapeOf(ctx: PanelContext, uid: string): Promise<number | undefined> {
  const list = await ctx.catalog().catch(() => []);
  const timeInterval = list.find((d) => d.uid === uid)?.jsonData?.timeInterval;
  return typeof timeInterval === 'string' ? intervalMs(timeInterval) : undefined;
}

function rangeBody(ds: DatasourceRef, target: Target, expr: string, window: Window, interval: number, maxDataPoints: number): QueryBody {
  const common = { refId: target.refId ?? 'A', datasource: { type: ds.type, uid: ds.uid }, expr, legendFormat: target.legendFormat ?? '', intervalMs: interval, maxDataPoints };
  const query = ds.type === 'prometheus' ? { ...common, range: true, instant: false, interval: '' } : { ...common, queryType: 'range' };
  return { queries: [query], from: String(window.from), to: String(window.to) };
}

/** The panel's data, or its title with the reason it has none. */
export async function runDashboardPanel(ctx: PanelContext, panel: PanelJson): Promise<DashboardPanel> {
  const base = { title: panel.title, type: panel.type, ...(panel.unit ? { unit: panel.unit } : {}) };
  const queries: DashboardPanel['queries'] = [];
  const fail = (error: string): DashboardPanel => ({ ...base, series: [], queries, error });
  if (!DRAWN_TYPES.has(panel.type)) return fail(`panels of type "${panel.type}" are not drawn in reports`);
  const targets = panel.targets.filter((t) => t.hide !== true && (t.expr ?? '').trim() !== '');
  if (targets.length === 0) return fail('the panel has no Prometheus or Loki queries');
  const series: DashboardPanel['series'] = [];
  try {
    for (const target of targets) {
      const resolved = await ctx.resolver.resolve(target.datasource, panel.datasource);
      if (!resolved.ok) return fail(`${target.refId ? `query ${target.refId}` : 'a query'} cannot run: ${resolved.reason}`);
      const ds = resolved.ds;
      const scrape = await scrapeOf(ctx, ds.uid);
      const maxDataPoints = panel.maxDataPoints ?? ctx.maxDataPoints ?? DEFAULT_MAX_DATA_POINTS;
      const low = intervalMs(interpolate(panel.interval ?? '', ctx.variables)) ?? scrape ?? 1;
      const interval = Math.max(roundInterval((ctx.window.to - ctx.window.from) / maxDataPoints), low);
      const variables = new Map([...ctx.variables, ...timeVariables(ctx.window, interval, scrape ?? DEFAULT_SCRAPE_MS)]);
      const expr = interpolate(target.expr ?? '', variables);
      queries.push({ datasourceUid: ds.uid, expr });
      noteQuery({ datasource: ctx.grafana.name, datasourceType: ds.type, query: expr, purpose: `panel "${panel.title}"` });
      const answer = await runQuery(ctx.grafana, ctx.grafana.name, ds, rangeBody(ds, { ...target, legendFormat: interpolate(target.legendFormat ?? '', variables) }, expr, ctx.window, interval, maxDataPoints), false);
      if (!answer.ok) return fail(`the ${ds.type} query failed: ${answer.error}`);
      rejectLogs(answer.frames);
      series.push(...panelSeries(answer.frames, expr));
    }
  } catch (error) {
    // A token Grafana refuses fails every panel alike: the whole section is unavailable.
    if (error instanceof DatasourceError && error.code === 'DATASOURCE_AUTH' && error.status === 401) throw error;
    return fail(error instanceof Error ? error.message : String(error));
  }
  return { ...base, series, queries };
}
