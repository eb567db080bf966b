/**
 * `${VAR}` and `${VAR:-default}` substitution in YAML scalar values, before validation, so
 * tokens and URLs live in the environment. Substitution happens inside parsed scalars, never
 * in the raw text, so a value from the environment cannot inject YAML structure. A plain
 * (unquoted) scalar that is a single reference gets its type back (`port: ${PORT}` -> 587);
 * `$${` writes a literal `${`.
 */
import { isPair, isScalar, isSeq, parse as parseYaml, visit, type Document } from 'yaml';
import type { ConfigIssue } from '../errors.js';

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces references in every string scalar of `doc`; returns one issue per unset variable. */
export function substituteEnv(doc: Document, env: NodeJS.ProcessEnv): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(doc, {
    Scalar(_key, node, path) {
      if (typeof node.value !== 'string' || !node.value.includes('$')) return;
      const original = node.value;
      let missing = false;
      const replaced = original.replace(REFERENCE, (match, name?: string, fallback?: string) => {
        if (match === '$${') return '${';
        const value = env[name!];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        missing = true;
        issues.push({
          path: yamlPathOf([...path, node]),
          message: `refers to \${${name}}, which is not set in the environment`,
          fix: `export ${name}=..., or write \${${name}:-default} to give a default`,
        });
        return match;
      });
      if (missing || replaced === original) return;
      const wholeReference = /^\$\{[^}]+\}$/.test(original);
      node.value = wholeReference && node.type === 'PLAIN' ? retype(replaced) : replaced;
    },
  });
  return issues;
}

/** Gives a substituted plain scalar the type YAML would have given it (numbers, booleans). */
function retype(value: string): unknown {
  try {
    const parsed: unknown = parseYaml(value);
    return typeof parsed === 'number' || typeof parsed === 'boolean' ? parsed : value;
  } catch {
    return value; // not a YAML scalar at all (e.g. several lines): it stays the string it is
  }
}

/** The YAML path of a node from itself and the ancestors `visit` passes, e.g. `apps[1].loki.selector`. */
function yamlPathOf(chain: readonly unknown[]): string {
  const keys: (string | number)[] = [];
  chain.forEach((node, i) => {
    if (isPair(node) && isScalar(node.key)) keys.push(String(node.key.value));
    if (isSeq(node)) {
      const index = node.items.indexOf(chain[i + 1] as never);
      if (index >= 0) keys.push(index);
    }
  });
  return formatPath(keys);
}

/** `['apps', 2, 'loki', 'selector']` -> `apps[2].loki.selector`. */
export function formatPath(keys: readonly PropertyKey[]): string {
  let out = '';
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}
