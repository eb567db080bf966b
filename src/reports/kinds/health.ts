/** `health`: was each app up, did it restart or crash, how many requests failed, how fast, which alerts. */
import { healthSummary } from '../../analytics/health.js';
import { needsEarlierEvents, startsInWindow, type StartEvent } from '../../analytics/restarts.js';
import { mean } from '../../analytics/stats.js';
import { DatasourceError, sentence } from '../../errors.js';
import type { HealthSummary } from '../../analytics/types.js';
import type { AppConfig } from '../../config/schema.js';
import { formatDate, formatValue } from '../../model/format.js';
import type { Block, Cell, Section } from '../../model/report.js';
import type { Annotation, LifecycleEvent, MetricsQuery } from '../../sources/types.js';
import { DAY_MS, type Window } from '../../time/window.js';
import { appName, currentWindow, previousWindow, type ReportContext } from '../context.js';
import { remember } from '../data.js';
import { comparisonUnavailable, requireMetrics } from '../helpers.js';
import { col, kpi, notDefinedWhen, table } from '../kpi.js';
import { runSection } from '../section.js';
import { alertRulesSection } from './health-rules.js';
import type { KindBuild } from './types.js';

export async function buildHealth(ctx: ReportContext): Promise<KindBuild> {
  const perApp = await Promise.all(ctx.apps.map((app) => appSections(ctx, app, ctx.apps.length > 1)));
  const sections: Section[] = [];
  if (ctx.apps.length > 1) {
    sections.push(
      await runSection(ctx, { id: 'overview', title: 'All apps', question: 'Which apps were healthy, and which were not?', howToRead: 'One row per app; the sections after it give the detail.' }, () => overview(ctx)),
    );
  }
  sections.push(...perApp.flat(), ...(await alertRulesSection(ctx)));
  const single = ctx.apps.length === 1 ? ctx.apps[0]! : undefined;
  return {
    title: single ? `${single.name}: health` : 'App health',
    ...(single?.description ? { subtitle: single.description } : {}),
    sections,
    headline: [
      { id: 'uptime', label: 'Uptime', unit: 'percent' },
      { id: 'incidents', label: 'Incidents', unit: 'count' },
      { id: 'mttr', label: 'Mean time to recover', unit: 'duration_ms' },
      { id: 'error_ratio', label: 'Error ratio', unit: 'percent' },
    ],
  };
}

/** Health figures of one app in one window, each part fetched once and shared by the sections. */
async function summary(ctx: ReportContext, app: string, window: Window): Promise<HealthSummary> {
  return remember(ctx, `health\u0000${app}\u0000${window.from}\u0000${window.to}`, async () => {
    const metrics = requireMetrics(ctx);
    const q: MetricsQuery = { app, window };
    const [uptime, down, starts, requests, latency, alerts, lifecycle] = await Promise.all([
      metrics.uptime(q),
      metrics.downIntervals(q),
      metrics.processStarts(q),
      metrics.requests(q),
      metrics.latency(q),
      metrics.alerts(q),
      lifecycleOrNull(ctx, app, window),
    ]);
    const input = { window, uptime, down, starts, lifecycle, requests, latency, alerts };
    if (lifecycle === null) return healthSummary(input);
    const earlier = await earlierLifecycle(ctx, app, window, startsInWindow(window, starts, lifecycle) ?? [], lifecycle);
    return healthSummary(earlier === null ? { ...input, crashesUnknown: true } : { ...input, lifecycle: [...earlier, ...lifecycle] });
  });
}

/**
 * The app_start/app_stop events before the window, when a start in it has no event of its
 * instance before it in the window (the first start of a period is a crash when the process
 * before it ended without a graceful stop): first those of one window's length before it (a
 * deploy a week is found there), then, if still needed, the rest of analytics.historyDays. Null
 * when they could not be read: the appendix says so, and crashes are n/a (for the previous
 * period, only the change).
 */
async function earlierLifecycle(ctx: ReportContext, app: string, window: Window, starts: StartEvent[], lifecycle: LifecycleEvent[]): Promise<LifecycleEvent[] | null> {
  const oldest = window.from - ctx.config.analytics.historyDays * DAY_MS;
  const near = Math.max(oldest, window.from - (window.to - window.from));
  const earlier: LifecycleEvent[] = [];
  try {
    for (const [from, to] of [[near, window.from], [oldest, near]] as const) {
      if (from >= to || !needsEarlierEvents(starts, [...earlier, ...lifecycle])) break;
      earlier.unshift(...(await ctx.sources.activity!.lifecycle({ app, window: { ...window, from, to } })));
    }
    return earlier;
  } catch (error) {
    if (!(error instanceof DatasourceError)) throw error;
    const name = appName(ctx, app);
    if (window.from === currentWindow(ctx).from) {
      const reason = `${sentence(error.message)} Whether ${name}'s first start in the period followed a crash cannot be told without the app_start/app_stop events before it.`;
      ctx.unavailable.push({ what: `Crashes of ${name}`, reason, datasource: error.datasource, section: ctx.apps.length > 1 ? `restarts-${app}` : 'restarts' });
    } else {
      comparisonUnavailable(ctx, `Crashes of ${name} in the previous period`, error, 'comparison');
    }
    return null;
  }
}

