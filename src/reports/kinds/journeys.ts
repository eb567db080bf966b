/** `journeys`: how people move between apps — top transitions, common paths, where journeys end. */
import { journeys } from '../../analytics/journeys.js';
import type { JourneyResult, PathCount } from '../../analytics/types.js';
import { formatValue } from '../../model/format.js';
import type { Block } from '../../model/report.js';
import type { AppConfig } from '../../config/schema.js';
import type { Window } from '../../time/window.js';
import { DatasourceError, sentence } from '../../errors.js';
import { appName, currentWindow, previousWindow, type ReportContext } from '../context.js';
import { remember } from '../data.js';
import { comparisonUnavailable, noSessionStarts, requireActivity, sessionsNotLogged } from '../helpers.js';
import { col, kpi, notDefinedWhen, table } from '../kpi.js';
import { runSection } from '../section.js';
import type { KindBuild } from './types.js';

type Period = 'current' | 'previous';

export async function buildJourneys(ctx: ReportContext): Promise<KindBuild> {
  const gap = ctx.config.analytics.journeyGapMinutes;
  const focus = focusOf(ctx);
  const names = ctx.apps.map((a) => a.name).join(', ');
  const sections = await Promise.all([
    runSection(ctx, { id: 'flow', title: 'Moves between apps', question: focus ? `Where do people come to ${names} from, and where do they go next?` : 'From which app do people go to which?', howToRead: `Left: the app people leave; right: the app they open next, within ${gap} minutes. Width is the number of moves.` }, () => flow(ctx)),
    runSection(ctx, { id: 'paths', title: 'Common paths', question: 'Which paths through several apps are most common?', howToRead: 'A step is a move to another app: a 2-step path goes through three apps. Repeated sessions in one app count once.' }, () => paths(ctx)),
    runSection(ctx, { id: 'drop-off', title: 'Where journeys end', question: 'After which app do people stop?', howToRead: 'Share of visits to an app that were the last of their journey.' }, () => dropOff(ctx)),
  ]);
  return {
    title: focus ? `Journeys through ${names}` : 'Journeys between apps',
    sections,
    ...(focus
      ? {
          notices: [`Journeys are read across all ${ctx.config.apps.length} apps; only those that visit ${names} are counted, with the moves and paths that include ${focus.length === 1 ? 'it' : 'one of them'}.`],
          definitions: [{ term: 'Journeys through an app', text: 'When a report covers some of the apps, journeys are cut from the sessions of every app, and only the journeys that visit one of the report\'s apps, the moves and paths that include one, and those apps\' drop-off are counted.' }],
        }
      : {}),
    headline: [
      { id: 'journeys', label: 'Journeys', unit: 'count' },
      { id: 'multi_app_share', label: 'Journeys across apps', unit: 'percent' },
      { id: 'transitions', label: 'Moves between apps', unit: 'count' },
      { id: 'travellers', label: 'People moving between apps', unit: 'count' },
    ],
  };
}

/**
 * The report's apps when they are not all the configured apps. Journeys are then still read from
 * every app's sessions, so a move through an app outside the report is not hidden (A → B → C
 * read as A → C), and counted only where they touch the report's apps.
 */
function focusOf(ctx: ReportContext): string[] | undefined {
  return ctx.apps.length < ctx.config.apps.length ? ctx.apps.map((a) => a.id) : undefined;
}

/** Session starts of every configured app, fetched once per window. */
function startsIn(ctx: ReportContext, window: Window) {
  return remember(ctx, `starts\u0000${window.from}\u0000${window.to}`, () =>
    requireActivity(ctx).sessionStarts({ apps: ctx.config.apps.map((a) => a.id), window }),
  );
}

const windowOf = (ctx: ReportContext, which: Period) => (which === 'current' ? currentWindow(ctx) : previousWindow(ctx));
const whenOf = (which: Period) => (which === 'current' ? 'in this period' : 'in the previous period');
const HINT = 'Journeys are built from session_start events, in the JSON field named by apps[].fields.event; for an app that logs none, set its sessionsFrom: events to cut sessions from its events.';

/**
 * Journeys of the period or of the previous one. An app of the report with no session start
 * while people used it does not log session_start events, and journeys are built from them: it
 * cannot appear, and the report says so (partial); when that is every app of the report, there
 * is nothing to show.
 */
