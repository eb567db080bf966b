/**
 * Environment variables that override the file, as a container or Kubernetes CronJob expects:
 * the file describes apps and reports, the environment says where the backends are and holds
 * the credentials. Applied after ${VAR} substitution and before validation.
 */
import { isRecord } from '../is-record.js';

/**
 * Maps each variable to the config path it sets; `list` splits on commas. A datasource's other
 * settings (`of`: its token, tenant or topic) apply only when the datasource is configured, by
 * the file or by its URL (brokers) variable: a shared Secret may hold the token of a datasource
 * a config does not use.
 */
const OVERRIDES: readonly { env: string; path: readonly string[]; list?: true; of?: string }[] = [
  { env: 'OBS_REPORT_TIMEZONE', path: ['timezone'] },
  { env: 'OBS_REPORT_OUTPUT_DIR', path: ['output', 'dir'] },
  { env: 'OBS_REPORT_PROMETHEUS_URL', path: ['datasources', 'prometheus', 'url'] },
  { env: 'OBS_REPORT_PROMETHEUS_TOKEN', path: ['datasources', 'prometheus', 'auth', 'bearer'], of: 'prometheus' },
  { env: 'OBS_REPORT_PROMETHEUS_TENANT', path: ['datasources', 'prometheus', 'tenant'], of: 'prometheus' },
  { env: 'OBS_REPORT_LOKI_URL', path: ['datasources', 'loki', 'url'] },
  { env: 'OBS_REPORT_LOKI_TOKEN', path: ['datasources', 'loki', 'auth', 'bearer'], of: 'loki' },
  { env: 'OBS_REPORT_LOKI_TENANT', path: ['datasources', 'loki', 'tenant'], of: 'loki' },
  { env: 'OBS_REPORT_GRAFANA_URL', path: ['datasources', 'grafana', 'url'] },
  { env: 'OBS_REPORT_GRAFANA_TOKEN', path: ['datasources', 'grafana', 'auth', 'bearer'], of: 'grafana' },
  { env: 'OBS_REPORT_KAFKA_BROKERS', path: ['datasources', 'kafka', 'brokers'], list: true },
  { env: 'OBS_REPORT_KAFKA_TOPIC', path: ['datasources', 'kafka', 'topic'], of: 'kafka' },
  { env: 'OBS_REPORT_PSEUDONYM_KEY', path: ['privacy', 'key'] },
  // Sets the URL only: delivery.pushgateway's job label and timeout keep the file's values or defaults.
  { env: 'OBS_REPORT_PUSHGATEWAY_URL', path: ['delivery', 'pushgateway', 'url'] },
];

/** The variables obs-report reads, for `--help` and the README. */
export const overrideVariables = OVERRIDES.map((o) => o.env);

/** The variables applied, and those set but not used because their datasource is not configured. */
export interface AppliedOverrides {
  applied: string[];
  /** `needs`: the variable that would configure the datasource (its URL, or Kafka's brokers). */
  unused: { env: string; datasource: string; needs: string }[];
}

/** Applies the set variables to the raw (unvalidated) config object, in place. */
export function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): AppliedOverrides {
  const out: AppliedOverrides = { applied: [], unused: [] };
  // Each datasource's URL (or brokers) first, so that its other settings see whether it is configured.
  for (const override of [...OVERRIDES.filter((o) => !o.of), ...OVERRIDES.filter((o) => o.of)]) {
    const value = env[override.env];
    if (value === undefined || value === '') continue;
    if (override.of && !isRecord((raw.datasources as Record<string, unknown> | undefined)?.[override.of])) {
      const anchor = OVERRIDES.find((o) => !o.of && o.path[1] === override.of)!;
      out.unused.push({ env: override.env, datasource: override.of, needs: anchor.env });
      continue;
    }
    const parsed = override.list ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
    setPath(raw, override.path, parsed);
    out.applied.push(override.env);
  }
  out.applied.sort((a, b) => OVERRIDES.findIndex((o) => o.env === a) - OVERRIDES.findIndex((o) => o.env === b));
  return out;
}

/** The config path each applied variable set, for messages about the value ("timezone (from OBS_REPORT_TIMEZONE)"). */
export function overriddenPaths(applied: readonly string[]): { env: string; path: readonly string[] }[] {
  return OVERRIDES.filter((o) => applied.includes(o.env)).map(({ env, path }) => ({ env, path }));
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (!isRecord(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1]!] = value;
}
