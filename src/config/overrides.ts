/**
 * Environment variables that override the file, as a container or Kubernetes CronJob expects:
 * the file describes apps and reports, the environment says where the backends are and holds
 * the credentials. Applied after ${VAR} substitution and before validation.
 */

/** Maps each variable to the config path it sets; `list` splits on commas. */
const OVERRIDES: readonly { env: string; path: readonly string[]; list?: true }[] = [
  { env: 'OBS_REPORT_TIMEZONE', path: ['timezone'] },
  { env: 'OBS_REPORT_OUTPUT_DIR', path: ['output', 'dir'] },
  { env: 'OBS_REPORT_PROMETHEUS_URL', path: ['datasources', 'prometheus', 'url'] },
  { env: 'OBS_REPORT_PROMETHEUS_TOKEN', path: ['datasources', 'prometheus', 'auth', 'bearer'] },
  { env: 'OBS_REPORT_PROMETHEUS_TENANT', path: ['datasources', 'prometheus', 'tenant'] },
  { env: 'OBS_REPORT_LOKI_URL', path: ['datasources', 'loki', 'url'] },
  { env: 'OBS_REPORT_LOKI_TOKEN', path: ['datasources', 'loki', 'auth', 'bearer'] },
  { env: 'OBS_REPORT_LOKI_TENANT', path: ['datasources', 'loki', 'tenant'] },
  { env: 'OBS_REPORT_GRAFANA_URL', path: ['datasources', 'grafana', 'url'] },
  { env: 'OBS_REPORT_GRAFANA_TOKEN', path: ['datasources', 'grafana', 'auth', 'bearer'] },
  { env: 'OBS_REPORT_KAFKA_BROKERS', path: ['datasources', 'kafka', 'brokers'], list: true },
  { env: 'OBS_REPORT_KAFKA_TOPIC', path: ['datasources', 'kafka', 'topic'] },
  { env: 'OBS_REPORT_PSEUDONYM_KEY', path: ['privacy', 'key'] },
];

/** The variables obs-report reads, for `--help` and the README. */
export const overrideVariables = OVERRIDES.map((o) => o.env);

/** Applies the set variables to the raw (unvalidated) config object, in place. Returns the names applied. */
export function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): string[] {
  const applied: string[] = [];
  for (const override of OVERRIDES) {
    const value = env[override.env];
    if (value === undefined || value === '') continue;
    const parsed = override.list ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
    setPath(raw, override.path, parsed);
    applied.push(override.env);
  }
  return applied;
}

/** The config path each applied variable set, for messages about the value ("timezone (from OBS_REPORT_TIMEZONE)"). */
export function overriddenPaths(applied: readonly string[]): { env: string; path: readonly string[] }[] {
  return OVERRIDES.filter((o) => applied.includes(o.env)).map(({ env, path }) => ({ env, path }));
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1]!] = value;
}