/**
 * The previous period's figures are only for comparison: when they cannot be had (no data yet
 * on a fresh install, or a failure) the changes are n/a and the appendix says why, but the
 * period's own figures still stand and the report is not marked partial for it.
 */
async function previousSummary(ctx: ReportContext, app: string): Promise<HealthSummary | null> {
  const window = previousWindow(ctx);
  try {
    return await summary(ctx, app, window);
  } catch (error) {
    if (!(error instanceof DatasourceError)) throw error;
    comparisonUnavailable(ctx, `Previous period of ${app}`, error, 'comparison');
    return null;
  }
}

/** No incidents in a window whose `up` samples were read: MTTR and MTBF have nothing to average. */
function noIncidents(h: HealthSummary | null): boolean {
  return h !== null && h.uptime !== null && h.incidents.length === 0;
}

/** A previous-period figure, n/a when the previous period could not be had. */
function was(before: HealthSummary | null, pick: (h: HealthSummary) => number | null): number | null {
  return before === null ? null : pick(before);
}

/** Lifecycle logs tell crashes from graceful restarts; without an activity source they are unknown, not zero. */
async function lifecycleOrNull(ctx: ReportContext, app: string, window: Window): Promise<LifecycleEvent[] | null> {
  const activity = ctx.sources.activity;
  if (!activity) return null;
  return activity.lifecycle({ app, window });
}

async function overview(ctx: ReportContext): Promise<Block[]> {
  const rows = await Promise.all(
    ctx.apps.map(async (app) => ({ app, now: await summary(ctx, app.id, currentWindow(ctx)), before: await previousSummary(ctx, app.id) })),
  );
  // A sum over the apps is n/a as soon as one app's figure is.
  const sum = (pick: (h: HealthSummary) => number | null, which: 'now' | 'before') => total(rows.map((r) => was(r[which], pick)));
  const errorRatio = (which: 'now' | 'before') => {
    const requests = sum((h) => h.requests, which);
    const errors = sum((h) => (h.requests === null || h.errorRatio === null ? null : h.requests * h.errorRatio), which);
    return requests && errors !== null ? errors / requests : null;
  };
  const uptime = (which: 'now' | 'before') => mean(rows.map((r) => was(r[which], (h) => h.uptime)));
  const mttr = (which: 'now' | 'before') =>
    rows.some((r) => r[which] === null) ? null : mean(rows.flatMap((r) => r[which]!.incidents.map((i) => i.durationMs)));
  return [
    {
      kind: 'kpis',
      items: [
        kpi('uptime', 'Uptime', uptime('now'), uptime('before'), 'percent', 'up_is_good', 'mean over the apps'),
        kpi('incidents', 'Incidents', sum((h) => h.incidents.length, 'now'), sum((h) => h.incidents.length, 'before'), 'count', 'down_is_good'),
        notDefinedWhen(kpi('mttr', 'Mean time to recover', mttr('now'), mttr('before'), 'duration_ms', 'down_is_good'), rows.every((r) => noIncidents(r.now)), 'no incidents', rows.every((r) => noIncidents(r.before))),
        notDefinedWhen(kpi('error_ratio', 'Error ratio', errorRatio('now'), errorRatio('before'), 'percent', 'down_is_good', 'all apps\' requests'), sum((h) => h.requests, 'now') === 0, 'no requests', sum((h) => h.requests, 'before') === 0),
      ],
    },
    table(
      'apps-health',
      'Health per app',
      [
        col.text('app', 'App'),
        col.num('uptime', 'Uptime', 'percent'),
        col.num('incidents', 'Incidents'),
        col.num('downtime', 'Downtime', 'duration_ms'),
        col.num('restarts', 'Restarts'),
        col.num('crashes', 'Crashes'),
        col.num('errorRatio', 'Error ratio', 'percent'),
        col.num('p95', 'p95 latency', 'duration_ms'),
        col.num('alerts', 'Alerts'),
      ],
      rows.map(({ app, now }): Record<string, Cell> => ({
        app: app.name,
        uptime: now.uptime,
        incidents: now.incidents.length,
        downtime: now.downtimeMs,
        restarts: now.restarts,
        crashes: now.crashes,
        errorRatio: now.errorRatio,
        p95: now.p95Ms,
        alerts: now.alerts.length,
      })),
    ),
  ];
}

