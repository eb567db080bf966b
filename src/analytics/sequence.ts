/** Ordering and sequence helpers shared by journeys and one-user analytics. */
import type { ActivityEvent, SessionStart } from '../sources/types.js';

/** Compares strings by code unit, so orderings do not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Compares string lists element by element, a shorter prefix first. */
export function compareTextLists(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareText(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Orders session starts by time, then app, then session id, so equal timestamps give a stable answer. */
export function compareStarts(a: SessionStart, b: SessionStart): number {
  return a.ts - b.ts || compareText(a.app, b.app) || compareText(a.session, b.session);
}

/** The order of every source's session starts (ActivitySource.sessionStarts): time, then app, user and session id. */
export function compareSourceStarts(a: SessionStart, b: SessionStart): number {
  return a.ts - b.ts || compareText(a.app, b.app) || compareText(a.user, b.user) || compareText(a.session, b.session);
}

/** The order of every source's events (ActivitySource.userEvents): time, then user and session id. */
export function compareEvents(a: ActivityEvent, b: ActivityEvent): number {
  return a.ts - b.ts || compareText(a.user, b.user) || compareText(a.session, b.session);
}

/** The list with consecutive repeats collapsed: [a, a, b, a] -> [a, b, a]. */
export function collapseRepeats<T>(items: readonly T[]): T[] {
  const out: T[] = [];
  for (const item of items) if (out.length === 0 || out[out.length - 1] !== item) out.push(item);
  return out;
}
