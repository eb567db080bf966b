/**
 * The demo organisation: a deterministic, seeded simulation that answers the same questions as
 * the real sources, and produces the raw log lines and metric samples test servers need.
 */
export type { DemoAppSpec } from './apps.js';
export { BUILTIN_DEMO_APPS } from './builtin-apps.js';
export { buildDemoOrg, DEMO_HOME_TZ } from './org.js';
export type { DemoOptions, DemoOrg } from './org.js';
export { DemoActivitySource } from './activity-source.js';
export { DemoMetricsSource } from './metrics-source.js';
export { DemoAnnotationSource } from './annotation-source.js';
export { demoLogLines } from './log-stream.js';
export type { DemoLogLine } from './log-stream.js';
export { writeOpenMetrics } from './openmetrics.js';
