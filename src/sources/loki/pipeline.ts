/**
 * Log pipelines for one app: its stream selector, a parser stage that turns only the needed
 * fields into labels with fixed names (whatever the app calls them), and label filters.
 */
import type { AppConfig } from '../../config/schema.js';
import { logqlString } from './logql.js';
import { isJsonPath } from '../json-field.js';

/** A field of the data conventions (design.md), renameable per app. */
export type FieldKey = 'user' | 'session' | 'event' | 'feature' | 'level' | 'duration' | 'instance';

/** The label each field becomes after parsing, whatever the field is called in the app's lines. */
export const FIELD_LABEL: Record<FieldKey, string> = {
  user: 'user',
  session: 'session',
  event: 'event',
  feature: 'feature',
  level: 'level',
  duration: 'duration_ms',
  instance: 'instance',
};

/** Where one app's logs are and how to read them. */
export interface LogApp {
  id: string;
  selector: string;
  parser: 'json' | 'logfmt';
  fields: Record<FieldKey, string>;
  /** Known features, in config order. */
  features: readonly string[];
}

/** The app's Loki settings with the defaults of the config (`{app="<id>"}`, json). */
export function logApp(app: AppConfig): LogApp {
  return {
    id: app.id,
    selector: app.loki?.selector ?? `{app=${logqlString(app.id)}}`,
    parser: app.loki?.parser ?? 'json',
    fields: app.fields,
    features: app.features,
  };
}

/** Loki's json-parser expression for a field name: dotted names are nested paths, anything else a quoted key. */
export function jsonExpression(field: string): string {
  return isJsonPath(field) ? field : `[${JSON.stringify(field)}]`;
}

/** `| json user="user", event="event"` (or logfmt) for these fields, then `| __error__=""`. */
export function parserStage(app: LogApp, fields: readonly FieldKey[]): string {
  const params = fields.map((key) => {
    const source = app.parser === 'json' ? jsonExpression(app.fields[key]) : app.fields[key];
    return `${FIELD_LABEL[key]}=${logqlString(source)}`;
  });
  return `| ${app.parser} ${params.join(', ')} | __error__=""`;
}

/** A label filter `label="value"` (or another operator), the value escaped. */
export function labelIs(key: FieldKey, value: string, op: '=' | '!=' = '='): string {
  return `${FIELD_LABEL[key]}${op}${logqlString(value)}`;
}

/** What a pipeline selects: the parsed fields and the filters after parsing. */
export interface PipelineSpec {
  fields: readonly FieldKey[];
  /** Label filters, e.g. `event="session_start"`, applied in order. */
  filters: readonly string[];
  /** Only this user's lines. */
  user?: string | undefined;
  /** Stages appended after the filters, e.g. `| unwrap duration_ms | __error__=""`. */
  tail?: string;
}

/**
 * An exact label filter whose value every JSON and logfmt writer puts into a line as it is:
 * ASCII letters, digits and `_ . : @ + -` (writers escape quotes and backslashes, some also `/`,
 * `<`, `>`, `&` or anything beyond ASCII, so other values may be written otherwise).
 */
const VERBATIM_EQUALITY = /^[A-Za-z_][A-Za-z0-9_]*="([A-Za-z0-9_.:@+-]+)"$/;

/**
 * Line filters in front of the parser, one per exact filter on a value written as it is (the
 * user's id first, the most selective): a line whose field equals the value contains it, so
 * Loki parses only the lines that do, not all of the app's lines. They only narrow: the parsed
 * fields are still compared exactly. Measured on Loki 3.4.6 with 10,000 users (a month of one
 * app, medians of 5): distinct users 1.57 -> 1.33 s, events per feature 1.94 -> 1.44 s, one
 * user's days 1.07 -> 0.24 s.
 */
function lineFilters(exact: readonly string[]): string[] {
  const values = new Set<string>();
  for (const filter of exact) {
    const value = VERBATIM_EQUALITY.exec(filter)?.[1];
    if (value !== undefined) values.add(value);
  }
  return [...values].map((value) => `|= ${logqlString(value)}`);
}

/** `<selector> | json ... | __error__="" | filter | ...`: a log pipeline without range or aggregation. */
export function pipeline(app: LogApp, spec: PipelineSpec): string {
  const fields = spec.user !== undefined && !spec.fields.includes('user') ? [...spec.fields, 'user' as const] : spec.fields;
  const user = spec.user !== undefined ? [labelIs('user', spec.user)] : [];
  const filters = [...spec.filters, ...user];
  const parts = [app.selector, ...lineFilters([...user, ...spec.filters]), parserStage(app, fields), ...filters.map((f) => `| ${f}`)];
  if (spec.tail) parts.push(spec.tail);
  return parts.join(' ');
}
