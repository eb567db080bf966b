/** The Prometheus source: MetricsSource over Prometheus, Mimir, Thanos or Cortex, plus doctor checks. */
import { createHttpClient } from '../../http/client.js';
import type { PrometheusConfig } from '../../config/schema.js';
import { PrometheusMetricsSource } from './source.js';
import type { PromAppConfig } from './promql.js';

export { PrometheusMetricsSource, type PrometheusSourceOptions } from './source.js';
export { prometheusBuildInfo, jobExists, type PrometheusBuildInfo } from './doctor.js';
export { promString, appSelectors, queries, type PromAppConfig, type AppSelectors } from './promql.js';

/** Run-wide settings for the client (the deadline of the whole run, the user agent). */
export interface PrometheusRunOptions {
  deadlineMs?: number;
  userAgent?: string;
}

/** Builds the source of `datasources.prometheus` for the configured apps. */
export function createPrometheusSource(
  name: string,
  config: PrometheusConfig,
  apps: readonly PromAppConfig[],
  run: PrometheusRunOptions = {},
): PrometheusMetricsSource {
  const http = createHttpClient({ name, type: 'prometheus', ...config, ...run });
  return new PrometheusMetricsSource({ name, http, stepSeconds: config.stepSeconds, apps });
}
