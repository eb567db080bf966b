/** `adoption`: all apps for an executive — who uses what, growing or not, and do new users stay. */
import { change } from '../../analytics/change.js';
import { formatDate, formatValue } from '../../model/format.js';
import type { Block, Cell } from '../../model/report.js';
import type { IntervalsQuery } from '../../sources/types.js';
import { addDaysIn, type Window } from '../../time/window.js';
import { currentWindow, previousWindow, type ReportContext } from '../context.js';
import { remember, usersSummary } from '../data.js';
import { forComparison, requireActivity } from '../helpers.js';
import { col, dayMeanKpis, kpi, table } from '../kpi.js';
import { runSection } from '../section.js';
import type { KindBuild } from './types.js';

const MIN_WEEKS = 4;

export async function buildAdoption(ctx: ReportContext): Promise<KindBuild> {
  const sections = await Promise.all([
    runSection(ctx, { id: 'overview', title: 'Apps at a glance', question: 'Which apps are used, and by how many people?', howToRead: 'Change compares with the period just before, of the same kind (the month before a month).' }, () => overview(ctx)),
    runSection(ctx, { id: 'trend', title: 'Daily use', question: 'How does daily use develop, app by app?', howToRead: 'Daily active users per app; weekends usually dip.' }, () => trend(ctx)),
    runSection(ctx, { id: 'lifecycle', title: 'Gaining and losing users', question: 'Are we gaining users faster than we lose them?', howToRead: 'Per week across all apps: dormant users (active the week before, not this week) are drawn below zero.' }, () => lifecycleSection(ctx)),
    runSection(ctx, { id: 'retention', title: 'Retention of new users', question: 'Do new users come back in the following weeks?', howToRead: 'Each row is the new users of one week; columns show the share still active 1, 2, ... weeks later.' }, () => retention(ctx)),
    runSection(ctx, { id: 'engagement', title: 'Engagement', question: 'How often do people come back to each app?', howToRead: 'Stickiness is the mean share of an app\'s monthly users who use it on a given day.' }, () => engagement(ctx)),
  ]);
  return {
    title: 'Adoption across apps',
    sections,
    headline: [
      { id: 'all_users', label: 'Active users', unit: 'count' },
      { id: 'all_new_users', label: 'New users', unit: 'count' },
      { id: 'all_avg_dau', label: 'Daily active users', unit: 'count' },
      { id: 'all_stickiness', label: 'Stickiness', unit: 'percent' },
    ],
  };
}

/** Weeks of lifecycle shown: the period's weeks, at least MIN_WEEKS. */
function weeksShown(ctx: ReportContext): number {
  const days = Math.round((ctx.period.to - ctx.period.from) / 86_400_000);
  return Math.max(MIN_WEEKS, Math.ceil(days / 7));
}

const ids = (ctx: ReportContext) => ctx.apps.map((a) => a.id);

async function overview(ctx: ReportContext): Promise<Block[]> {
  // The previous period is for comparison only: without data there, its figures and the changes are n/a.
  const previous = (apps: string[]) => forComparison(ctx, 'Active users in the previous period', 'overview', () => usersSummary(ctx, apps, previousWindow(ctx)));
  const rows = await Promise.all(
    ctx.apps.map(async (app) => ({
      name: app.name,
      now: await usersSummary(ctx, [app.id], currentWindow(ctx)),
      before: await previous([app.id]),
    })),
  );
  const [now, before] = await Promise.all([usersSummary(ctx, ids(ctx), currentWindow(ctx)), previous(ids(ctx))]);
  growthHighlights(ctx, rows.map((r) => ({ name: r.name, now: r.now.users, before: r.before?.users ?? null })));
  return [
    {
      kind: 'kpis',
      items: [
        kpi('all_users', 'Active users', now.users, before?.users ?? null, 'count', 'up_is_good', 'distinct people across all apps'),
        kpi('all_new_users', 'New users', now.newUsers, before?.newUsers ?? null, 'count'),
        ...dayMeanKpis('all_', now, before),
      ],
    },
    {
      kind: 'chart',
      id: 'users-per-app',
      title: 'Active users per app',
      queryRefs: [],
      chart: {
        type: 'bar',
        unit: 'count',
        yLabel: 'Active users',
        categories: rows.map((r) => r.name),
        series: [
          { name: 'Previous period', values: rows.map((r) => r.before?.users ?? null) },
          { name: 'This period', values: rows.map((r) => r.now.users) },
        ],
      },
    },
    table(
      'apps',
      'Apps',
      [
        col.text('app', 'App'),
        col.num('users', 'Active users'),
        col.change('change', 'Change', 'percent'),
        col.num('newUsers', 'New users'),
        col.num('avgDau', 'Daily active'),
        col.num('stickiness', 'Stickiness', 'percent'),
      ],
      rows.map((r): Record<string, Cell> => ({
        app: r.name,
        users: r.now.users,
        change: change(r.now.users, r.before?.users ?? null)?.relative ?? null,
        newUsers: r.now.newUsers,
        avgDau: r.now.avgDau,
        stickiness: r.now.stickiness,
      })),
    ),
  ];
}

