/**
 * `label_replace(v, dst, replacement, src, regex)` as Loki's LabelReplaceEvaluator: when the
 * anchored regex matches the value of `src` (missing = empty), `dst` becomes the expanded
 * replacement (removed when that is empty); otherwise the series is left as it is.
 */
import type { LabelReplace } from '../logql/ast.js';
import { labelsString, type Labels } from './labels.js';
import type { Matrix } from './matrix.js';

/** Applies the replacement to every series of `inner`. */
export function evalLabelReplace(e: LabelReplace, inner: Matrix): Matrix {
  const out: Matrix = new Map();
  for (const series of inner.values()) {
    const match = e.re.exec(series.labels[e.src] ?? '');
    let labels: Labels = series.labels;
    if (match) {
      const value = expand(e.replacement, match);
      labels = Object.fromEntries(Object.entries(series.labels).filter(([k]) => k !== e.dst));
      if (value !== '') labels[e.dst] = value;
    }
    const key = labelsString(labels);
    // Loki does not refuse two series that end with the same labels; the first one is kept here.
    if (!out.has(key)) out.set(key, { labels, values: series.values });
  }
  return out;
}

/** Go's Regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}`, `$$`; a malformed `$` stays as text. */
export function expand(template: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; ) {
    const ch = template[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    const ref = /^\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/.exec(template.slice(i));
    if (!ref) {
      out += '$';
      i++;
      continue;
    }
    const name = ref[1] ?? ref[2] ?? '';
    out += (/^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name]) ?? '';
    i += ref[0].length;
  }
  return out;
}
