/**
 * The `json` and `logfmt` stages with Loki's semantics: every field (nested objects flattened with
 * `_`, keys sanitised, `_extracted` on a clash with a stream label, values as written) or only the
 * listed `label="path"` pairs; a parse failure sets `__error__` and keeps the line.
 */
import type { ParserStage } from '../logql/ast.js';
import { JsonScanError, getPath, objectEach, topLevelMembers, unescapeJson, type FoundValue, type JsonType, type PathStep } from './json.js';
import type { LineLabels } from './line-labels.js';
import { decodeLogfmt, type LogfmtError } from './logfmt.js';
import type { Pipeline } from './pipeline.js';

/** Loki's sanitizeLabelKey: invalid characters become `_`, a leading digit gets `_`. */
function sanitizeKey(key: string, isPrefix: boolean): string {
  const k = key.trim();
  if (k === '') return k;
  const lead = isPrefix && /^[0-9]/.test(k) ? '_' : '';
  return lead + k.replace(/[^a-zA-Z0-9_]/g, '_');
}

function jsonValue(raw: string, type: JsonType): string {
  if (type === 'string') return unescapeJson(raw);
  if (type === 'boolean') return raw === 'true' ? 'true' : 'false';
  return raw;
}

/** `| json`: every field. */
export const jsonAll: Pipeline = (line, labels) => {
  const visit = (prefix: string) => (key: string, raw: string, type: JsonType, start: number): void => {
    if (type === 'object') {
      const part = sanitizeKey(key, prefix === '');
      const next = prefix === '' ? part : part === '' ? prefix : `${prefix}_${part}`;
      objectEach(line, visit(next), start);
      return;
    }
    if (type !== 'string' && type !== 'number' && type !== 'boolean') return;
    let name = prefix === '' ? sanitizeKey(key, true) : `${prefix}_${sanitizeKey(key, false)}`;
    if (labels.baseHas(name)) name += '_extracted';
    labels.setParsed(name, jsonValue(raw, type));
  };
  try {
    objectEach(line, visit(''));
  } catch (e) {
    if (!(e instanceof JsonScanError)) throw e;
    parserError(labels, 'JSONParserErr', e.message);
  }
  return line;
};

/** addErrLabel: a parser error, marked preserved when the query asks for `__error__` (Loki's hints). */
function parserError(labels: LineLabels, err: string, details?: string): void {
  labels.setError(err, details);
  if (labels.preserveError) labels.setParsed('__preserve_error__', 'true');
}

/** `| json a="path", ...`. */
export function jsonExpression(params: { label: string; expr: string }[]): Pipeline {
  const paths = params.map((p) => ({ label: p.label, path: parseJsonPath(p.expr) }));
  // First steps that are keys are looked up in one pass over the top-level object.
  const heads = paths.map(({ path }) => (typeof path?.[0] === 'string' ? path[0] : '\u0000no-key'));
  return (line, labels) => {
    if (line.length === 0) return line;
    const first = line.charCodeAt(0);
    if (first !== 34 && first !== 123 && first !== 91) {
      parserError(labels, 'JSONParserErr');
      return line;
    }
    let firsts: (FoundValue | undefined)[] = [];
    try {
      firsts = first === 123 ? topLevelMembers(line, heads) : [];
    } catch (e) {
      if (!(e instanceof JsonScanError)) throw e;
      parserError(labels, 'JSONParserErr', e.message);
    }
    paths.forEach(({ label, path }, idx) => {
      const name = labels.baseHas(label) ? `${label}_extracted` : label;
      let found: { raw: string; type: JsonType } | undefined = firsts[idx];
      try {
        if (found && path && path.length > 1) found = getPath(line.slice(firsts[idx]?.start ?? 0), path.slice(1));
        else if (first !== 123 && path) found = getPath(line, path);
      } catch (e) {
        if (!(e instanceof JsonScanError)) throw e;
        parserError(labels, 'JSONParserErr', e.message);
      }
      if (!found) {
        if (labels.get(label) === undefined) labels.setParsed(label, '');
        return;
      }
      labels.setParsed(name, found.type === 'null' ? '' : found.type === 'object' ? found.raw : jsonValue(found.raw, found.type === 'string' ? 'string' : 'number'));
    });
    return line;
  };
}

/** `a.b[0]["c d"]` into steps; undefined when Loki's jsonexpr would not parse it. */
export function parseJsonPath(expr: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  const re = /\s*(?:\.?([A-Za-z_][A-Za-z0-9_-]*)|\[\s*(\d+)\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'((?:[^'\\]|\\.)*)'\s*\])/y;
  let i = 0;
  while (i < expr.length) {
    re.lastIndex = i;
    const m = re.exec(expr);
    if (!m || m[0].length === 0) return undefined;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push(m[3] ?? m[4] ?? '');
    i = re.lastIndex;
  }
  return steps.length ? steps : undefined;
}

/** `| logfmt [flags] [a="key", ...]`. */
export function logfmt(stage: ParserStage): Pipeline {
  const keepEmpty = stage.flags?.includes('--keep-empty') ?? false;
  const strict = stage.flags?.includes('--strict') ?? false;
  const wanted = stage.params ? new Map(stage.params.map((p) => [sanitizeKey(p.expr, true), p.label])) : undefined;
  return (line, labels) => {
    if (wanted) for (const label of wanted.values()) if (!labels.baseHas(label)) labels.setParsed(label, '');
    const errors: LogfmtError[] = [];
    const pairs = decodeLogfmt(line, strict, errors);
    if (strict && errors[0]) parserError(labels, 'LogfmtParserErr', errors[0].message);
    for (const { key, value } of pairs) {
      const sanitized = sanitizeKey(key, true);
      if (sanitized === '') continue;
      if (wanted) {
        const label = wanted.get(sanitized);
        if (label === undefined) continue;
        labels.setParsed(labels.baseHas(label) ? `${label}_extracted` : label, value ?? '');
        continue;
      }
      if (value === undefined && !keepEmpty) continue;
      labels.setParsed(labels.baseHas(sanitized) ? `${sanitized}_extracted` : sanitized, value ?? '');
    }
    return line;
  };
}

