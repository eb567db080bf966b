/**
 * Speaker notes: for the presenter who is asked "what does this mean, where is it from?".
 * They list the definitions whose terms appear on the slide and, for every figure on it,
 * the query and datasource behind it (appendix.queries via queryRefs).
 */
import type { Definition, Report } from '../../model/report.js';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The words a definition is recognised by: the first word of each part of its term ("DAU / WAU / MAU", "Start, restart, crash"). */
export function termWords(term: string): string[] {
  return term
    .split(/[/,]/)
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((word) => /[a-z]/i.test(word) && word.length >= 3);
}

/** Definitions whose term appears in `text` (as a word start, so "Sessions" finds "Session"). */
export function definitionsUsed(definitions: readonly Definition[], text: string): Definition[] {
  return definitions.filter((d) => termWords(d.term).some((word) => new RegExp(`(^|[^\\w])${escapeRegex(word)}`, 'i').test(text)));
}

/** The notes of one slide: definitions used in `text`, then the queries `refs` names, in appendix order. */
export function speakerNotes(report: Report, text: string, refs: readonly string[]): string {
  const lines: string[] = [];
  const definitions = definitionsUsed(report.appendix.definitions, text);
  if (definitions.length > 0) {
    lines.push('Definitions used:');
    for (const d of definitions) lines.push(`- ${d.term}: ${d.text}`);
  }
  const wanted = new Set(refs);
  const queries = report.appendix.queries.filter((q) => wanted.has(q.id));
  if (queries.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('Queries behind the figures on this slide:');
    for (const q of queries) lines.push(`- ${q.id}, ${q.purpose} (${q.datasource}, ${q.datasourceType}): ${q.query}`);
  }
  if (lines.length === 0) lines.push(`${report.title}, ${report.period.label} (times in ${report.period.tz}).`);
  return lines.join('\n');
}
