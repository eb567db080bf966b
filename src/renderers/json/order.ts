/**
 * Rebuilds a Report with its keys in the order of src/model/report.ts, whatever order the
 * producer created them in, so the JSON output is stable and diffs between runs are
 * meaningful. Keys the model does not list (optional fields added later) follow, sorted.
 */
import type { Report } from '../../model/report.js';
import { isRecord } from '../../is-record.js';

type Walker = (value: unknown) => unknown;

/** Orders an object's keys: `keys` first, then the rest sorted; `children` reorder nested values. */
function ordered(keys: readonly string[], children: Record<string, Walker> = {}): Walker {
  return (value) => {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    const rest = Object.keys(value).filter((k) => !keys.includes(k)).sort();
    for (const key of [...keys, ...rest]) {
      if (!(key in value)) continue;
      const child = children[key];
      out[key] = child ? child(value[key]) : value[key];
    }
    return out;
  };
}

const each = (walk: Walker): Walker => (value) => (Array.isArray(value) ? value.map(walk) : value);

/** Picks the walker by a discriminating field (`kind` of blocks, `type` of charts). */
function byField(field: string, walkers: Record<string, Walker>): Walker {
  return (value) => {
    if (!isRecord(value)) return value;
    return (walkers[String(value[field])] ?? ordered([field]))(value);
  };
}

const change = ordered(['absolute', 'relative']);
const kpi = ordered(['id', 'label', 'value', 'unit', 'previous', 'change', 'polarity', 'note', 'notDefined', 'previousNotDefined', 'queryRefs'], { change });
const column = ordered(['key', 'label', 'type', 'unit', 'signed']);

/** Table rows follow the column order. */
function tableBlock(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const columns = Array.isArray(value.columns) ? value.columns.filter(isRecord).map((c) => String(c.key)) : [];
  return ordered(['kind', 'id', 'title', 'columns', 'rows', 'queryRefs'], { columns: each(column), rows: each(ordered(columns)) })(value);
}

const chart = byField('type', {
  timeseries: ordered(['type', 'unit', 'yLabel', 'series', 'annotations', 'stacked'], {
    series: each(ordered(['name', 'points'])),
    annotations: each(ordered(['ts', 'tsEnd', 'text', 'muted'])),
  }),
  bar: ordered(['type', 'unit', 'yLabel', 'categories', 'series', 'horizontal', 'stacked'], { series: each(ordered(['name', 'values'])) }),
  doughnut: ordered(['type', 'unit', 'slices'], { slices: each(ordered(['name', 'value'])) }),
  heatmap: ordered(['type', 'unit', 'xLabel', 'yLabel', 'xCategories', 'yCategories', 'cells']),
  flow: ordered(['type', 'unit', 'nodes', 'links'], { nodes: each(ordered(['name'])), links: each(ordered(['source', 'target', 'value'])) }),
});

const block = byField('kind', {
  kpis: ordered(['kind', 'items'], { items: each(kpi) }),
  table: tableBlock,
  chart: ordered(['kind', 'id', 'title', 'chart', 'queryRefs'], { chart }),
  text: ordered(['kind', 'text']),
  unavailable: ordered(['kind', 'what', 'reason', 'datasource']),
});

const report = ordered(
  ['schemaVersion', 'kind', 'title', 'subtitle', 'apps', 'period', 'generatedAt', 'status', 'notices', 'headline', 'highlights', 'sections', 'appendix'],
  {
    apps: each(ordered(['id', 'name'])),
    period: ordered(['from', 'to', 'tz', 'label', 'slug', 'previous'], { previous: ordered(['from', 'to']) }),
    headline: each(kpi),
    highlights: each(ordered(['text', 'weight', 'tone'])),
    sections: each(ordered(['id', 'title', 'question', 'howToRead', 'blocks'], { blocks: each(block) })),
    appendix: ordered(['definitions', 'queries', 'unavailable', 'datasources'], {
      definitions: each(ordered(['term', 'text'])),
      queries: each(ordered(['id', 'datasource', 'datasourceType', 'query', 'purpose', 'usedBy'])),
      unavailable: each(ordered(['what', 'reason', 'datasource', 'section'])),
      datasources: each(ordered(['name', 'type', 'url'])),
    }),
  },
);

/** A copy of the report with every object's keys in model order. */
export function inModelOrder(value: Report): unknown {
  return report(value);
}
