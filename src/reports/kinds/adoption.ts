/** `adoption`: all apps for an executive — who uses what, growing or not, and do new users stay. */
import { adoptionSummary, dailyActive, daysActiveDistribution, lifecycle, retentionCohorts } from '../../analytics/adoption.js';
import type { DayRange } from '../../analytics/user-days.js';
import { change } from '../../analytics/change.js';
import type { Block, Cell } from '../../model/report.js';
import { formatDate, formatValue } from '../../model/format.js';
import type { ReportContext } from '../context.js';
import { activityData, mergeUserDays, type ActivityData } from '../data.js';
import { countBucketChart } from '../charts.js';
import { col, kpi, table } from '../kpi.js';
import { runSection } from '../section.js';
import type { KindBuild } from './types.js';

const MIN_WEEKS = 4;

export async function buildAdoption(ctx: ReportContext): Promise<KindBuild> {
  const sections = await Promise.all([
    runSection(ctx, { id: 'overview', title: 'Apps at a glance', question: 'Which apps are used, and by how many people?', howToRead: 'Change compares with the previous period of the same length.' }, () => overview(ctx)),
    runSection(ctx, { id: 'trend', title: 'Daily use', question: 'How does daily use develop, app by app?', howToRead: 'Daily active users per app; weekends usually dip.' }, () => trend(ctx)),
    runSection(ctx, { id: 'lifecycle', title: 'Gaining and losing users', question: 'Are we gaining users faster than we lose them?', howToRead: 'Per week across all apps: dormant users (active the week before, not this week) are drawn below zero.' }, () => lifecycleSection(ctx)),
    runSection(ctx, { id: 'retention', title: 'Retention of new users', question: 'Do new users come back in the following weeks?', howToRead: 'Each row is the new users of one week; columns show the share still active 1, 2, ... weeks later.' }, () => retention(ctx)),
    runSection(ctx, { id: 'engagement', title: 'Engagement', question: 'How many days do people use the apps?', howToRead: 'Users by the number of days they were active in the period, across all apps.' }, () => engagement(ctx)),
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

/** Weeks of lifecycle shown: the period's weeks, at least MIN_WEEKS, plus one to compare the first with. */
function weeksShown(ctx: ReportContext): number {
  const days = Math.round((ctx.period.to - ctx.period.from) / 86_400_000);
  return Math.max(MIN_WEEKS, Math.ceil(days / 7));
}

interface AllApps {
  perApp: { id: string; name: string; data: ActivityData }[];
  all: ActivityData;
}

async function allApps(ctx: ReportContext): Promise<AllApps> {
  const days = Math.round((ctx.period.to - ctx.period.from) / 86_400_000);
  const extraDays = Math.max(0, (weeksShown(ctx) + 1) * 7 - days);
  const perApp = await Promise.all(
    ctx.apps.map(async (app) => ({ id: app.id, name: app.name, data: await activityData(ctx, app.id, extraDays) })),
  );
  const first = perApp[0]!.data;
  const all: ActivityData = {
    ud: mergeUserDays(perApp.map((p) => p.data.ud)),
    current: first.current,
    previous: first.previous,
    seenBefore: new Set(perApp.flatMap((p) => [...p.data.seenBefore])),
  };
  return { perApp, all };
}

async function overview(ctx: ReportContext): Promise<Block[]> {
  const { perApp, all } = await allApps(ctx);
  const rows = perApp.map(({ id, name, data }) => {
    const now = adoptionSummary(data.ud, data.current, data.seenBefore);
    const before = adoptionSummary(data.ud, data.previous, data.seenBefore);
    return { id, name, now, before };
  });
  const now = adoptionSummary(all.ud, all.current, all.seenBefore);
  const before = adoptionSummary(all.ud, all.previous, all.seenBefore);
  growthHighlights(ctx, rows.map((r) => ({ name: r.name, now: r.now.users, before: r.before.users })));
  return [
    {
      kind: 'kpis',
      items: [
        kpi('all_users', 'Active users', now.users, before.users, 'count', 'up_is_good', 'distinct people across all apps'),
        kpi('all_new_users', 'New users', now.newUsers, before.newUsers, 'count'),
        kpi('all_avg_dau', 'Daily active users', now.avgDau, before.avgDau, 'count', 'up_is_good', 'mean over the days'),
        kpi('all_stickiness', 'Stickiness', now.stickiness, before.stickiness, 'percent', 'up_is_good', 'mean DAU / MAU'),
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
          { name: 'Previous period', values: rows.map((r) => r.before.users) },
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
        col.num('change', 'Change', 'percent'),
        col.num('newUsers', 'New users'),
        col.num('avgDau', 'Daily active'),
        col.num('stickiness', 'Stickiness', 'percent'),
      ],
      rows.map((r): Record<string, Cell> => ({
        app: r.name,
        users: r.now.users,
        change: change(r.now.users, r.before.users)?.relative ?? null,
        newUsers: r.now.newUsers,
        avgDau: r.now.avgDau,
        stickiness: r.now.stickiness,
      })),
    ),
  ];
}

function growthHighlights(ctx: ReportContext, apps: { name: string; now: number; before: number }[]): void {
  const moved = apps
    .filter((a) => a.before > 0)
    .map((a) => ({ ...a, relative: (a.now - a.before) / a.before }))
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
  const { perApp, all } = await allApps(ctx);
  const series = perApp.map(({ name, data }) => ({
    name,
    points: dailyActive(data.ud, data.current).map((d): [number, number | null] => [d.day, d.dau]),
  }));
  series.push({ name: 'All apps', points: dailyActive(all.ud, all.current).map((d): [number, number | null] => [d.day, d.dau]) });
  return [{ kind: 'chart', id: 'dau-per-app', title: 'Daily active users per app', queryRefs: [], chart: { type: 'timeseries', unit: 'count', yLabel: 'Users', series } }];
}

/** Consecutive 7-day intervals ending with the period, oldest first; the first is only the reference. */
function weeks(ctx: ReportContext, data: ActivityData): DayRange[] {
  const n = weeksShown(ctx) + 1;
  return Array.from({ length: n }, (_, k) => {
    const to = data.current.to - 7 * (n - 1 - k);
    return { from: Math.max(0, to - 7), to };
  }).filter((r) => r.to - r.from === 7);
}

async function lifecycleSection(ctx: ReportContext): Promise<Block[]> {
  const { all } = await allApps(ctx);
  const rows = lifecycle(all.ud, weeks(ctx, all), all.seenBefore);
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
  const { all } = await allApps(ctx);
  const intervals = weeks(ctx, all).slice(1);
  const cohorts = retentionCohorts(all.ud, intervals, all.seenBefore);
  const horizon = intervals.length;
  const columns = [col.time('week', 'Cohort week'), col.num('size', 'New users'), ...Array.from({ length: horizon - 1 }, (_, k) => col.num(`w${k + 1}`, `Week ${k + 1}`, 'percent'))];
  const rows = cohorts.map((c) => {
    const row: Record<string, Cell> = { week: c.start, size: c.size };
    for (let k = 1; k < horizon; k++) row[`w${k}`] = k < c.retained.length && c.size > 0 ? c.retained[k]! / c.size : null;
    return row;
  });
  const cells: [number, number, number | null][] = [];
  cohorts.forEach((c, y) => c.retained.forEach((r, k) => k > 0 && cells.push([k - 1, y, c.size > 0 ? r / c.size : null])));
  const week1 = cohorts.filter((c) => c.retained.length > 1 && c.size > 0);
  const w1 = week1.reduce((sum, c) => sum + c.retained[1]!, 0) / Math.max(1, week1.reduce((s, c) => s + c.size, 0));
  const blocks: Block[] = [];
  if (week1.length > 0) {
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
  const { all } = await allApps(ctx);
  const buckets = daysActiveDistribution(all.ud, all.current);
  return [countBucketChart('days-active-all', 'Users by number of active days', buckets.map((b) => ({ label: String(b.days), count: b.users })), 'Users')];
}
