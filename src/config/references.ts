/** Checks what zod cannot see alone: ids that must refer to something defined elsewhere in the file. */
import type { ConfigIssue } from '../errors.js';
import type { Config } from './schema.js';

/** Unknown app ids, report ids, stakeholder names and datasource choices, with what to write instead. */
export function checkReferences(config: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const appIds = config.apps.map((a) => a.id);
  const known = (list: readonly string[]) => `known: ${[...new Set(list)].join(', ') || '(none)'}`;

  for (const [i, first] of repeats(appIds)) {
    issues.push({ path: `apps[${i}].id`, message: `app id "${appIds[i]!}" is already the id of apps[${first}]`, fix: 'give each app its own id' });
  }
  const reportIds = config.reports.map((r) => r.id);
  for (const [i, first] of repeats(reportIds)) {
    issues.push({ path: `reports[${i}].id`, message: `report id "${reportIds[i]!}" is already the id of reports[${first}]`, fix: 'give each report its own id' });
  }
  const checkApps = (path: string, apps: readonly string[]) =>
    apps.forEach((app, i) => {
      if (!appIds.includes(app)) issues.push({ path: `${path}[${i}]`, message: `unknown app "${app}"`, fix: known(appIds) });
    });
  config.reports.forEach((r, i) => checkApps(`reports[${i}].apps`, r.apps));
  config.stakeholders.forEach((s, i) => checkApps(`stakeholders[${i}].apps`, s.apps));

  const names = config.stakeholders.map((s) => s.name);
  config.schedules.forEach((s, i) => {
    s.reports.forEach((r, j) => {
      if (!reportIds.includes(r)) issues.push({ path: `schedules[${i}].reports[${j}]`, message: `unknown report "${r}"`, fix: known(reportIds) });
    });
    s.stakeholders.forEach((n, j) => {
      if (!names.includes(n)) issues.push({ path: `schedules[${i}].stakeholders[${j}]`, message: `unknown stakeholder "${n}"`, fix: known(names) });
    });
  });

  const configured = Object.entries(config.datasources)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  Object.entries(config.sources).forEach(([question, choice]) => {
    if (choice === undefined || choice === 'none' || choice === 'demo' || configured.includes(choice)) return;
    issues.push({
      path: `sources.${question}`,
      message: `uses "${choice}", which is not configured under datasources`,
      fix: `add datasources.${choice}, or set OBS_REPORT_${choice.toUpperCase()}_${choice === 'kafka' ? 'BROKERS' : 'URL'}`,
    });
  });
  return issues;
}

/** [index, index of its first occurrence] of every value seen before in the list. */
function repeats(values: readonly string[]): [number, number][] {
  return values.flatMap((v, i): [number, number][] => (values.indexOf(v) !== i ? [[i, values.indexOf(v)]] : []));
}
