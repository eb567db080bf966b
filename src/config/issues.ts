/**
 * Turns zod's validation issues into ConfigIssues a person can act on: the YAML path, the
 * line in the file, what is wrong and what to write instead.
 */
import type { z } from 'zod';
import type { Document, LineCounter } from 'yaml';
import type { ConfigIssue } from '../errors.js';
import { formatPath } from './env.js';
import { configJsonSchema } from './json-schema.js';

/** A config path set by an environment variable (see overrides.ts). */
export interface EnvSource {
  env: string;
  path: readonly string[];
}

/**
 * Converts zod issues; `doc` and `lines` add the line number of each path when the file is known;
 * a value set by an environment variable is said to come from it instead of a line of the file.
 */
export function toConfigIssues(issues: readonly z.core.$ZodIssue[], doc?: Document, lines?: LineCounter, fromEnv: readonly EnvSource[] = []): ConfigIssue[] {
  const where = (keys: readonly (string | number)[]) => {
    const source = fromEnv.find((o) => o.path.every((key, i) => keys[i] === key));
    return source ? ` (from ${source.env})` : lineOf(keys, doc, lines);
  };
  return issues.flatMap((issue) => {
    const keys = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...keys, key]) + where([...keys, key]),
        message: `unknown option "${key}"`,
        fix: suggestKey(key, keys),
      }));
    }
    return [{ path: formatPath(keys) + where(keys), message: messageOf(issue), fix: fixFor(issue) }];
  });
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required but missing';
  // zod's "Invalid option: expected one of …" would say what the fix says.
  if (issue.code === 'invalid_value' && issue.input !== undefined) return `${JSON.stringify(issue.input)} is not allowed here`;
  return issue.message.replace(/^Invalid input: /, '');
}

/** "a string", "an array". */
function aOrAn(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function fixFor(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `add it: ${aOrAn(issue.expected)}` : `write ${aOrAn(issue.expected)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `write ${JSON.stringify(issue.values[0])}` : `write one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? `list at least ${String(issue.minimum)} item(s)` : `use a value ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' ? `list at most ${String(issue.maximum)} item(s)` : `use a value ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'email' ? 'write an e-mail address such as pat@example.com' : undefined;
    default:
      return undefined;
  }
}

/** " (line N)" for a path that exists in the document, else "". */
function lineOf(keys: readonly (string | number)[], doc?: Document, lines?: LineCounter): string {
  if (!doc || !lines) return '';
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return ` (line ${lines.linePos(node.range[0]).line})`;
  }
  return '';
}

/** "did you mean ..." for a misspelt key, from the keys the schema allows next to it. */
function suggestKey(key: string, parent: readonly (string | number)[]): string {
  const siblings = allowedKeysAt(configJsonSchema(), parent);
  const best = siblings
    .map((candidate) => ({ candidate, d: distance(key.toLowerCase(), candidate.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)[0];
  if (best && best.d <= Math.max(2, Math.floor(key.length / 3))) return `did you mean "${best.candidate}"?`;
  if (siblings.length > 0) return `remove it; allowed here: ${siblings.join(', ')}`;
  return 'remove it';
}

interface JsonSchemaNode {
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
}

/** Walks the JSON Schema along a config path and lists the property names allowed there. */
function allowedKeysAt(schema: JsonSchemaNode, path: readonly (string | number)[]): string[] {
  let nodes: JsonSchemaNode[] = [schema];
  for (const key of path) {
    nodes = nodes.flatMap(expand).flatMap((n) => {
      const next = typeof key === 'number' ? n.items : n.properties?.[key];
      return next ? [next] : [];
    });
  }
  return [...new Set(nodes.flatMap(expand).flatMap((n) => Object.keys(n.properties ?? {})))].filter((k) => k !== '$schema');
}

function expand(node: JsonSchemaNode): JsonSchemaNode[] {
  return [node, ...(node.anyOf ?? []).flatMap(expand), ...(node.allOf ?? []).flatMap(expand)];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}
