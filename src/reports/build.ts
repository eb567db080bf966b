/**
 * Builds a Report from a context: runs the kind's sections, then adds the cover figures,
 * the highlights (most important first), the definitions and the appendix.
 */
import type { Kpi, Report, ReportKind, Section } from '../model/report.js';
import { REPORT_SCHEMA_VERSION } from '../model/report.js';
import { withXmlSafeText } from '../model/safe-text.js';
import { withoutCredentials } from '../http/redact.js';
import type { ReportContext } from './context.js';
import { dashboardSections } from './dashboards.js';
import { definitionsFor } from './definitions.js';
import { buildAdoption } from './kinds/adoption.js';
import { buildHealth } from './kinds/health.js';
import { buildJourneys } from './kinds/journeys.js';
import type { HeadlineSpec, KindBuild } from './kinds/types.js';
import { buildUsage } from './kinds/usage.js';
import { buildUser } from './kinds/user.js';

const KINDS = new Map<ReportKind, (ctx: ReportContext) => Promise<KindBuild>>([
  ['usage', buildUsage],
  ['adoption', buildAdoption],
  ['health', buildHealth],
  ['journeys', buildJourneys],
  ['user', buildUser],
]);

const MAX_HIGHLIGHTS = 6;

export async function buildReport(kind: ReportKind, ctx: ReportContext): Promise<Report> {
  const build = KINDS.get(kind);
  if (!build) throw new Error(`no builder for report kind ${kind}`);
  const result = await build(ctx);
  result.sections.push(...(await dashboardSections(ctx)));
  const datasources = [ctx.sources.activity, ctx.sources.metrics, ctx.sources.annotations]
    .filter((s) => s !== undefined)
    .map((s) => ({ name: s.name, type: s.type, ...urlOf(ctx, s.name) }));
  return withXmlSafeText<Report>({
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind,
    title: result.title,
    ...(result.subtitle ? { subtitle: result.subtitle } : {}),
    apps: ctx.apps.map((a) => ({ id: a.id, name: a.name })),
    period: ctx.period,
    generatedAt: ctx.now,
    status: ctx.unavailable.some((u) => !u.comparisonOnly) ? 'partial' : 'complete',
    notices: result.notices ?? [],
    headline: result.headline.map((h) => findKpi(result.sections, h)),
    highlights: [...ctx.highlights].sort((a, b) => b.weight - a.weight).slice(0, MAX_HIGHLIGHTS),
    sections: result.sections,
    appendix: {
      definitions: [...definitionsFor(kind, ctx.config.analytics, cutSessionApps(ctx, kind)), ...(result.definitions ?? [])],
      queries: ctx.queries.all(),
      unavailable: ctx.unavailable,
      datasources: dedupe(datasources),
    },
  });
}

/**
 * Apps whose sessions are cut from their events, by name: the report's own, or every app for
 * journeys (which are cut from all apps' sessions).
 */
function cutSessionApps(ctx: ReportContext, kind: ReportKind): string[] {
  const apps = kind === 'journeys' ? ctx.config.apps : ctx.apps;
  return apps.filter((a) => a.sessionsFrom === 'events').map((a) => a.name);
}

/** The KPI with this id from the sections; an unavailable placeholder when its section failed. */
function findKpi(sections: readonly Section[], wanted: HeadlineSpec): Kpi {
  for (const section of sections) {
    for (const block of section.blocks) {
      if (block.kind !== 'kpis') continue;
      const found = block.items.find((k) => k.id === wanted.id);
      if (found) return found;
    }
  }
  return { ...wanted, value: null, previous: null, change: null, polarity: 'neutral', queryRefs: [] };
}

function urlOf(ctx: ReportContext, name: string): { url?: string } {
  const ds = (ctx.config.datasources as Record<string, { url?: string } | undefined>)[name];
  return ds?.url ? { url: withoutCredentials(ds.url) } : {};
}

function dedupe<T extends { name: string }>(items: T[]): T[] {
  return items.filter((item, i) => items.findIndex((o) => o.name === item.name) === i);
}
