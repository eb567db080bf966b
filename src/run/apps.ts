/** Which apps a report covers: what was asked for, checked against the config, or the kind's default. */
import type { AppConfig, Config } from '../config/schema.js';
import { ObsReportError } from '../errors.js';
import type { ReportKind } from '../model/report.js';

/** Resolves `--app` ids for a kind; unknown ids are an error that lists the known apps. */
export function resolveApps(config: Config, kind: ReportKind, ids: readonly string[]): AppConfig[] {
  const known = config.apps.map((a) => a.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new ObsReportError('UNKNOWN_APP', `unknown app${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`, {
      hint: `Known apps: ${known.join(', ')}. Apps are defined under apps: in the config.`,
    });
  }
  const chosen = ids.length > 0 ? config.apps.filter((a) => ids.includes(a.id)) : config.apps;
  if (kind === 'usage' && chosen.length !== 1) {
    throw new ObsReportError('USAGE', `the usage report covers one app; ${ids.length === 0 ? 'none was given' : `${chosen.length} were given`}`, {
      hint: `Pass --app with one of: ${known.join(', ')}. For all apps use --kind adoption.`,
    });
  }
  return chosen;
}
