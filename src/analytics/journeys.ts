/**
 * Journeys between apps: a user's sessions whose consecutive starts are at most `gapMs` apart,
 * as a sequence of app steps (consecutive sessions in one app are one step).
 */
import type { AppId, SessionStart } from '../sources/types.js';
import { collapseRepeats, compareStarts, compareText } from './sequence.js';
import { SequenceTally } from './sequence-tally.js';
import type { DropOff, JourneyResult, PathCount, Transition } from './types.js';

/** How journeys are cut and how many rows are kept. */
export interface JourneyOptions {
  /** Longest gap between consecutive session starts inside one journey, ms (a gap of exactly this is included). */
  gapMs: number;
  /** Transitions and paths kept; the remaining transitions are summed. */
  top: number;
  /**
   * The apps a report is about, when it is not about all of them. Journeys are still cut from
   * the sessions of every app given (so a move A → B → C is never read as A → C), but only the
   * journeys that visit one of these apps are counted, only the moves and paths that include
   * one, and only these apps' drop-off.
   */
  focus?: readonly AppId[];
}

/** One user's journey as app steps. */
export interface Journey {
  user: string;
  steps: AppId[];
}

/** Splits each user's sessions (in any input order) into journeys, users in id order. */
export function splitJourneys(starts: readonly SessionStart[], gapMs: number): Journey[] {
  // Grouping first keeps the sorts per user and numeric, which is what makes large inputs fast.
  const byUser = new Map<string, SessionStart[]>();
  for (const s of starts) {
    const list = byUser.get(s.user);
    if (list) list.push(s);
    else byUser.set(s.user, [s]);
  }
  const journeys: Journey[] = [];
  for (const user of [...byUser.keys()].sort(compareText)) {
    const sessions = byUser.get(user)!.sort(compareStarts);
    let apps: AppId[] = [];
    sessions.forEach((s, i) => {
      const prev = sessions[i - 1];
      if (prev && s.ts - prev.ts > gapMs) {
        journeys.push({ user, steps: collapseRepeats(apps) });
        apps = [];
      }
      apps.push(s.app);
    });
    journeys.push({ user, steps: collapseRepeats(apps) });
  }
  return journeys;
}

/** Transitions, 2- and 3-step paths, drop-off per app, journey counts and travellers. */
export function journeys(starts: readonly SessionStart[], opts: JourneyOptions): JourneyResult {
  const top = Math.max(0, opts.top);
  const focus = opts.focus && opts.focus.length > 0 ? new Set(opts.focus) : undefined;
  const counted = (steps: readonly AppId[]) => focus === undefined || steps.some((app) => focus.has(app));
  const pairs = new SequenceTally();
  const triples = new SequenceTally();
  const quads = new SequenceTally();
  const drop = new Map<AppId, DropOff>();
  const travellers = new Set<string>();
  let count = 0;
  let multiApp = 0;
  for (const { user, steps } of splitJourneys(starts, opts.gapMs)) {
    if (!counted(steps)) continue;
    count++;
    if (steps.length > 1) multiApp++; // consecutive steps differ, so 2+ steps = 2+ apps
    steps.forEach((app, i) => {
      if (focus === undefined || focus.has(app)) {
        const d = drop.get(app) ?? { app, visits: 0, ended: 0 };
        d.visits++;
        if (i === steps.length - 1) d.ended++;
        drop.set(app, d);
      }
      const tally = (tally: SequenceTally, length: number) => {
        if (i < length - 1) return false;
        const part = steps.slice(i - length + 1, i + 1);
        if (!counted(part)) return false;
        tally.add(part, user);
        return true;
      };
      if (tally(pairs, 2)) travellers.add(user);
      tally(triples, 3);
      tally(quads, 4);
    });
  }
  const ranked = pairs.ranked();
  const kept = ranked.slice(0, top);
  const rest = ranked.slice(top);
  const restUsers = new Set<string>();
  for (const r of rest) for (const u of r.users) restUsers.add(u);
  return {
    transitions: kept.map((r): Transition => ({ from: r.key[0]!, to: r.key[1]!, transitions: r.count, users: r.users.size })),
    otherTransitions: { transitions: rest.reduce((sum, r) => sum + r.count, 0), users: restUsers.size },
    paths2: toPaths(triples, top),
    paths3: toPaths(quads, top),
    dropOff: [...drop.values()].sort((a, b) => compareText(a.app, b.app)),
    journeys: count,
    multiAppJourneys: multiApp,
    travellers: travellers.size,
  };
}

function toPaths(tally: SequenceTally, top: number): PathCount[] {
  return tally
    .ranked()
    .slice(0, top)
    .map((r) => ({ path: r.key, count: r.count, users: r.users.size }));
}
