/** A YAML file parsed with its line numbers, so a problem at a key path can name the file and line. */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { ObsReportError } from '../../errors.js';

/** A parsed YAML file: its plain value and where each key path is. */
export interface YamlFile {
  file: string;
  value: unknown;
  /** Line (1-based) of the deepest node on `path` that exists in this file, or null if none. */
  lineOf(path: readonly PropertyKey[]): number | null;
  /** Whether this file has a node at exactly `path`. */
  has(path: readonly PropertyKey[]): boolean;
}

/** The node at `path` (or the deepest that exists), and where it starts: a map entry at its key. */
function nodeAt(doc: Document, path: readonly PropertyKey[]): { node: Node; depth: number; start: number | undefined } | null {
  let node: unknown = doc.contents;
  let found: { node: Node; depth: number; start: number | undefined } | null = node ? { node: node as Node, depth: 0, start: (node as Node).range?.[0] } : null;
  for (const [i, key] of path.entries()) {
    let next: unknown;
    let start: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      next = pair?.value;
      start = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
    }
    if (!next) return found;
    node = next;
    found = { node: next as Node, depth: i + 1, start: start ?? (next as Node).range?.[0] };
  }
  return found;
}

/** Parses YAML text; syntax errors are TEMPLATE errors naming the file and line. */
export function parseYamlFile(text: string, file: string): YamlFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter: lines });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    throw new ObsReportError('TEMPLATE', `${file}${line ? `:${line}` : ''}: ${error.message.split('\n')[0] ?? ''}`, {
      hint: 'Fix the YAML syntax of the template manifest.',
    });
  }
  return {
    file,
    value: doc.toJS() as unknown,
    lineOf(path) {
      const start = nodeAt(doc, path)?.start;
      return start === undefined ? null : lines.linePos(start).line;
    },
    has: (path) => nodeAt(doc, path)?.depth === path.length,
  };
}