function growthHighlights(ctx: ReportContext, apps: { name: string; now: number; before: number | null }[]): void {
  const moved = apps
    .flatMap((a) => (a.before !== null && a.before > 0 ? [{ ...a, relative: (a.now - a.before) / a.before }] : []))
    .sort((a, b) => b.relative - a.relative);
  const rise = moved[0];
  const fall = moved[moved.length - 1];
  if (rise && rise.relative > 0.02) {
    ctx.highlights.push({
      text: `${rise.name} grew most: ${formatValue(rise.now, 'count')} active users, +${formatValue(rise.relative, 'percent')} on the previous period.`,
      weight: 80,
      tone: 'good',
    });
  }
  if (fall && fall !== rise && fall.relative < -0.02) {
    ctx.highlights.push({
      text: `${fall.name} fell most: ${formatValue(fall.now, 'count')} active users, ${formatValue(fall.relative, 'percent')} on the previous period.`,
      weight: 78,
      tone: 'bad',
    });
  }
}

async function trend(ctx: ReportContext): Promise<Block[]> {
  const perApp = await Promise.all(ctx.apps.map(async (app) => ({ name: app.name, summary: await usersSummary(ctx, [app.id], currentWindow(ctx)) })));
  const all = await usersSummary(ctx, ids(ctx), currentWindow(ctx));
  const series = [...perApp, { name: 'All apps', summary: all }].map(({ name, summary }) => ({
    name,
    points: summary.daily.map((d): [number, number | null] => [d.day, d.dau]),
  }));
  return [{ kind: 'chart', id: 'dau-per-app', title: 'Daily active users per app', queryRefs: [], chart: { type: 'timeseries', unit: 'count', yLabel: 'Users', series } }];
}

/** Consecutive 7-day intervals ending with the period, oldest first; the first is only the reference. */
function weeks(ctx: ReportContext): IntervalsQuery {
  const { tz } = ctx.period;
  const n = weeksShown(ctx) + 1;
  const intervals: Window[] = Array.from({ length: n }, (_, k) => {
    const to = addDaysIn(ctx.period.to, -7 * (n - 1 - k), tz);
    return { from: addDaysIn(to, -7, tz), to, tz };
  });
  return { apps: ids(ctx), intervals, historyFrom: addDaysIn(intervals[0]!.from, -ctx.config.analytics.historyDays, tz) };
}