function appSections(ctx: ReportContext, app: AppConfig, suffixed: boolean): Promise<Section[]> {
  const id = (base: string) => (suffixed ? `${base}-${app.id}` : base);
  const title = (base: string) => (suffixed ? `${app.name}: ${base.toLowerCase()}` : base);
  const kpiId = (base: string) => (suffixed ? `${base}_${app.id}` : base);
  const load = async () => ({ now: await summary(ctx, app.id, currentWindow(ctx)), before: await previousSummary(ctx, app.id) });
  return Promise.all([
    runSection(ctx, { id: id('availability'), title: title('Availability'), question: `Was ${app.name} up?`, howToRead: 'Requests per day; shaded areas are incidents, marks are deploys and other annotations.' }, async () => {
      const { now, before } = await load();
      worstIncidentHighlight(ctx, app, now);
      return [
        {
          kind: 'kpis',
          items: [
            kpi(kpiId('uptime'), 'Uptime', now.uptime, was(before, (h) => h.uptime), 'percent', 'up_is_good'),
            kpi(kpiId('incidents'), 'Incidents', now.incidents.length, was(before, (h) => h.incidents.length), 'count', 'down_is_good'),
            notDefinedWhen(kpi(kpiId('mttr'), 'Mean time to recover', now.mttrMs, was(before, (h) => h.mttrMs), 'duration_ms', 'down_is_good', 'mean incident duration'), noIncidents(now), 'no incidents', noIncidents(before)),
            notDefinedWhen(kpi(kpiId('mtbf'), 'Mean time between failures', now.mtbfMs, was(before, (h) => h.mtbfMs), 'duration_ms', 'up_is_good'), noIncidents(now), 'no incidents', noIncidents(before)),
          ],
        },
        await requestsChart(ctx, app, now),
        table(
          id('incidents'),
          'Incidents',
          [col.time('start', 'Start'), col.time('end', 'End'), col.num('duration', 'Duration', 'duration_ms')],
          now.incidents.map((i) => ({ start: i.start, end: i.end, duration: i.durationMs })),
        ),
      ];
    }),
    runSection(ctx, { id: id('restarts'), title: title('Restarts and crashes'), question: `Did ${app.name} restart or crash?`, howToRead: 'A crash is a start without a graceful app_stop of the process before it.' }, async () => {
      const { now, before } = await load();
      return [
        {
          kind: 'kpis',
          items: [
            kpi(kpiId('starts'), 'Starts', now.starts, was(before, (h) => h.starts), 'count', 'neutral'),
            kpi(kpiId('restarts'), 'Restarts', now.restarts, was(before, (h) => h.restarts), 'count', 'down_is_good'),
            kpi(kpiId('crashes'), 'Crashes', now.crashes, was(before, (h) => h.crashes), 'count', 'down_is_good', now.crashes === null ? (ctx.sources.activity ? 'earlier app_start/app_stop events unreadable' : 'needs app_start/app_stop logs') : undefined),
            kpi(kpiId('graceful_stops'), 'Graceful stops', now.gracefulStops, was(before, (h) => h.gracefulStops), 'count', 'neutral'),
          ],
        },
      ];
    }),
    runSection(ctx, { id: id('errors'), title: title('Errors'), question: `How many of ${app.name}'s requests failed?`, howToRead: 'Share of requests answered with a 5xx status, per day.' }, async () => {
      const { now, before } = await load();
      const metrics = requireMetrics(ctx);
      const requests = await metrics.requests({ app: app.id, window: currentWindow(ctx) });
      return [
        {
          kind: 'kpis',
          items: [
            kpi(kpiId('requests'), 'Requests', now.requests, was(before, (h) => h.requests), 'count', 'neutral'),
            notDefinedWhen(kpi(kpiId('error_ratio'), 'Error ratio', now.errorRatio, was(before, (h) => h.errorRatio), 'percent', 'down_is_good'), now.requests === 0, 'no requests', before?.requests === 0),
          ],
        },
        {
          kind: 'chart',
          id: id('error-ratio'),
          title: 'Error ratio per day',
          queryRefs: [],
          chart: {
            type: 'timeseries',
            unit: 'percent',
            yLabel: 'Requests with 5xx',
            series: [{ name: 'Error ratio', points: requests.daily.map((d) => [d.day, d.total > 0 ? d.errors / d.total : null]) }],
          },
        },
      ];
    }),
    runSection(ctx, { id: id('latency'), title: title('Latency'), question: `How fast did ${app.name} answer?`, howToRead: 'The 95th percentile: 95% of requests were faster than this.' }, async () => {
      const { now, before } = await load();
      const latency = await requireMetrics(ctx).latency({ app: app.id, window: currentWindow(ctx) });
      // Only for the comparison: the previous period's failure is already in the appendix.
      const previous = before === null ? null : await requireMetrics(ctx).latency({ app: app.id, window: previousWindow(ctx) });
      return [
        {
          kind: 'kpis',
          items: [
            notDefinedWhen(kpi(kpiId('p50'), 'Median latency', latency.p50Ms, previous?.p50Ms ?? null, 'duration_ms', 'down_is_good'), now.requests === 0, 'no requests', before?.requests === 0),
            notDefinedWhen(kpi(kpiId('p95'), 'p95 latency', now.p95Ms, was(before, (h) => h.p95Ms), 'duration_ms', 'down_is_good'), now.requests === 0, 'no requests', before?.requests === 0),
          ],
        },
        {
          kind: 'chart',
          id: id('latency'),
          title: 'p95 latency per day',
          queryRefs: [],
          chart: { type: 'timeseries', unit: 'duration_ms', yLabel: 'p95 latency', series: [{ name: 'p95', points: latency.daily.map((d) => [d.day, d.p95Ms]) }] },
        },
      ];
    }),
    runSection(ctx, { id: id('alerts'), title: title('Alerts'), question: `Which alerts fired for ${app.name}?`, howToRead: 'Duration is the time the alert fired within the period.' }, async () => {
      const { now, before } = await load();
      return [
        { kind: 'kpis', items: [kpi(kpiId('alerts'), 'Alerts fired', now.alerts.length, was(before, (h) => h.alerts.length), 'count', 'down_is_good')] },
        table(
          id('alerts'),
          'Alerts',
          [col.text('name', 'Alert'), col.text('severity', 'Severity'), col.time('start', 'Fired'), col.time('end', 'Resolved'), col.num('duration', 'Duration', 'duration_ms')],
          now.alerts.map((a) => ({ name: a.name, severity: a.severity, start: a.start, end: a.end, duration: a.durationMs })),
        ),
      ];
    }),
  ]);
}

