/**
 * All values of a query variable set to "All" when the dashboard stores none (variables that
 * refresh on load keep `options: []`): `label_values(<selector>, <label>)` or
 * `label_values(<label>)` asked of the variable's datasource through Grafana's resource proxy,
 * over the report's window, as Grafana's variable editor does.
 */
import { z } from 'zod';
import type { HttpTransport } from '../../http/types.js';
import type { Window } from '../../time/window.js';
import type { DatasourceResolver } from './dashboard-datasources.js';
import type { VariableJson } from './dashboard-schema.js';
import { interpolate, type VariableValue } from './templating.js';

const LABEL_VALUES = /^\s*label_values\(\s*(?:(.*?)\s*,\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s;
const valuesSchema = z.object({ status: z.literal('success'), data: z.array(z.string()).default([]) });

function queryText(variable: VariableJson): string {
  if (typeof variable.query === 'string') return variable.query;
  const inner = typeof variable.query === 'object' && variable.query !== null && 'query' in variable.query ? variable.query.query : undefined;
  return typeof inner === 'string' ? inner : (variable.definition ?? '');
}

/** The values, or undefined when the variable's query is not label_values or the datasource cannot say. */
export async function labelValues(
  grafana: HttpTransport,
  resolver: DatasourceResolver,
  variable: VariableJson,
  resolved: ReadonlyMap<string, VariableValue>,
  window: Window,
): Promise<string[] | undefined> {
  const m = LABEL_VALUES.exec(queryText(variable));
  if (!m) return undefined;
  const selector = m[1] ? interpolate(m[1], resolved) : undefined;
  const label = m[2] ?? '';
  const ds = await resolver.resolve(variable.datasource, undefined);
  if (!ds.ok) return undefined;
  const base = `/api/datasources/uid/${encodeURIComponent(ds.ds.uid)}/resources`;
  const request =
    ds.ds.type === 'prometheus'
      ? { path: `${base}/api/v1/label/${encodeURIComponent(label)}/values`, query: { 'match[]': selector, start: window.from / 1000, end: window.to / 1000 } }
      : { path: `${base}/label/${encodeURIComponent(label)}/values`, query: { query: selector, start: `${window.from}000000`, end: `${window.to}000000` } };
  try {
    return (await grafana.getJson(request, valuesSchema)).data;
  } catch {
    // The caller falls back to ".*" and says so in the dashboard's notes.
    return undefined;
  }
}