async function lifecycleSection(ctx: ReportContext): Promise<Block[]> {
  const rows = await remember(ctx, 'lifecycle', () => requireActivity(ctx).userLifecycle(weeks(ctx)));
  return [
    {
      kind: 'chart',
      id: 'lifecycle',
      title: 'Users per week by lifecycle',
      queryRefs: [],
      chart: {
        type: 'bar',
        unit: 'count',
        yLabel: 'Users',
        stacked: true,
        categories: rows.map((r) => weekLabel(r.start, ctx)),
        series: [
          { name: 'New', values: rows.map((r) => r.new) },
          { name: 'Returning', values: rows.map((r) => r.returning) },
          { name: 'Resurrecting', values: rows.map((r) => r.resurrecting) },
          { name: 'Dormant', values: rows.map((r) => -r.dormant) },
        ],
      },
    },
    table(
      'lifecycle',
      'Lifecycle per week',
      [col.time('week', 'Week from'), col.num('new', 'New'), col.num('returning', 'Returning'), col.num('resurrecting', 'Resurrecting'), col.num('dormant', 'Dormant')],
      rows.map((r) => ({ week: r.start, new: r.new, returning: r.returning, resurrecting: r.resurrecting, dormant: r.dormant })),
    ),
  ];
}

function weekLabel(start: number, ctx: ReportContext): string {
  return formatDate(start, ctx.period.tz, 'short');
}

async function retention(ctx: ReportContext): Promise<Block[]> {
  const query = weeks(ctx);
  const cohorts = await requireActivity(ctx).retention({ ...query, intervals: query.intervals.slice(1) });
  const horizon = query.intervals.length - 1;
  const columns = [col.time('week', 'Cohort week'), col.num('size', 'New users'), ...Array.from({ length: horizon - 1 }, (_, k) => col.num(`w${k + 1}`, `Week ${k + 1}`, 'percent'))];
  const rows = cohorts.map((c) => {
    const row: Record<string, Cell> = { week: c.start, size: c.size };
    for (let k = 1; k < horizon; k++) row[`w${k}`] = k < c.retained.length && c.size > 0 ? c.retained[k]! / c.size : null;
    return row;
  });
  const cells: [number, number, number | null][] = [];
  cohorts.forEach((c, y) => c.retained.forEach((r, k) => k > 0 && cells.push([k - 1, y, c.size > 0 ? r / c.size : null])));
  const week1 = cohorts.filter((c) => c.retained.length > 1 && c.size > 0);
  const blocks: Block[] = [];
  if (week1.length > 0) {
    const w1 = week1.reduce((sum, c) => sum + c.retained[1]!, 0) / week1.reduce((s, c) => s + c.size, 0);
    blocks.push({ kind: 'kpis', items: [kpi('week1_retention', 'Week-1 retention', w1, null, 'percent', 'up_is_good', 'new users active again the next week')] });
  }
  blocks.push(
    {
      kind: 'chart',
      id: 'retention',
      title: 'Share of each cohort active in later weeks',
      queryRefs: [],
      chart: {
        type: 'heatmap',
        unit: 'percent',
        xLabel: 'Weeks after the first',
        yLabel: 'Cohort',
        xCategories: Array.from({ length: Math.max(0, horizon - 1) }, (_, k) => `+${k + 1}`),
        yCategories: cohorts.map((c) => weekLabel(c.start, ctx)),
        cells,
      },
    },
    table('retention', 'Retention cohorts', columns, rows),
  );
  return blocks;
}

async function engagement(ctx: ReportContext): Promise<Block[]> {
  const rows = await Promise.all(ctx.apps.map(async (app) => ({ name: app.name, summary: await usersSummary(ctx, [app.id], currentWindow(ctx)) })));
  const lastMau = (daily: { mau: number | null }[]) => daily[daily.length - 1]?.mau ?? null;
  return [
    {
      kind: 'chart',
      id: 'stickiness-per-app',
      title: 'Stickiness per app (mean DAU / MAU)',
      queryRefs: [],
      chart: { type: 'bar', unit: 'percent', yLabel: 'DAU / MAU', categories: rows.map((r) => r.name), series: [{ name: 'Stickiness', values: rows.map((r) => r.summary.stickiness) }] },
    },
    table(
      'engagement',
      'Engagement per app',
      [col.text('app', 'App'), col.num('dau', 'Daily active'), col.num('mau', 'Monthly active (last day)'), col.num('stickiness', 'Stickiness', 'percent')],
      rows.map((r) => ({ app: r.name, dau: r.summary.avgDau, mau: lastMau(r.summary.daily), stickiness: r.summary.stickiness })),
    ),
  ];
}
