/**
 * Dashboard variables resolved the way Grafana's Prometheus and Loki datasources interpolate
 * them into queries: `$var`, `${var}`, `${var:format}`, `[[var]]`; multi-value and "All"
 * variables become an escaped regex alternation `(a|b)`, single values are string-escaped; the
 * time variables ($__interval, $__rate_interval, $__range, $__auto, ...) come from the window.
 */
import type { VariableJson } from './dashboard-schema.js';

/** A variable's value for interpolation: raw text (a custom "All" value, a time variable) or chosen values. */
export type VariableValue = { kind: 'raw'; value: string } | { kind: 'values'; values: string[]; multi: boolean };

/** Grafana's variable syntax (public/app/features/variables/utils.ts variableRegex). */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/** prometheusRegularEscape: for a single value inside a quoted string. */
function regularEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

/** prometheusSpecialRegexEscape: regex metacharacters escaped, doubled for a PromQL/LogQL string. */
function regexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

function formatted(value: VariableValue, format: string | undefined): string {
  if (value.kind === 'raw') return value.value;
  const { values } = value;
  switch (format) {
    case 'raw':
    case 'csv':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    case 'text':
      return values.join(' + ');
    case 'json':
      return JSON.stringify(values);
    case 'glob':
      return values.length > 1 ? `{${values.join(',')}}` : (values[0] ?? '');
    case 'regex':
      return values.length > 1 ? `(${values.map(regexEscape).join('|')})` : regexEscape(values[0] ?? '');
    default:
      if (!value.multi) return regularEscape(values[0] ?? '');
      return values.length === 1 ? regexEscape(values[0] ?? '') : `(${values.map(regexEscape).join('|')})`;
  }
}

/** Replaces every known variable in `text`; unknown ones stay as written (as Grafana leaves them). */
export function interpolate(text: string, variables: ReadonlyMap<string, VariableValue>): string {
  return text.replace(VARIABLE, (match, plain?: string, bracket?: string, bracketFormat?: string, braced?: string, _field?: string, bracedFormat?: string) => {
    const name = plain ?? bracket ?? braced ?? '';
    const value = variables.get(name);
    return value ? formatted(value, bracketFormat ?? bracedFormat) : match;
  });
}

/** Go/Grafana interval text of whole ms: the largest whole unit, as secondsToHms and FormatInterval write it. */
export function intervalText(ms: number): string {
  const units: [number, string][] = [[31_536_000_000, 'y'], [86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'm'], [1_000, 's']];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** The time variables of a query over `rangeMs` at `intervalMs`, with the datasource's scrape interval. */
export function timeVariables(window: { from: number; to: number }, intervalMs: number, scrapeMs: number): Map<string, VariableValue> {
  const rangeMs = window.to - window.from;
  const rangeS = Math.round(rangeMs / 1000);
  // The Prometheus datasource's $__rate_interval: at least four scrapes, and one more than the step.
  const rateMs = Math.max(intervalMs + scrapeMs, 4 * scrapeMs);
  const raw = (value: string): VariableValue => ({ kind: 'raw', value });
  return new Map([
    ['__interval', raw(intervalText(intervalMs))],
    ['__interval_ms', raw(String(intervalMs))],
    ['__auto', raw(intervalText(intervalMs))],
    ['__rate_interval', raw(intervalText(rateMs))],
    ['__rate_interval_ms', raw(String(rateMs))],
    ['__range', raw(`${rangeS}s`)],
    ['__range_s', raw(String(rangeS))],
    ['__range_ms', raw(String(rangeMs))],
    ['__from', raw(String(window.from))],
    ['__to', raw(String(window.to))],
  ]);
}

function asList(value: string | string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const ALL = '$__all';

/** Looks up all values of a query variable (e.g. label_values) when its "All" has no stored options. */
export type AllValues = (variable: VariableJson, resolved: ReadonlyMap<string, VariableValue>) => Promise<string[] | undefined>;

/** The dashboard's variables with their current values; `notes` collects what could only be approximated. */
export async function resolveVariables(list: readonly VariableJson[], allValues: AllValues, notes: string[]): Promise<Map<string, VariableValue>> {
  const resolved = new Map<string, VariableValue>();
  for (const variable of list) {
    if (variable.type === 'adhoc') continue;
    let current = asList(variable.current?.value);
    if (current.length === 0 && (variable.type === 'constant' || variable.type === 'textbox') && typeof variable.query === 'string') current = [variable.query];
    const multi = variable.multi === true || variable.includeAll === true;
    if (!current.includes(ALL)) {
      resolved.set(variable.name, { kind: 'values', values: current, multi });
      continue;
    }
    if (variable.allValue) {
      resolved.set(variable.name, { kind: 'raw', value: variable.allValue });
      continue;
    }
    const options = (variable.options ?? []).flatMap((o) => asList(o.value)).filter((v) => v !== ALL);
    const all = options.length > 0 ? options : await allValues(variable, resolved);
    if (all && all.length > 0) {
      resolved.set(variable.name, { kind: 'values', values: all, multi: true });
      continue;
    }
    notes.push(`Variable ${variable.name} is set to All, whose values could not be listed: ".*" was used instead.`);
    resolved.set(variable.name, { kind: 'raw', value: '.*' });
  }
  return resolved;
}
