/**
 * Runs a LogQL pipeline over one line with Loki's semantics: line filters, `json` (every field,
 * nested objects flattened with `_`, keys sanitised, `_extracted` on a clash with a stream label)
 * or `json a="path"`, `logfmt`, label filters (a value that does not convert sets `__error__`
 * instead of dropping the line), `keep`/`drop` and `line_format`.
 */
import type { LabelFilter, LineFilterStage, Stage } from '../logql/ast.js';
import { matches } from '../logql/matchers.js';
import type { LineLabels } from './line-labels.js';
import { jsonAll, jsonExpression, logfmt } from './parsers.js';
import { goParseFloat, parseGoDurationSeconds, parseHumanBytes } from './convert.js';

/** A compiled pipeline: the (possibly rewritten) line, or undefined when the line is dropped. */
export type Pipeline = (line: string, labels: LineLabels, tsNs: bigint) => string | undefined;

/** Compiles stages; with `skipParsers` parsers are no-ops, as Loki does when no label is needed. */
export function compilePipeline(stages: readonly Stage[], skipParsers = false): Pipeline {
  const steps = stages.map((s) => compileStage(s, skipParsers));
  return (line, labels, ts) => {
    let current: string | undefined = line;
    for (const step of steps) {
      current = step(current, labels, ts);
      if (current === undefined) return undefined;
    }
    return current;
  };
}

/** Label names a pipeline's filters read (Loki's parser hints use them). */
export function requiredLabelNames(stages: readonly Stage[]): string[] {
  const names = new Set<string>();
  const walk = (f: LabelFilter): void => {
    switch (f.type) {
      case 'and':
      case 'or':
        walk(f.left);
        walk(f.right);
        return;
      case 'string':
        names.add(f.matcher.name);
        return;
      default:
        names.add(f.name);
    }
  };
  for (const s of stages) {
    if (s.kind === 'label_filter') walk(s.filter);
    if (s.kind === 'line_format') for (const m of s.template.matchAll(/\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) names.add(m[1] ?? '');
  }
  return [...names];
}

function compileStage(stage: Stage, skipParsers: boolean): Pipeline {
  switch (stage.kind) {
    case 'line_filter':
      return lineFilter(stage);
    case 'json':
      if (skipParsers) return (line) => line;
      return stage.params ? jsonExpression(stage.params) : jsonAll;
    case 'logfmt':
      if (skipParsers) return (line) => line;
      return logfmt(stage);
    case 'label_filter':
      return (line, labels) => (labelFilter(stage.filter, labels) ? line : undefined);
    case 'keep':
      return (line, labels) => {
        for (const name of labels.names()) {
          const item = stage.items.find((i) => i.name === name);
          if (!item || (item.matcher && !matches(item.matcher, labels.get(name)))) labels.delete(name);
        }
        return line;
      };
    case 'drop':
      return (line, labels) => {
        for (const item of stage.items) {
          if (!item.matcher || matches(item.matcher, labels.get(item.name))) labels.delete(item.name);
        }
        return line;
      };
    case 'line_format':
      return (_line, labels) => stage.template.replace(/\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, name: string) => labels.get(name) ?? '');
  }
}

function lineFilter(stage: LineFilterStage): Pipeline {
  const { op, values, res } = stage;
  switch (op) {
    case '|=':
      return (line) => (values.some((v) => line.includes(v)) ? line : undefined);
    case '!=':
      return (line) => (values.some((v) => line.includes(v)) ? undefined : line);
    case '|~':
      return (line) => ((res ?? []).some((r) => r.test(line)) ? line : undefined);
    case '!~':
      return (line) => ((res ?? []).some((r) => r.test(line)) ? undefined : line);
  }
}

/** Evaluates a label filter; conversion failures set `LabelFilterErr` and keep the line. */
export function labelFilter(f: LabelFilter, labels: LineLabels): boolean {
  switch (f.type) {
    case 'and':
      return labelFilter(f.left, labels) && labelFilter(f.right, labels);
    case 'or':
      return labelFilter(f.left, labels) || labelFilter(f.right, labels);
    case 'string':
      return matches(f.matcher, labels.get(f.matcher.name));
    case 'number':
    case 'duration':
    case 'bytes': {
      const raw = labels.get(f.name);
      if (raw === undefined) return false;
      const parsed = f.type === 'number' ? goParseFloat(raw) : f.type === 'duration' ? parseGoDurationSeconds(raw) : parseHumanBytes(raw);
      if (typeof parsed === 'string') {
        if (labels.err === '') labels.setError('LabelFilterErr', parsed);
        return true;
      }
      const v = f.value;
      switch (f.op) {
        case '==': return parsed === v;
        case '!=': return parsed !== v;
        case '>': return parsed > v;
        case '>=': return parsed >= v;
        case '<': return parsed < v;
        case '<=': return parsed <= v;
      }
    }
  }
}

