/** Checks for `obs-report doctor`: is Grafana up, is the token valid, which datasources it offers. */
import { DatasourceError } from '../../errors.js';
import { HttpStatusError, type HttpTransport } from '../../http/types.js';
import { grafanaError } from './errors.js';
import { datasourcesSchema, healthSchema, searchSchema } from './schema.js';

/** /api/health: the database check, and the version unless Grafana hides it. */
export interface GrafanaHealth {
  /** `ok`, or `failing` when Grafana cannot reach its database. */
  database: string;
  version?: string | undefined;
  commit?: string | undefined;
}

/** Grafana's health (no token needed); a failing database is an answer, not an error. */
export async function grafanaHealth(http: HttpTransport): Promise<GrafanaHealth> {
  try {
    const health = await http.getJson({ path: '/api/health' }, healthSchema);
    return { database: health.database, version: health.version, commit: health.commit };
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 503) {
      const parsed = healthSchema.safeParse(safeJson(error.body));
      if (parsed.success) return { database: parsed.data.database, version: parsed.data.version, commit: parsed.data.commit };
    }
    throw grafanaError(error, http.name, 'the health check (/api/health)');
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What an authenticated call tells about the token. */
export interface GrafanaIdentity {
  /** Grafana accepted the token (otherwise the call throws DATASOURCE_AUTH with a hint). */
  tokenValid: true;
  /** The service account can see at least one dashboard. */
  seesDashboards: boolean;
}

/** Checks the token with a cheap authenticated call (/api/search?limit=1). */
export async function grafanaWhoAmI(http: HttpTransport): Promise<GrafanaIdentity> {
  try {
    const hits = await http.getJson({ path: '/api/search', query: { limit: 1 } }, searchSchema);
    return { tokenValid: true, seesDashboards: hits.length > 0 };
  } catch (error) {
    throw grafanaError(error, http.name, 'a dashboard search (token check)');
  }
}

/** A datasource as doctor lists it. */
export interface GrafanaDatasourceInfo {
  uid: string;
  name: string;
  type: string;
  isDefault: boolean;
}

/** The datasources the token may list (needs datasources:read), by name. */
export async function grafanaDatasources(http: HttpTransport): Promise<GrafanaDatasourceInfo[]> {
  try {
    const list = await http.getJson({ path: '/api/datasources' }, datasourcesSchema);
    return list.map((d) => ({ uid: d.uid, name: d.name, type: d.type, isDefault: d.isDefault }));
  } catch (error) {
    throw grafanaError(error, http.name, 'the list of datasources (/api/datasources)');
  }
}

/**
 * The uid of the datasource of `type` to query: the configured one, else Grafana's default of
 * that type, else its first (needs datasources:read when not configured).
 */
export async function grafanaDatasourceUid(http: HttpTransport, type: 'prometheus' | 'loki', configured?: string): Promise<string> {
  if (configured) return configured;
  const candidates = (await grafanaDatasources(http)).filter((d) => d.type === type);
  const chosen = candidates.find((d) => d.isDefault) ?? candidates[0];
  if (chosen) return chosen.uid;
  throw new DatasourceError('DATASOURCE_QUERY', http.name, `Grafana (${http.name}) has no ${type} datasource`, {
    hint: `Add a ${type} datasource in Grafana, or set datasources.grafana.datasources.${type} to the uid of one the token may query.`,
  });
}
