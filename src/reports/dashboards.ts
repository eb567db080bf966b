/**
 * Grafana dashboards as native report sections: each panel's queries run for the report's
 * period and drawn by our own charts (no screenshots), one section per dashboard.
 */
import type { Block, Section, Unit } from '../model/report.js';
import type { DashboardPanel } from '../sources/grafana/index.js';
import { currentWindow, type ReportContext } from './context.js';
import { MissingSourceError, runSection } from './section.js';

/** One section per dashboard uid in the context. */
export function dashboardSections(ctx: ReportContext): Promise<Section[]> {
  return Promise.all(
    ctx.dashboards.map((uid) =>
      runSection(ctx, { id: `dashboard-${uid}`, title: `Dashboard ${uid}`, question: 'What does the team\'s Grafana dashboard show for this period?', howToRead: 'Each chart is one panel of the dashboard, with its own queries run for the report\'s period.' }, async () => {
        if (!ctx.sources.dashboard) throw new MissingSourceError('dashboards', 'dashboards need datasources.grafana in the config');
        const dashboard = await ctx.sources.dashboard(uid, currentWindow(ctx));
        const blocks: Block[] = [{ kind: 'text', text: `Panels of the Grafana dashboard “${dashboard.title}”.` }];
        dashboard.panels.forEach((panel, i) => blocks.push(panelBlock(ctx, uid, panel, i)));
        if (dashboard.notes.length > 0) blocks.push({ kind: 'text', text: `Approximations: ${dashboard.notes.join(' ')}` });
        return blocks;
      }),
    ),
  );
}

function panelBlock(ctx: ReportContext, uid: string, panel: DashboardPanel, index: number): Block {
  if (panel.error !== undefined || panel.series.length === 0) {
    const reason = panel.error ?? 'the panel\'s queries returned no data for this period';
    ctx.unavailable.push({ what: `Panel “${panel.title}”`, reason, datasource: 'grafana', section: `dashboard-${uid}` });
    return { kind: 'unavailable', what: `Panel “${panel.title}”`, reason, datasource: 'grafana' };
  }
  const { unit, scale } = unitOf(panel.unit);
  return {
    kind: 'chart',
    id: `dashboard-${uid}-panel-${index + 1}`,
    title: panel.title || `Panel ${index + 1}`,
    queryRefs: [],
    chart: {
      type: 'timeseries',
      unit,
      yLabel: panel.unit ?? '',
      series: panel.series.map((s) => ({ name: s.name, points: s.points.map(([t, v]) => [t, v === null ? null : v * scale]) })),
    },
  };
}

/** Grafana unit ids mapped to ours; values are scaled where the base differs (seconds to ms). */
function unitOf(grafanaUnit: string | undefined): { unit: Unit; scale: number } {
  switch (grafanaUnit) {
    case 'percentunit':
      return { unit: 'percent', scale: 1 };
    case 'percent':
      return { unit: 'percent', scale: 0.01 };
    case 's':
      return { unit: 'duration_ms', scale: 1000 };
    case 'ms':
      return { unit: 'duration_ms', scale: 1 };
    case 'bytes':
    case 'decbytes':
      return { unit: 'bytes', scale: 1 };
    default:
      return { unit: 'count', scale: 1 };
  }
}
