/**
 * Fields of an app's JSON event line, read the way Loki's json parser reads them, so every
 * source that reads raw lines (Loki's raw pulls, Kafka) finds the same values.
 */

/** Names Loki's json parser takes as a path (dotted for nested objects); anything else is one key. */
const JSON_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isJsonPath(field: string): boolean {
  return JSON_PATH.test(field);
}

/** A string, number or boolean as text; anything else (objects, arrays, null) is no value. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The field's value in a parsed JSON document, as text; undefined when absent or not a scalar. */
export function jsonField(doc: unknown, field: string): string | undefined {
  let node = doc;
  for (const part of isJsonPath(field) ? field.split('.') : [field]) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return scalarText(node);
}
