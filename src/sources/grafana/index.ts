/**
 * The Grafana source, for teams that reach their data only through Grafana with a
 * service-account token: Prometheus and Loki queries through /api/ds/query (as an HttpTransport
 * the Prometheus and Loki sources use unchanged), annotations, alert rules and their history,
 * dashboards as native report sections, and doctor checks.
 */
export { createGrafanaDatasourceTransport } from './datasource-transport.js';
export type { DatasourceRef } from './ds-query.js';
export { GrafanaAnnotationSource, type GrafanaAnnotationSourceOptions } from './annotations.js';
export { GrafanaAlertRuleSource, type GrafanaAlertRuleSourceOptions } from './alert-rules.js';
export { loadDashboardPanels, type DashboardOptions, type DashboardPanel, type DashboardPanels } from './dashboard.js';
export type { PanelSeries } from './panel-series.js';
export { grafanaDatasources, grafanaDatasourceUid, grafanaHealth, grafanaWhoAmI, type GrafanaDatasourceInfo, type GrafanaHealth, type GrafanaIdentity } from './doctor.js';