function result(ctx: ReportContext, which: Period): Promise<JourneyResult> {
  const window = windowOf(ctx, which);
  return remember(ctx, `journeys\u0000${window.from}\u0000${window.to}`, async () => {
    const starts = await startsIn(ctx, window);
    const focus = focusOf(ctx);
    const found = journeys(starts, { gapMs: ctx.config.analytics.journeyGapMinutes * 60_000, top: ctx.config.analytics.topN, ...(focus ? { focus } : {}) });
    const quiet = await appsWithoutStarts(ctx, which);
    if (quiet.length === 0) return found;
    const when = whenOf(which);
    if (quiet.length === ctx.apps.length) throw sessionsNotLogged(ctx, quiet, when, HINT);
    // Only the current period's: the previous one is for comparison (see previousResult).
    if (which === 'current') {
      for (const app of quiet) {
        const error = sessionsNotLogged(ctx, [app], when, HINT);
        ctx.unavailable.push({ what: `Journeys through ${app.name}`, reason: `${sentence(error.message)} It cannot appear in the journeys. ${HINT}`, datasource: error.datasource, section: 'flow' });
      }
    }
    return found;
  });
}

/** The report's apps that started no session in a period although people used them. */
function appsWithoutStarts(ctx: ReportContext, which: Period) {
  const window = windowOf(ctx, which);
  return remember(ctx, `no starts\u0000${window.from}\u0000${window.to}`, async () => {
    const seen = await appsWithStarts(ctx, which);
    return usedApps(ctx, which, ctx.apps.filter((a) => !seen.has(a.id)));
  });
}

/**
 * Those of `apps` that people used in a period, with how many: asked once per app and period, as
 * the report's apps are asked for their own period and again when the periods are compared.
 */
async function usedApps(ctx: ReportContext, which: Period, apps: readonly AppConfig[]) {
  const window = windowOf(ctx, which);
  const users = await Promise.all(
    apps.map((a) => remember(ctx, `distinct users\u0000${a.id}\u0000${window.from}\u0000${window.to}`, () => requireActivity(ctx).distinctUsers({ apps: [a.id], window }))),
  );
  return apps.map((a, i) => ({ id: a.id, name: a.name, users: users[i]! })).filter((a) => a.users > 0);
}

/** The apps (of all configured) with a session start in a period. */
function appsWithStarts(ctx: ReportContext, which: Period): Promise<Set<string>> {
  const window = windowOf(ctx, which);
  return remember(ctx, `apps with starts\u0000${window.from}\u0000${window.to}`, async () => new Set((await startsIn(ctx, window)).map((s) => s.app)));
}

/**
 * The previous period's journeys, for comparison only: without session events there, the changes
 * are n/a; so they are when an app whose sessions the journeys are cut from is in one period's
 * journeys and, for want of session starts while people used it, not in the other's (an app that
 * began or stopped logging them): the two would not count the same apps.
 */
async function previousResult(ctx: ReportContext): Promise<JourneyResult | null> {
  const what = 'Journeys in the previous period';
  try {
    const before = await result(ctx, 'previous');
    // Apps used without session starts in one period that had some in the other. With a focus,
    // every app's: journeys through the report's apps are cut from all apps' sessions, so an
    // app outside the report that began or stopped logging them changes them as well.
    const read = focusOf(ctx) ? ctx.config.apps : ctx.apps;
    const changed = async (which: Period, other: Period, otherOne: string) => {
      const [seen, started] = await Promise.all([appsWithStarts(ctx, which), appsWithStarts(ctx, other)]);
      const apps = await usedApps(ctx, which, read.filter((a) => !seen.has(a.id) && started.has(a.id)));
      return apps.length === 0 ? [] : [`${noSessionStarts(apps, whenOf(which))}, and session starts in ${otherOne}.`];
    };
    const reasons = (await Promise.all([changed('previous', 'current', 'this one'), changed('current', 'previous', 'the previous one')])).flat();
    if (reasons.length === 0) return before;
    const source = requireActivity(ctx).name;
    comparisonUnavailable(ctx, what, new DatasourceError('DATASOURCE_NO_DATA', source, `${reasons.join(' ')} The two periods' journeys do not count the same apps.`, { hint: HINT }), 'flow');
    return null;
  } catch (error) {
    if (!(error instanceof DatasourceError) || error.code !== 'DATASOURCE_NO_DATA') throw error;
    comparisonUnavailable(ctx, what, error, 'flow');
    return null;
  }
}

