/** `user`: one person's activity across apps — which apps, how much, when and in what order. */
import { userFootprint } from '../../analytics/user.js';
import type { UserFootprint } from '../../analytics/types.js';
import type { Block } from '../../model/report.js';
import type { UserDays } from '../../sources/types.js';
import type { Window } from '../../time/window.js';
import { appName, currentWindow, previousWindow, type ReportContext } from '../context.js';
import { activityData, remember, type ActivityData } from '../data.js';
import { forComparison, requireActivity } from '../helpers.js';
import { col, kpi, table } from '../kpi.js';
import { runSection } from '../section.js';
import type { KindBuild } from './types.js';

export async function buildUser(ctx: ReportContext): Promise<KindBuild> {
  const shown = ctx.showUser(ctx.user!);
  const sections = await Promise.all([
    runSection(ctx, { id: 'apps', title: 'Apps used', question: `Which apps does ${shown} use, and how much?` }, () => apps(ctx)),
    runSection(ctx, { id: 'days', title: 'Activity per day', question: 'On which days, in which app?', howToRead: 'Events per day and app.' }, () => days(ctx)),
    runSection(ctx, { id: 'sequence', title: 'Order of use', question: 'In what order does this person move between apps?', howToRead: 'Session starts in time order; repeated sessions in one app are shown once in the path.' }, () => sequence(ctx)),
  ]);
  // An id that no app knows is most often a typo: the report says so rather than show zeros alone.
  const seen = await footprints(ctx).then(
    (f) => f.perApp.some((p) => p.data.ud.users.has(ctx.user!)),
    () => true, // the sections say what failed
  );
  return {
    title: `Activity of user ${shown}`,
    sections,
    notices: [
      `This report shows the activity of one person (${shown}). Share it only with people allowed to see it.`,
      ...(seen
        ? []
        : [`No app logged an event of ${shown} in this period or the previous one. If that is unexpected, check the id: it is matched exactly against the user field of the apps' logs (apps[].fields.user).`]),
    ],
    headline: [
      { id: 'apps_used', label: 'Apps used', unit: 'count' },
      { id: 'sessions', label: 'Sessions', unit: 'count' },
      { id: 'active_days', label: 'Active days', unit: 'count' },
      { id: 'events', label: 'Events', unit: 'count' },
    ],
  };
}

interface Footprints {
  now: UserFootprint;
  /** Null when the source has no data for the previous period: the changes are n/a. */
  before: UserFootprint | null;
  perApp: { id: string; data: ActivityData }[];
}

function footprints(ctx: ReportContext): Promise<Footprints> {
  return remember(ctx, 'user-footprints', async () => {
    const perApp = await Promise.all(ctx.apps.map(async (app) => ({ id: app.id, data: await activityData(ctx, app.id) })));
    const [startsNow, startsBefore] = await Promise.all([
      starts(ctx, currentWindow(ctx)),
      forComparison(ctx, 'Activity in the previous period', 'apps', () => starts(ctx, previousWindow(ctx))),
    ]);
    const uds = new Map<string, UserDays>(perApp.map((p) => [p.id, p.data.ud]));
    const first = perApp[0]!.data;
    return {
      now: userFootprint(ctx.user!, startsNow, uds, first.current),
      before: startsBefore === null || first.previous === null ? null : userFootprint(ctx.user!, startsBefore, uds, first.previous),
      perApp,
    };
  });
}

function starts(ctx: ReportContext, window: Window) {
  return requireActivity(ctx).sessionStarts({ apps: ctx.apps.map((a) => a.id), window, user: ctx.user! });
}

const sum = (f: UserFootprint, pick: (a: UserFootprint['apps'][number]) => number) => f.apps.reduce((s, a) => s + pick(a), 0);

async function apps(ctx: ReportContext): Promise<Block[]> {
  const { now, before, perApp } = await footprints(ctx);
  const activeDays = (which: 'current' | 'previous') => {
    const days = new Set<number>();
    for (const { data } of perApp) {
      const counts = data.ud.users.get(ctx.user!);
      const range = data[which];
      if (range === null) return null;
      for (let i = range.from; i < range.to; i++) if ((counts?.[i] ?? 0) > 0) days.add(i);
    }
    return days.size;
  };
  const used = (f: UserFootprint) => f.apps.filter((a) => a.sessions > 0 || a.events > 0).length;
  const was = (pick: (f: UserFootprint) => number) => (before === null ? null : pick(before));
  return [
    {
      kind: 'kpis',
      items: [
        kpi('apps_used', 'Apps used', used(now), was(used), 'count', 'neutral'),
        kpi('sessions', 'Sessions', sum(now, (a) => a.sessions), was((f) => sum(f, (a) => a.sessions)), 'count', 'neutral'),
        kpi('active_days', 'Active days', activeDays('current'), activeDays('previous'), 'count', 'neutral', 'days with an event in any app'),
        kpi('events', 'Events', sum(now, (a) => a.events), was((f) => sum(f, (a) => a.events)), 'count', 'neutral'),
      ],
    },
    {
      kind: 'chart',
      id: 'sessions-per-app',
      title: 'Sessions per app',
      queryRefs: [],
      chart: { type: 'bar', unit: 'count', yLabel: 'Sessions', categories: now.apps.map((a) => appName(ctx, a.app)), series: [{ name: 'Sessions', values: now.apps.map((a) => a.sessions) }] },
    },
    table(
      'apps',
      'Apps',
      [col.text('app', 'App'), col.num('sessions', 'Sessions'), col.num('activeDays', 'Active days'), col.num('events', 'Events'), col.time('first', 'First session'), col.time('last', 'Last session')],
      now.apps.map((a) => ({ app: appName(ctx, a.app), sessions: a.sessions, activeDays: a.activeDays, events: a.events, first: a.first, last: a.last })),
    ),
  ];
}

async function days(ctx: ReportContext): Promise<Block[]> {
  const { perApp } = await footprints(ctx);
  const series = perApp.map(({ id, data }) => {
    const counts = data.ud.users.get(ctx.user!);
    const points: [number, number | null][] = [];
    for (let i = data.current.from; i < data.current.to; i++) points.push([data.ud.days[i]!, counts?.[i] ?? 0]);
    return { name: appName(ctx, id), points };
  });
  return [{ kind: 'chart', id: 'events-per-day', title: 'Events per day and app', queryRefs: [], chart: { type: 'timeseries', unit: 'count', yLabel: 'Events', stacked: true, series } }];
}

async function sequence(ctx: ReportContext): Promise<Block[]> {
  const { now } = await footprints(ctx);
  const path = now.sequence.map((id) => appName(ctx, id));
  const blocks: Block[] = [
    { kind: 'text', text: path.length > 0 ? `Path through the apps: ${path.join(' → ')}.` : 'No sessions in this period.' },
    table(
      'timeline',
      'Sessions in order',
      [col.time('ts', 'Started'), col.text('app', 'App'), col.text('session', 'Session')],
      now.timeline.map((t) => ({ ts: t.ts, app: appName(ctx, t.app), session: t.session })),
    ),
  ];
  return blocks;
}
