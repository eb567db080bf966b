/** Checks for `obs-report doctor`: what server answers, and whether an app's job has series. */
import type { HttpTransport } from '../../http/types.js';
import { HttpStatusError } from '../../http/types.js';
import { selector } from './promql.js';
import { buildInfoSchema, labelValuesSchema, seriesSchema } from './schema.js';

/** Version facts of a Prometheus-compatible server. */
export interface PrometheusBuildInfo {
  version: string;
  revision?: string;
  branch?: string;
  goVersion?: string;
}

/** `/api/v1/status/buildinfo`; null when the server does not offer it (some Thanos/Cortex setups answer 404). */
export async function prometheusBuildInfo(http: HttpTransport): Promise<PrometheusBuildInfo | null> {
  try {
    return await http.getJson({ path: '/api/v1/status/buildinfo' }, buildInfoSchema);
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 404) return null;
    throw error;
  }
}

/**
 * Whether any series carries `job="<job>"`: the job label's values first, and `/api/v1/series`
 * for servers that restrict label-value listing.
 */
export async function jobExists(http: HttpTransport, job: string): Promise<boolean> {
  try {
    const values = await http.getJson({ path: '/api/v1/label/job/values' }, labelValuesSchema);
    return values.includes(job);
  } catch (error) {
    if (!(error instanceof HttpStatusError)) throw error;
  }
  const series = await http.getJson({ path: '/api/v1/series', method: 'POST', form: { 'match[]': selector('', { job }) } }, seriesSchema);
  return series.length > 0;
}