const totalMoves = (r: JourneyResult | null) => (r ? r.transitions.reduce((s, t) => s + t.transitions, 0) + r.otherTransitions.transitions : null);
const share = (r: JourneyResult | null) => (r && r.journeys > 0 ? r.multiAppJourneys / r.journeys : null);

async function flow(ctx: ReportContext): Promise<Block[]> {
  const [now, before] = await Promise.all([result(ctx, 'current'), previousResult(ctx)]);
  const name = (id: string) => appName(ctx, id);
  const top = now.transitions[0];
  if (top) {
    ctx.highlights.push({
      text: `The most common move between apps was ${name(top.from)} → ${name(top.to)}: ${formatValue(top.transitions, 'count')} times by ${formatValue(top.users, 'count')} people.`,
      weight: 65,
      tone: 'neutral',
    });
  }
  return [
    {
      kind: 'kpis',
      items: [
        kpi('journeys', 'Journeys', now.journeys, before?.journeys ?? null, 'count', 'up_is_good'),
        notDefinedWhen(kpi('multi_app_share', 'Journeys across apps', share(now), share(before), 'percent', 'up_is_good', 'journeys that visit 2 or more apps'), now.journeys === 0, 'no journeys', before?.journeys === 0),
        kpi('transitions', 'Moves between apps', totalMoves(now), totalMoves(before), 'count', 'up_is_good'),
        kpi('travellers', 'People moving between apps', now.travellers, before?.travellers ?? null, 'count', 'up_is_good'),
      ],
    },
    {
      kind: 'chart',
      id: 'flow',
      title: 'Moves between apps',
      queryRefs: [],
      chart: {
        type: 'flow',
        unit: 'count',
        // Targets get their own nodes ("→ app") so a move back (A → B, B → A) does not make a cycle.
        nodes: [...new Set(now.transitions.flatMap((t) => [name(t.from), `→ ${name(t.to)}`]))].map((n) => ({ name: n })),
        links: now.transitions.map((t) => ({ source: name(t.from), target: `→ ${name(t.to)}`, value: t.transitions })),
      },
    },
    table(
      'transitions',
      'Top moves between apps',
      [col.text('from', 'From'), col.text('to', 'To'), col.num('transitions', 'Moves'), col.num('users', 'People')],
      [
        ...now.transitions.map((t) => ({ from: name(t.from), to: name(t.to), transitions: t.transitions, users: t.users })),
        ...(now.otherTransitions.transitions > 0
          ? [{ from: 'Other', to: '', transitions: now.otherTransitions.transitions, users: now.otherTransitions.users }]
          : []),
      ],
    ),
  ];
}

async function paths(ctx: ReportContext): Promise<Block[]> {
  const now = await result(ctx, 'current');
  const rows = (list: PathCount[]) => list.map((p) => ({ path: p.path.map((id) => appName(ctx, id)).join(' → '), count: p.count, users: p.users }));
  const columns = [col.text('path', 'Path'), col.num('count', 'Times'), col.num('users', 'People')];
  return [table('paths-2', 'Top 2-step paths', columns, rows(now.paths2)), table('paths-3', 'Top 3-step paths', columns, rows(now.paths3))];
}

async function dropOff(ctx: ReportContext): Promise<Block[]> {
  const now = await result(ctx, 'current');
  const rows = now.dropOff.map((d) => ({ app: appName(ctx, d.app), visits: d.visits, ended: d.ended, share: d.visits > 0 ? d.ended / d.visits : null }));
  return [
    {
      kind: 'chart',
      id: 'drop-off',
      title: 'Share of visits that ended the journey',
      queryRefs: [],
      chart: { type: 'bar', unit: 'percent', yLabel: 'Ended here', categories: rows.map((r) => r.app), series: [{ name: 'Ended here', values: rows.map((r) => r.share) }] },
    },
    table('drop-off', 'Journey ends per app', [col.text('app', 'App'), col.num('visits', 'Visits'), col.num('ended', 'Journeys ended here'), col.num('share', 'Share', 'percent')], rows),
  ];
}
