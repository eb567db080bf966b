/** Checks what zod cannot see alone: ids that must refer to something defined elsewhere in the file. */
import type { ConfigIssue } from '../errors.js';
import { isRecord } from '../is-record.js';

/** What the references are checked on: a validated Config, or what can be read of a file that is not (referenceView). */
export interface ReferenceView {
  apps: readonly { id: string }[];
  reports: readonly { id: string; apps: readonly string[] }[];
  stakeholders: readonly { name: string; apps: readonly string[] }[];
  schedules: readonly { reports: readonly string[]; stakeholders: readonly string[] }[];
  datasources: object;
  sources: Readonly<Record<string, string | undefined>>;
}

const records = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map((x) => (isRecord(x) ? x : {})) : []);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The references of a file that failed validation, read as far as they can be, so that
 * `validate` lists them with the schema's problems instead of after those are fixed. Entries keep
 * their index; what is not there or of the wrong type reads as empty (the schema reports it).
 */
export function referenceView(raw: Record<string, unknown>): ReferenceView {
  const sources = isRecord(raw['sources']) ? raw['sources'] : {};
  return {
    apps: records(raw['apps']).map((a) => ({ id: text(a['id']) })),
    reports: records(raw['reports']).map((r) => ({ id: text(r['id']), apps: strings(r['apps']) })),
    stakeholders: records(raw['stakeholders']).map((s) => ({ name: text(s['name']), apps: strings(s['apps']) })),
    schedules: records(raw['schedules']).map((s) => ({ reports: strings(s['reports']), stakeholders: strings(s['stakeholders']) })),
    datasources: isRecord(raw['datasources']) ? raw['datasources'] : {},
    sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, typeof v === 'string' ? v : undefined])),
  };
}

/** Unknown app ids, report ids, stakeholder names and datasource choices, with what to write instead. */
export function checkReferences(config: ReferenceView): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const appIds = config.apps.map((a) => a.id);
  const known = (list: readonly string[]) => `known: ${[...new Set(list.filter(Boolean))].join(', ') || '(none)'}`;

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

/** [index, index of its first occurrence] of every value seen before in the list (a missing id, '', is the schema's to report). */
function repeats(values: readonly string[]): [number, number][] {
  return values.flatMap((v, i): [number, number][] => (v !== '' && values.indexOf(v) !== i ? [[i, values.indexOf(v)]] : []));
}
