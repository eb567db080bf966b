/**
 * A template's `sections` applied to a report, once, before any renderer sees it: the
 * sections it names are kept in the order it names them, the others dropped. Every
 * template-driven format (html, pdf, pptx, xlsx, csv) goes through `withTemplateSections`.
 */
import type { Report, ReportKind, Section } from '../../model/report.js';
import type { Renderer, SectionSelection } from '../types.js';

/** The patterns that apply to a report kind, or null when the selection does not constrain it. */
export function patternsFor(kind: ReportKind, selection: SectionSelection | undefined): string[] | null {
  if (selection === undefined) return null;
  if (Array.isArray(selection)) return selection;
  return selection[kind] ?? null;
}

function matcher(pattern: string): (id: string) => boolean {
  if (!pattern.includes('*')) return (id) => id === pattern;
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  const regex = new RegExp(`^${source}$`);
  return (id) => regex.test(id);
}

/** The sections kept, in pattern order (sections matched by one pattern keep the report's order). */
export function pickSections(sections: readonly Section[], patterns: readonly string[]): Section[] {
  const picked: Section[] = [];
  for (const pattern of patterns) {
    const matches = matcher(pattern);
    for (const section of sections) if (matches(section.id) && !picked.includes(section)) picked.push(section);
  }
  return picked;
}

/**
 * The report as the template wants it. A selection that names none of the report's sections
 * (a template written for another kind) leaves the report whole rather than empty. Queries
 * no longer referenced are dropped from the appendix; unavailable data is always kept, since
 * the cover figures may depend on it.
 */
export function selectSections(report: Report, selection: SectionSelection | undefined): Report {
  const patterns = patternsFor(report.kind, selection);
  if (patterns === null) return report;
  const sections = pickSections(report.sections, patterns);
  if (sections.length === 0) return report;
  const kept = new Set(sections.map((s) => s.id));
  const refs = new Set(report.headline.flatMap((k) => k.queryRefs));
  for (const section of sections) {
    for (const block of section.blocks) {
      if (block.kind === 'kpis') block.items.forEach((k) => k.queryRefs.forEach((r) => refs.add(r)));
      if (block.kind === 'table' || block.kind === 'chart') block.queryRefs.forEach((r) => refs.add(r));
    }
  }
  const queries = report.appendix.queries
    .filter((q) => refs.has(q.id) || q.usedBy.length === 0 || q.usedBy.some((id) => kept.has(id)))
    .map((q) => ({ ...q, usedBy: q.usedBy.filter((id) => kept.has(id)) }));
  return { ...report, sections, appendix: { ...report.appendix, queries } };
}

/** A renderer that renders the report with the template's section selection applied. */
export function withTemplateSections(renderer: Renderer): Renderer {
  return {
    format: renderer.format,
    render: (report, ctx) => renderer.render(selectSections(report, ctx.template.sections), ctx),
  };
}
