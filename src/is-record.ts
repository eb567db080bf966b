/** Whether a value parsed from YAML or JSON is a mapping (an object that is not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
