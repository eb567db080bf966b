/**
 * Fields read from a raw log line with the app's configured field names, the way Loki's
 * parsers read them: json (dotted names are nested paths) or logfmt.
 */
import { jsonField } from '../json-field.js';
import type { FieldKey, LogApp } from './pipeline.js';

/** The requested fields of one line; a field that is absent or not a scalar is undefined. */
export function lineFields<K extends FieldKey>(app: LogApp, line: string, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  if (app.parser === 'logfmt') {
    const pairs = parseLogfmt(line);
    for (const key of keys) {
      const value = pairs.get(app.fields[key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return out;
  }
  for (const key of keys) {
    const value = jsonField(doc, app.fields[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

/** key=value pairs of a logfmt line; values may be double-quoted with backslash escapes. */
export function parseLogfmt(line: string): Map<string, string> {
  const pairs = new Map<string, string>();
  let i = 0;
  while (i < line.length) {
    while (i < line.length && line[i] === ' ') i++;
    const keyStart = i;
    while (i < line.length && line[i] !== '=' && line[i] !== ' ') i++;
    const key = line.slice(keyStart, i);
    if (line[i] !== '=') {
      if (key !== '') pairs.set(key, '');
      continue;
    }
    i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          i++;
          value += ESCAPES[line[i]!] ?? line[i];
        } else value += line[i];
        i++;
      }
      i++;
    } else {
      const valueStart = i;
      while (i < line.length && line[i] !== ' ') i++;
      value = line.slice(valueStart, i);
    }
    if (key !== '') pairs.set(key, value);
  }
  return pairs;
}
