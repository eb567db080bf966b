/**
 * Per-user daily activity of whole local days, kept for the run: the user-set questions of a
 * report reach over overlapping ranges (the period, 29 days before it for MAU, the history for
 * new users, the previous period), so each day is read from Kafka once and every question is
 * assembled from the chunks already read. Chunks never overlap, so nothing is counted twice.
 */
import { startOfDayIn, TzCalendar } from '../../time/window.js';

/** A time range [from, to), epoch ms. */
export interface Span {
  from: number;
  to: number;
}

/** Events per user per local day of several apps, and the reads they came from. */
export interface UserActivity {
  /** Local midnights of the days intersecting the range. */
  days: number[];
  /** Per app: users with at least one event, counts aligned with `days`. */
  apps: Map<string, Map<string, number[]>>;
  /** The reads behind it, for the query log. */
  reads: string[];
}

/** Whole local days read once: [from, to) are local midnights. */
export interface DayChunk extends Span, UserActivity {}

/** The chunks of one time zone and user scope. */
export class DayStore {
  private readonly chunks: DayChunk[] = [];

  constructor(readonly tz: string) {}

  /** Parts of [from, to) that no chunk covers yet, oldest first. */
  gaps(from: number, to: number): Span[] {
    const out: Span[] = [];
    let cursor = from;
    for (const c of this.chunks) {
      if (c.to <= cursor) continue;
      if (c.from >= to) break;
      if (c.from > cursor) out.push({ from: cursor, to: c.from });
      cursor = Math.max(cursor, c.to);
    }
    if (cursor < to) out.push({ from: cursor, to });
    return out;
  }

  /** Adds a chunk; one overlapping what is kept would count days twice, so it is refused. */
  add(chunk: DayChunk): boolean {
    if (this.chunks.some((c) => c.from < chunk.to && chunk.from < c.to)) return false;
    this.chunks.push(chunk);
    this.chunks.sort((a, b) => a.from - b.from);
    return true;
  }

  /** The activity of `apps` on the local days of [from, to), which must be covered. */
  activity(from: number, to: number, apps: readonly string[]): UserActivity {
    const days = [...new TzCalendar({ from, to, tz: this.tz }).days];
    const index = new Map(days.map((d, i) => [d, i]));
    const out: UserActivity = { days, apps: new Map(apps.map((a) => [a, new Map()])), reads: [] };
    for (const chunk of this.chunks) {
      if (chunk.to <= from || chunk.from >= to) continue;
      out.reads.push(...chunk.reads);
      const slots = chunk.days.map((d) => index.get(d));
      for (const [app, users] of out.apps) {
        for (const [user, counts] of chunk.apps.get(app) ?? []) {
          let row = users.get(user);
          for (let j = 0; j < counts.length; j++) {
            const i = slots[j];
            if (i === undefined || counts[j] === 0) continue;
            row ??= new Array<number>(days.length).fill(0);
            row[i] = counts[j]!;
          }
          if (row) users.set(user, row);
        }
      }
    }
    return out;
  }
}

/** Whether the window starts and ends on local midnights of its time zone. */
export function isWholeDays(window: { from: number; to: number; tz: string }): boolean {
  return startOfDayIn(window.from, window.tz) === window.from && startOfDayIn(window.to, window.tz) === window.to;
}
