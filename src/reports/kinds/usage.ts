/** `usage`: one app in depth — who uses it, which features, how long, when, and who most. */
import { daysActiveDistribution } from '../../analytics/adoption.js';
import { featureTable, sessionLengthBuckets, sessionsPerUserBuckets, topUsers } from '../../analytics/usage.js';
import type { AppConfig } from '../../config/schema.js';
import type { Block } from '../../model/report.js';
import { formatValue } from '../../model/format.js';
import { currentWindow, previousWindow, type ReportContext } from '../context.js';
import { remember, userDaysIn, usersSummary } from '../data.js';
import type { SessionStats } from '../../sources/types.js';
import type { Window } from '../../time/window.js';
import { hourOfWeekChart, dailyActiveChart, dailyActiveTable, countBucketChart } from '../charts.js';
import { col, dayMeanKpis, kpi, notDefinedWhen, table } from '../kpi.js';
import { runSection } from '../section.js';
import { changeHighlights, comparisonUnavailable, forComparison, forUser, listOf, requireActivity, sessionsNotLogged } from '../helpers.js';
import type { KindBuild } from './types.js';

export async function buildUsage(ctx: ReportContext): Promise<KindBuild> {
  const app = ctx.apps[0]!;
  const sections = await Promise.all([
    runSection(ctx, { id: 'activity', title: 'Active users', question: `How many people use ${app.name}, and is it growing?`, howToRead: 'DAU counts people active that day; WAU and MAU count people active in the 7 and 30 days ending that day.' }, () => activity(ctx, app)),
    runSection(ctx, { id: 'features', title: 'Features', question: 'Which features are used, and which are not?', howToRead: 'Bars show how often each feature was used; the table adds how many people used it.' }, () => features(ctx, app)),
    runSection(ctx, { id: 'sessions', title: 'Sessions', question: 'How often and how long do people use it?', howToRead: app.sessionsFrom === 'events' ? 'A session is one visit, cut from the app\'s events (see the appendix).' : 'A session is one visit, from session_start to session_end.' }, () => sessions(ctx, app)),
    runSection(ctx, { id: 'when', title: 'When it is used', question: 'On which days and at which hours?', howToRead: `Darker cells mean more events; hours are in ${ctx.period.tz}.` }, () => when(ctx, app)),
    runSection(ctx, { id: 'top-users', title: 'Most active users', question: 'Who uses it most?', howToRead: 'Ranked by events in the period.' }, () => top(ctx, app)),
  ]);
  return {
    title: `${app.name}: usage`,
    subtitle: app.description,
    sections,
    headline: [
      { id: 'active_users', label: 'Active users', unit: 'count' },
      { id: 'new_users', label: 'New users', unit: 'count' },
      { id: 'sessions', label: 'Sessions', unit: 'count' },
      { id: 'median_session', label: 'Median session', unit: 'duration_ms' },
    ],
  };
}

async function activity(ctx: ReportContext, app: AppConfig): Promise<Block[]> {
  const [now, before, ud] = await Promise.all([
    usersSummary(ctx, [app.id], currentWindow(ctx)),
    forComparison(ctx, 'Active users in the previous period', 'activity', () => usersSummary(ctx, [app.id], previousWindow(ctx))),
    userDaysIn(ctx, app.id, currentWindow(ctx)),
  ]);
  const activeDays = daysActiveDistribution(ud, { from: 0, to: ud.days.length });
  ctx.highlights.push(...changeHighlights(`${app.name} had`, 'active users', now.users, before?.users ?? null, 'count'));
  return [
    {
      kind: 'kpis',
      items: [
        kpi('active_users', 'Active users', now.users, before?.users ?? null, 'count', 'up_is_good', 'distinct users with at least one event'),
        kpi('new_users', 'New users', now.newUsers, before?.newUsers ?? null, 'count', 'up_is_good', 'first event in the period'),
        ...dayMeanKpis('', now, before),
      ],
    },
    dailyActiveChart('daily-active', 'Daily, weekly and monthly active users', now.daily, currentWindow(ctx), ctx.now),
    countBucketChart(
      'days-active',
      'Users by number of active days',
      activeDays.map((b) => ({ label: String(b.days), count: b.users })),
      'Users',
    ),
    dailyActiveTable('daily-active-table', 'Active users per day', now.daily),
  ];
}

async function features(ctx: ReportContext, app: AppConfig): Promise<Block[]> {
  const source = requireActivity(ctx);
  const [summary, current, previous] = await Promise.all([
    usersSummary(ctx, [app.id], currentWindow(ctx)),
    source.features({ app: app.id, window: currentWindow(ctx), ...forUser(ctx) }),
    forComparison(ctx, 'Feature use in the previous period', 'features', () => source.features({ app: app.id, window: previousWindow(ctx), ...forUser(ctx) })),
  ]);
  const result = featureTable(current, app.features, summary.users);
  const before = previous === null ? null : new Map(previous.map((f) => [f.feature, f.events]));
  const blocks: Block[] = [
    {
      kind: 'chart',
      id: 'feature-use',
      title: 'Feature use',
      queryRefs: [],
      chart: {
        type: 'bar',
        unit: 'count',
        yLabel: 'Times used',
        horizontal: true,
        categories: result.rows.map((r) => r.feature),
        series: [{ name: 'Times used', values: result.rows.map((r) => r.events) }],
      },
    },
    table(
      'features',
      'Features',
      [col.text('feature', 'Feature'), col.num('events', 'Times used'), col.num('previous', 'Previous period'), col.num('users', 'Users'), col.num('share', 'Share of active users', 'percent')],
      result.rows.map((r) => ({ feature: r.feature, events: r.events, previous: before === null ? null : (before.get(r.feature) ?? 0), users: r.users, share: r.userShare })),
    ),
  ];
  if (result.neverUsed.length > 0) {
    blocks.push({ kind: 'text', text: `Never used in this period: ${result.neverUsed.join(', ')}.` });
    ctx.highlights.push({
      text: `Nobody used ${listOf(result.neverUsed)} in ${app.name} in this period.`,
      weight: 60,
      tone: 'bad',
    });
  }
  const topFeature = result.rows[0];
  if (topFeature) {
    ctx.highlights.push({
      text: `${topFeature.feature} was ${app.name}'s most used feature: ${formatValue(topFeature.events, 'count')} times by ${formatValue(topFeature.users, 'count')} users.`,
      weight: 30,
      tone: 'neutral',
    });
  }
  return blocks;
}

