/**
 * Flow (sankey) between apps. ECharts' sankey needs an acyclic graph, but app transitions
 * go both ways (wiki -> tickets and back) and even stay (wiki -> wiki); those are drawn as
 * two columns, "from" on the left and "to" on the right, with the same name and colour.
 */
import type { EChartsOption } from 'echarts';
import { formatAxisValue } from '../../model/format.js';
import type { FlowChart } from '../../model/report.js';
import { baseOption, noData, shorten } from './common.js';
import type { BuildContext } from './common.js';

interface FlowGraph {
  nodes: { id: string; name: string }[];
  links: { source: string; target: string; value: number }[];
}

function isAcyclic(spec: FlowChart): boolean {
  const next = new Map<string, string[]>();
  for (const link of spec.links) next.set(link.source, [...(next.get(link.source) ?? []), link.target]);
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: string): boolean => {
    const seen = state.get(node);
    if (seen === 'visiting') return false;
    if (seen === 'done') return true;
    state.set(node, 'visiting');
    const ok = (next.get(node) ?? []).every(visit);
    state.set(node, 'done');
    return ok;
  };
  return [...next.keys()].every(visit);
}

/** The graph to draw: as given when acyclic, else split into from/to columns. */
export function flowGraph(spec: FlowChart): FlowGraph {
  const links = spec.links.filter((l) => Number.isFinite(l.value) && l.value > 0);
  const names = new Set([...spec.nodes.map((n) => n.name), ...links.flatMap((l) => [l.source, l.target])]);
  if (isAcyclic({ ...spec, links })) {
    const used = new Set(links.flatMap((l) => [l.source, l.target]));
    return {
      nodes: [...names].filter((n) => used.has(n)).map((name) => ({ id: `n:${name}`, name })),
      links: links.map((l) => ({ source: `n:${l.source}`, target: `n:${l.target}`, value: l.value })),
    };
  }
  const sources = [...names].filter((n) => links.some((l) => l.source === n));
  const targets = [...names].filter((n) => links.some((l) => l.target === n));
  return {
    nodes: [...sources.map((name) => ({ id: `from:${name}`, name })), ...targets.map((name) => ({ id: `to:${name}`, name }))],
    links: links.map((l) => ({ source: `from:${l.source}`, target: `to:${l.target}`, value: l.value })),
  };
}

/** ECharts option for a flow (sankey) chart. */
export function flowOption(spec: FlowChart, ctx: BuildContext): EChartsOption {
  const graph = flowGraph(spec);
  if (graph.links.length === 0) return noData(ctx);
  const nameById = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const colors = ctx.colors.assign([...new Set(graph.nodes.map((n) => n.name))]);
  const colorByName = new Map([...new Set(graph.nodes.map((n) => n.name))].map((name, i) => [name, colors[i]]));
  return {
    ...baseOption(ctx),
    series: [
      {
        type: 'sankey',
        left: 16,
        right: 120,
        top: 16,
        bottom: 16,
        nodeWidth: 14,
        nodeGap: 10,
        layoutIterations: 32,
        draggable: false,
        emphasis: { disabled: true },
        data: graph.nodes.map((n) => ({ id: n.id, name: n.id, itemStyle: { color: colorByName.get(n.name) } })),
        links: graph.links,
        lineStyle: { color: 'source', opacity: 0.35, curveness: 0.5 },
        label: {
          color: ctx.theme.text,
          fontSize: 11,
          formatter: (p) => shorten(nameById.get(p.name ?? '') ?? p.name ?? '', 20),
        },
        edgeLabel: {
          show: graph.links.length <= 12,
          fontSize: 10,
          color: ctx.theme.muted,
          formatter: (p) => (typeof p.value === 'number' ? formatAxisValue(p.value, spec.unit) : ''),
        },
      },
    ],
  };
}
