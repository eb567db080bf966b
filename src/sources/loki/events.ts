/** Session starts across apps (journeys, one user's path), events to cut sessions from, and app lifecycle events, from raw lines. */
import { compareEvents, compareSourceStarts, compareText } from '../../analytics/sequence.js';
import type { ActivityEvent, ActivityQuery, AppId, LifecycleEvent, SessionStart } from '../types.js';
import type { Window } from '../../time/window.js';
import { appOf, type SourceContext } from './context.js';
import { labelIs, type PipelineSpec } from './pipeline.js';
import { lineFields } from './raw-line.js';
import { nsToMs, readLines, type RawBudget, type Span } from './raw.js';

/** The spans of a window that can hold one user's lines in an app (KnownUserDays), undefined: all of it. */
export type UserSpans = (app: AppId, user: string, window: Span) => Span[] | undefined;

/**
 * Reads an app's lines in `window` with `read`, or, for one user whose active days in the app are
 * known, only in the spans of it that can hold the user's lines (the purpose says so): nothing at
 * all for a user without a line there.
 */
async function readUserLines<T>(window: Span, user: string | undefined, app: AppId, within: UserSpans | undefined, purpose: string, read: (span: Span, purpose: string) => Promise<T[]>): Promise<T[]> {
  const spans = user === undefined ? undefined : within?.(app, user, window);
  if (spans === undefined) return read(window, purpose);
  const out: T[] = [];
  for (const span of spans) out.push(...(await read(span, `${purpose}, on the days the user was active in the app`)));
  return out;
}

/** `session_start` lines of the apps, ordered by time, ties by app, then user, then session. */
export async function sessionStarts(ctx: SourceContext, q: { apps: AppId[]; window: Window; user?: string }, within?: UserSpans): Promise<SessionStart[]> {
  if (q.window.to <= q.window.from || q.apps.length === 0) return [];
  const spec: PipelineSpec = { fields: ['event'], filters: [labelIs('event', 'session_start')], user: q.user };
  const apps = [...new Set(q.apps)];
  const budget: RawBudget = { left: ctx.limits.maxRawEvents, what: 'Session starts' };
  const starts: SessionStart[] = [];
  for (const id of apps) {
    const app = appOf(ctx, id);
    const read = await readUserLines(q.window, q.user, id, within, 'session starts, in time order', (span, purpose) =>
      readLines(ctx, app, spec, span, purpose, budget, undefined, (entry): SessionStart => {
        const fields = lineFields(app, entry.line, ['user', 'session']);
        return { ts: nsToMs(entry.tsNs), user: fields.user ?? '', app: id, session: fields.session ?? '' };
      }),
    );
    starts.push(...read);
  }
  return starts.sort(compareSourceStarts);
}

/** The app's lines with a user (time, user, session id), in time order, ties by user, then session. */
export async function userEvents(ctx: SourceContext, q: ActivityQuery, within?: UserSpans): Promise<ActivityEvent[]> {
  if (q.window.to <= q.window.from) return [];
  const app = appOf(ctx, q.app);
  const spec: PipelineSpec = { fields: ['user'], filters: [labelIs('user', '', '!=')], user: q.user };
  const budget: RawBudget = { left: ctx.limits.maxRawEvents, what: `Events of ${q.app} to cut sessions from (apps[].sessionsFrom: events)` };
  const events = await readUserLines(q.window, q.user, q.app, within, 'lines with a user, to cut sessions from', (span, purpose) =>
    readLines(ctx, app, spec, span, purpose, budget, undefined, (entry): ActivityEvent => {
      const fields = lineFields(app, entry.line, ['user', 'session']);
      return { ts: nsToMs(entry.tsNs), user: fields.user ?? '', session: fields.session ?? '' };
    }),
  );
  return events.sort(compareEvents);
}

/** `app_start` / `app_stop` lines of the app, in time order. */
export async function lifecycle(ctx: SourceContext, q: ActivityQuery): Promise<LifecycleEvent[]> {
  if (q.window.to <= q.window.from) return [];
  const app = appOf(ctx, q.app);
  const spec: PipelineSpec = { fields: ['event'], filters: ['event=~"app_start|app_stop"'], user: q.user };
  const budget: RawBudget = { left: ctx.limits.maxRawEvents, what: 'Lifecycle events' };
  const events = await readLines(ctx, app, spec, q.window, 'app_start and app_stop events', budget, undefined, (entry): LifecycleEvent => {
    const fields = lineFields(app, entry.line, ['event', 'instance']);
    return { ts: nsToMs(entry.tsNs), app: q.app, instance: fields.instance ?? '', kind: fields.event === 'app_start' ? 'start' : 'stop' };
  });
  // Reading is in time order already; among equal timestamps a stop comes before a start (a restart).
  return events.sort((a, b) => a.ts - b.ts || (a.kind === b.kind ? compareText(a.instance, b.instance) : a.kind === 'stop' ? -1 : 1));
}