async function requestsChart(ctx: ReportContext, app: AppConfig, now: HealthSummary): Promise<Block> {
  const requests = await requireMetrics(ctx).requests({ app: app.id, window: currentWindow(ctx) });
  const annotations = await annotationsFor(ctx, app.id);
  return {
    kind: 'chart',
    id: `requests-${app.id}`,
    title: 'Requests per day',
    queryRefs: [],
    chart: {
      type: 'timeseries',
      unit: 'count',
      yLabel: 'Requests',
      series: [{ name: 'Requests', points: requests.daily.map((d) => [d.day, d.total]) }],
      annotations: [
        ...now.incidents.map((i) => ({ ts: i.start, tsEnd: i.end, text: `Down ${formatValue(i.durationMs, 'duration_ms')}` })),
        ...annotations.map((a) => ({ ts: a.ts, ...(a.tsEnd !== undefined && a.tsEnd !== a.ts ? { tsEnd: a.tsEnd } : {}), text: a.text })),
      ],
    },
  };
}

/** Annotations are context: when they cannot be had the chart is drawn without them and the appendix says so. */
async function annotationsFor(ctx: ReportContext, app: string): Promise<Annotation[]> {
  const source = ctx.sources.annotations;
  if (!source) return [];
  try {
    return await source.annotations({ window: currentWindow(ctx), app });
  } catch (error) {
    if (!(error instanceof DatasourceError)) throw error;
    ctx.unavailable.push({ what: `Annotations for ${app}`, reason: error.message, datasource: error.datasource, section: `availability` });
    return [];
  }
}

function worstIncidentHighlight(ctx: ReportContext, app: AppConfig, now: HealthSummary): void {
  const worst = [...now.incidents].sort((a, b) => b.durationMs - a.durationMs)[0];
  if (!worst) return;
  ctx.highlights.push({
    text: `${app.name} was down for ${formatValue(worst.durationMs, 'duration_ms')} from ${formatDate(worst.start, ctx.period.tz, 'datetime')}, its longest incident${now.incidents.length > 1 ? ` of ${now.incidents.length}` : ''}.`,
    weight: 70 + Math.min(25, worst.durationMs / 3_600_000),
    tone: 'bad',
  });
}

function total(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0);
}
