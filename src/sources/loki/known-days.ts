/**
 * Where one user's lines can be. The user report asks for the user's lines per local day in every
 * app (userDays) before it reads the user's session starts, so by then the source knows on which
 * days the user logged anything in each app. A raw read for that user (session starts, events to
 * cut sessions from: both a subset of the lines userDays counted) then scans those days only, not
 * the whole window: Loki reads every line of the app in a log query's range to find the user's
 * few, so a user active on 2 days of 60 costs 2 days of scanning instead of 60.
 */
import type { ActivityQuery, AppId, UserDays } from '../types.js';
import { dayInWindow, type Window } from '../../time/window.js';
import type { Span } from './raw.js';

/**
 * Each day's span starts this much before the day: the count of a day [start, end) is of the lines
 * in (start - 1 ms, end - 1 ms] (range queries, offset by 1 ms, metric.ts) or in [start, end)
 * (instant queries at end - 1 ns), so a line stamped less than a millisecond before midnight may
 * have been counted on the day after it.
 */
const EDGE_MS = 1;

/** Answers kept per source; a run asks for a few per app (the report's window and the previous one). */
const KEPT = 64;

interface Known {
  app: AppId;
  user: string;
  window: Window;
  days: UserDays;
}

/** One-user userDays answers seen by a source, and the spans of a window they leave to read. */
export class KnownUserDays {
  private readonly known: Known[] = [];

  /** Keeps the answer to a userDays question about one user. */
  remember(q: ActivityQuery, days: UserDays): void {
    if (q.user === undefined) return;
    this.known.push({ app: q.app, user: q.user, window: q.window, days });
    if (this.known.length > KEPT) this.known.shift();
  }

  /**
   * The parts of `want` that can hold `user`'s lines in `app`, in order: the days the user was
   * active, where an answer covers them, and the whole of any part no answer covers. Undefined
   * when no answer about this user and app overlaps `want` (read it whole).
   */
  spans(app: AppId, user: string, want: Span): Span[] | undefined {
    let best: { known: Known; overlap: number } | undefined;
    for (const known of this.known) {
      if (known.app !== app || known.user !== user) continue;
      const overlap = Math.min(want.to, known.window.to) - Math.max(want.from, known.window.from);
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { known, overlap };
    }
    return best && spansToRead(best.known.days, user, best.known.window, want);
  }
}

/**
 * The spans of `want` to read for `user`'s lines, given `days` (userDays over `window`): each run
 * of days with a count, from EDGE_MS before its first day, cut to `want`; the parts of `want` outside
 * `window`, whole. Adjacent or overlapping spans are joined.
 */
export function spansToRead(days: UserDays, user: string, window: Window, want: Span): Span[] {
  const spans: Span[] = [];
  const add = (from: number, to: number): void => {
    const span = { from: Math.max(from, want.from), to: Math.min(to, want.to) };
    if (span.to <= span.from) return;
    const last = spans.at(-1);
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else spans.push(span);
  };
  add(want.from, window.from);
  const counts = days.users.get(user);
  for (let i = 0; counts && i < days.days.length; i++) {
    if (!((counts[i] ?? 0) > 0)) continue;
    const { start, end } = dayInWindow(days.days, i, window);
    add(start - EDGE_MS, end);
  }
  add(window.to, want.to);
  return spans;
}
