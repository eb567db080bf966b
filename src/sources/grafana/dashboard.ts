/**
 * A Grafana dashboard as data for a native report section: every panel (also those inside
 * collapsed rows) with its queries resolved (variables, time variables, datasource references)
 * and run for the report's window as range queries through /api/ds/query. A panel that fails,
 * or whose type reports cannot draw, keeps its title and says why in `error`.
 */
import { DatasourceError } from '../../errors.js';
import { HttpStatusError, type HttpTransport } from '../../http/types.js';
import type { Window } from '../../time/window.js';
import { DatasourceResolver } from './dashboard-datasources.js';
import { dashboardResponseSchema, type DashboardJson, type PanelJson } from './dashboard-schema.js';
import { runDashboardPanel } from './dashboard-panel.js';
import { grafanaError, grafanaMessage } from './errors.js';
import type { PanelSeries } from './panel-series.js';
import { datasourcesSchema, type GrafanaDatasource } from './schema.js';
import { resolveVariables, type VariableValue } from './templating.js';
import { labelValues } from './variable-values.js';

/** One panel's data. */
export interface DashboardPanel {
  title: string;
  type: string;
  /** Grafana unit id from fieldConfig.defaults.unit, e.g. `reqps`, `s`, `percentunit`. */
  unit?: string;
  series: PanelSeries[];
  /** The queries as sent (variables resolved), for the report's appendix. */
  queries: { datasourceUid: string; expr: string }[];
  /** Why the panel has no data: failed query, unsupported type or datasource. */
  error?: string;
}

/** A dashboard's panels, in dashboard order. */
export interface DashboardPanels {
  title: string;
  panels: DashboardPanel[];
  /** What could only be approximated (e.g. an "All" variable whose values could not be listed). */
  notes: string[];
}

/** Choices the dashboard itself does not make. */
export interface DashboardOptions {
  /** Datasource uids for `${DS_PROMETHEUS}`-style placeholders and type-only references (config datasources.grafana.datasources). */
  datasources?: { prometheus?: string; loki?: string };
  /** Points per series when a panel does not say (Grafana uses the panel's width in pixels). */
  maxDataPoints?: number;
}

async function fetchDashboard(grafana: HttpTransport, uid: string): Promise<DashboardJson> {
  const what = `dashboard ${uid}`;
  try {
    return (await grafana.getJson({ path: `/api/dashboards/uid/${encodeURIComponent(uid)}` }, dashboardResponseSchema)).dashboard;
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 406) {
      throw new DatasourceError('DATASOURCE_QUERY', grafana.name, `Grafana (${grafana.name}) keeps ${what} in the v2 dashboard schema, which /api/dashboards cannot return: ${grafanaMessage(error.body) ?? ''}`, {
        query: what,
        status: 406,
        cause: error,
        hint: 'Export the dashboard in the classic JSON model (or save a copy of it without dynamic-dashboard features) and list that uid in datasources.grafana.dashboards.',
      });
    }
    throw grafanaError(error, grafana.name, what, 'Check the uid in datasources.grafana.dashboards (it is the part after /d/ in the dashboard URL), and that the service account may view it.');
  }
}

/** Panels in dashboard order; the children of collapsed rows take the row's place. */
export function flattenPanels(panels: readonly PanelJson[]): PanelJson[] {
  return panels.flatMap((p) => (p.type === 'row' ? flattenPanels(p.panels) : [p]));
}

function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}

/** Loads dashboard `uid` and runs its panels' queries for `window`. */
export async function loadDashboardPanels(grafana: HttpTransport, uid: string, window: Window, options: DashboardOptions = {}): Promise<DashboardPanels> {
  const dashboard = await fetchDashboard(grafana, uid);
  const catalog = memo(async (): Promise<GrafanaDatasource[]> => {
    try {
      return await grafana.getJson({ path: '/api/datasources' }, datasourcesSchema);
    } catch (error) {
      throw grafanaError(error, grafana.name, 'the list of datasources');
    }
  });
  const notes: string[] = [];
  // The resolver reads the variables as they are resolved: a variable's datasource may be another variable.
  const variables = new Map<string, VariableValue>();
  const resolver = new DatasourceResolver(dashboard, variables, { configured: options.datasources ?? {}, catalog });
  const resolved = await resolveVariables(dashboard.templating?.list ?? [], (v, soFar) => labelValues(grafana, resolver, v, soFar, window), notes);
  for (const [name, value] of resolved) variables.set(name, value);
  const context = { grafana, resolver, variables, window, catalog, maxDataPoints: options.maxDataPoints };
  const panels: DashboardPanel[] = [];
  // One panel after the other: a dashboard's queries should not crowd Grafana all at once.
  for (const panel of flattenPanels(dashboard.panels)) panels.push(await runDashboardPanel(context, panel));
  return { title: dashboard.title, panels, notes };
}
