/** Checks for `obs-report doctor`: which Loki answers, and which label values it knows. */
import type { HttpTransport } from '../../http/types.js';
import { lokiError } from './errors.js';
import { buildInfoSchema, labelValuesSchema } from './schema.js';

/** Loki's version and build, from /loki/api/v1/status/buildinfo. */
export interface LokiBuildInfo {
  version: string;
  revision?: string | undefined;
  branch?: string | undefined;
}

/** Asks Loki for its version; fails like every Loki call (unreachable, auth, unexpected answer). */
export async function lokiBuildInfo(http: HttpTransport): Promise<LokiBuildInfo> {
  const path = '/loki/api/v1/status/buildinfo';
  try {
    const info = await http.getJson({ path }, buildInfoSchema);
    return { version: info.version, revision: info.revision, branch: info.branch };
  } catch (error) {
    throw lokiError(error, http.name, `GET ${path}`);
  }
}

/** Values of one label (e.g. `app`) that Loki has seen in its default lookback, sorted. */
export async function lokiLabelValues(http: HttpTransport, label: string): Promise<string[]> {
  const path = `/loki/api/v1/label/${encodeURIComponent(label)}/values`;
  try {
    const body = await http.getJson({ path }, labelValuesSchema);
    return [...body.data].sort();
  } catch (error) {
    throw lokiError(error, http.name, `GET ${path}`);
  }
}
