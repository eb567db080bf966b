/** The reads behind the user-set questions that reach beyond their window: lookback and history. */
import { addDaysIn, TzCalendar } from '../../time/window.js';
import type { ActiveUserCounts, IntervalsQuery, UserSetQuery } from '../types.js';
import type { Scanner } from './scanner.js';
import { activeSet, activeUserCounts } from './user-sets.js';

/** DAU/WAU/MAU of the window: the window's own days and the 29 whole days before its first. */
export async function activeUsersOf(scanner: Scanner, q: UserSetQuery, apps: readonly string[]): Promise<{ counts: ActiveUserCounts; reads: string[] }> {
  const { tz } = q.window;
  const days = new TzCalendar(q.window).days;
  if (days.length === 0) return { counts: { days: [], dau: [], wau: [], mau: [] }, reads: [] };
  const lookbackFrom = addDaysIn(days[0]!, -29, tz);
  const window = await scanner.activity(q.window, q.user);
  // On a first day cut by the window, the part before the window counts for WAU and MAU, not DAU.
  const lookback = await scanner.activity({ from: lookbackFrom, to: q.window.from, tz }, q.user);
  const axis = new TzCalendar({ from: lookbackFrom, to: q.window.to, tz }).days;
  return { counts: activeUserCounts(window, lookback, axis, apps), reads: [...lookback.reads, ...window.reads] };
}

/** Users active in each interval, and those seen between historyFrom and each interval's start. */
export interface IntervalSets {
  starts: number[];
  active: Set<string>[];
  before: Set<string>[];
  reads: string[];
}

/** The user sets of consecutive intervals; a gap between two intervals counts as history too. */
export async function intervalSets(scanner: Scanner, q: IntervalsQuery, apps: readonly string[]): Promise<IntervalSets> {
  const first = q.intervals[0];
  const reads: string[] = [];
  if (!first) return { starts: [], active: [], before: [], reads };
  const users = async (from: number, to: number): Promise<Set<string>> => {
    const activity = await scanner.activity({ from, to, tz: first.tz });
    reads.push(...activity.reads);
    return activeSet(activity, apps);
  };
  const before = [await users(q.historyFrom, first.from)];
  const active: Set<string>[] = [];
  for (const [k, interval] of q.intervals.entries()) {
    active.push(await users(interval.from, interval.to));
    const next = q.intervals[k + 1];
    if (!next) break;
    const gap = next.from > interval.to ? await users(interval.to, next.from) : new Set<string>();
    before.push(new Set([...before[k]!, ...active[k]!, ...gap]));
  }
  return { starts: q.intervals.map((i) => i.from), active, before, reads: [...new Set(reads)] };
}
