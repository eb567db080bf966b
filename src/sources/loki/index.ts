/** The Loki activity source and the helpers other parts use (doctor, escaping). */
export { LokiActivitySource, type LokiActivitySourceOptions } from './source.js';
export type { LokiLimits } from './context.js';
export type { LokiWork } from './api.js';
export { lokiBuildInfo, lokiLabelValues, type LokiBuildInfo } from './doctor.js';
export { logqlString, logqlRegexLiteral } from './logql.js';
