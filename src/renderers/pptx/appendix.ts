/**
 * The closing slides: definitions, the queries behind the figures, unavailable data and the
 * datasources, as tables (continued over slides when long).
 */
import type { TableBlock } from '../../model/report.js';
import { withoutCredentials } from '../../http/redact.js';
import { groupByReason } from '../../model/unavailable.js';
import { addPage, type Deck, type Page } from './deck.js';
import { addTableBlock } from './tables.js';

function textTable(id: string, title: string, labels: string[], rows: string[][]): TableBlock {
  const keys = labels.map((_, i) => `c${i}`);
  return {
    kind: 'table',
    id,
    title,
    columns: labels.map((label, i) => ({ key: keys[i] ?? label, label, type: 'text' })),
    rows: rows.map((cells) => Object.fromEntries(cells.map((cell, i) => [keys[i] ?? String(i), cell]))),
    queryRefs: [],
  };
}

/** Appendix slides, starting with a slide titled "Appendix". */
export function addAppendix(deck: Deck): void {
  const { report } = deck;
  const title = (id: string): string => report.sections.find((s) => s.id === id)?.title ?? id;
  const { definitions, queries, unavailable, datasources } = report.appendix;
  const tables = [
    textTable('definitions', 'Definitions', ['Term', 'Definition'], definitions.map((d) => [d.term, d.text])),
    textTable('queries', 'Queries behind the figures', ['Id', 'Purpose', 'Datasource', 'Query', 'Used by'], queries.map((q) => [q.id, q.purpose, `${q.datasource} (${q.datasourceType})`, q.query, q.usedBy.map(title).join(', ')])),
    ...(unavailable.length > 0 ? [textTable('unavailable', 'Unavailable data', ['What', 'Datasource', 'Why'], groupByReason(unavailable).map((g) => [g.items.map((i) => `${i.what} (${title(i.section)})`).join('\n'), g.datasource, g.reason]))] : []),
    textTable('datasources', 'Datasources', ['Name', 'Type', 'URL'], datasources.map((d) => [d.name, d.type, d.url ? withoutCredentials(d.url) : '—'])),
  ];
  let page: Page = addPage(deck, 'Appendix', 'Definitions, queries and unavailable data');
  const next = (): Page => {
    page = addPage(deck, 'Appendix (continued)', 'Definitions, queries and unavailable data');
    return page;
  };
  tables.forEach((table, i) => {
    addTableBlock(deck, page, table, next);
    // The definitions slide is where every definition is used.
    if (i === 0) page.note(definitions.map((d) => d.term).join('\n'));
  });
}
