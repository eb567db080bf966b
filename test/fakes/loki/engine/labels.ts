/**
 * Label sets as Loki prints, sorts and groups them: the Prometheus string form `{a="1", b="2"}`
 * (names sorted, Go-quoted values) doubles as identity key and as the order of log streams;
 * `compareLabels` is Prometheus' labels.Compare, the order of metric series.
 */
import { compareGo, goQuote } from '../logql/format.js';

/** A label set as a plain object. */
export type Labels = Record<string, string>;

/** Sorted [name, value] pairs. */
export function sortedPairs(labels: Labels): [string, string][] {
  return Object.keys(labels)
    .sort(compareGo)
    .map((k) => [k, labels[k] ?? '']);
}

/** The Prometheus string form, used as the identity of a label set. */
export function labelsString(labels: Labels): string {
  return '{' + sortedPairs(labels).map(([k, v]) => `${k}=${goQuote(v)}`).join(', ') + '}';
}

/** A copy with keys in sorted order, so JSON output matches Loki's sorted maps. */
export function sortedObject(labels: Labels): Labels {
  const out: Labels = {};
  for (const [k, v] of sortedPairs(labels)) out[k] = v;
  return out;
}

/** labels.Compare: pairwise by name then value, then by length. */
export function compareLabels(a: Labels, b: Labels): number {
  const pa = sortedPairs(a);
  const pb = sortedPairs(b);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const [an = '', av = ''] = pa[i] ?? [];
    const [bn = '', bv = ''] = pb[i] ?? [];
    const byName = compareGo(an, bn);
    if (byName !== 0) return byName;
    const byValue = compareGo(av, bv);
    if (byValue !== 0) return byValue;
  }
  return pa.length - pb.length;
}

/** Keeps only `names` (by) or drops them (without), as Prometheus grouping does. */
export function groupLabels(labels: Labels, names: readonly string[], without: boolean): Labels {
  const out: Labels = {};
  if (without) {
    for (const k of Object.keys(labels)) if (!names.includes(k)) out[k] = labels[k] ?? '';
    return out;
  }
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined) out[n] = v;
  }
  return out;
}