async function sessions(ctx: ReportContext, app: AppConfig): Promise<Block[]> {
  const what = 'Sessions in the previous period';
  const [now, before, usersNow, usersBefore] = await Promise.all([
    sessionStats(ctx, app, currentWindow(ctx)),
    forComparison(ctx, what, 'sessions', () => sessionStats(ctx, app, previousWindow(ctx))),
    usersSummary(ctx, [app.id], currentWindow(ctx)),
    forComparison(ctx, what, 'sessions', () => usersSummary(ctx, [app.id], previousWindow(ctx))),
  ]);
  // Sessions are counted from session_start events. People active without a single one mean the
  // app does not log them (or not under the configured field): unavailable, not zero sessions.
  const unlogged = (s: SessionStats, users: number) => app.sessionsFrom === 'session_events' && !ctx.user && s.count === 0 && users > 0;
  const hint = `Sessions are counted from session_start and session_end events, in the JSON field named by apps[].fields.event (here "${app.fields.event}"); for an app that logs none, set its sessionsFrom: events to cut sessions from its events.`;
  if (unlogged(now, usersNow.users)) throw sessionsNotLogged(ctx, [{ name: app.name, users: usersNow.users }], 'in this period', hint);
  // The same in the previous period (e.g. before the app started logging sessions): the changes
  // are n/a and the appendix says why; the period's own figures stand. So they are when the
  // previous period has no data at all (forComparison).
  const prior = before === null || usersBefore === null || unlogged(before, usersBefore.users) ? null : before;
  if (before !== null && usersBefore !== null && !prior) comparisonUnavailable(ctx, what, sessionsNotLogged(ctx, [{ name: app.name, users: usersBefore.users }], 'in the previous period', hint), 'sessions');
  const perUser = (s: SessionStats | null) => (s && s.perUser.size > 0 ? s.count / s.perUser.size : null);
  return [
    {
      kind: 'kpis',
      items: [
        kpi('sessions', 'Sessions', now.count, prior?.count ?? null, 'count'),
        notDefinedWhen(kpi('sessions_per_user', 'Sessions per user', perUser(now), perUser(prior), 'per_user'), now.perUser.size === 0, 'no sessions', prior?.perUser.size === 0),
        notDefinedWhen(kpi('median_session', 'Median session', now.medianMs, prior?.medianMs ?? null, 'duration_ms', 'up_is_good'), now.lengths.count === 0, 'no session ended', prior?.lengths.count === 0),
        notDefinedWhen(kpi('p90_session', 'Longest 10% of sessions', now.p90Ms, prior?.p90Ms ?? null, 'duration_ms', 'neutral', 'sessions last at least this long'), now.lengths.count === 0, 'no session ended', prior?.lengths.count === 0),
      ],
    },
    countBucketChart('session-length', 'Session length', sessionLengthBuckets(now.lengths), 'Sessions'),
    countBucketChart('sessions-per-user', 'Sessions per user', sessionsPerUserBuckets(now.perUser), 'Users'),
  ];
}

/** Session statistics of a window, fetched once and shared by the sections that use them. */
function sessionStats(ctx: ReportContext, app: AppConfig, window: Window): Promise<SessionStats> {
  return remember(ctx, `sessions\u0000${app.id}\u0000${window.from}\u0000${window.to}`, () =>
    requireActivity(ctx).sessions({ app: app.id, window, ...forUser(ctx) }),
  );
}

async function when(ctx: ReportContext, app: AppConfig): Promise<Block[]> {
  const matrix = await requireActivity(ctx).hourOfWeek({ app: app.id, window: currentWindow(ctx), ...forUser(ctx) });
  return [hourOfWeekChart('hour-of-week', 'Events by weekday and hour', matrix)];
}

async function top(ctx: ReportContext, app: AppConfig): Promise<Block[]> {
  const [ud, stats] = await Promise.all([userDaysIn(ctx, app.id, currentWindow(ctx)), sessionStats(ctx, app, currentWindow(ctx))]);
  const rows = topUsers(ud, { from: 0, to: ud.days.length }, stats.perUser, ctx.config.analytics.topN);
  return [
    table(
      'top-users',
      `Top ${rows.length} users`,
      [col.text('user', 'User'), col.num('events', 'Events'), col.num('activeDays', 'Active days'), col.num('sessions', 'Sessions')],
      rows.map((r) => ({ user: ctx.showUser(r.user), events: r.events, activeDays: r.activeDays, sessions: r.sessions })),
    ),
  ];
}
