/** The scrape grid: every whole minute of the data range, and the process each scrape finds. */
import { MINUTE_MS } from '../../time/window.js';
import type { DemoApp, DemoOrg } from './org.js';
import type { Process } from './ops.js';

/** First scrape of the data range and the last one (inclusive). */
export function scrapeBounds(org: DemoOrg): { first: number; last: number } {
  return {
    first: Math.ceil(org.range.start / MINUTE_MS) * MINUTE_MS,
    last: Math.floor((org.range.end - 1) / MINUTE_MS) * MINUTE_MS,
  };
}

/**
 * Walks the scrapes m in [from, to] (both inclusive, clipped to the data range) in order: after
 * each `next()` that returns true, `m` is the scrape time and `process` the process alive then
 * (undefined while the app is down). A cursor rather than a callback keeps hot loops free of
 * boxed numbers.
 */
export class ScrapeCursor {
  m: number;
  process: Process | undefined;
  private readonly last: number;
  private readonly list: readonly Process[];
  private index = 0;

  constructor(org: DemoOrg, app: DemoApp, from: number, to: number) {
    const bounds = scrapeBounds(org);
    this.m = Math.max(bounds.first, Math.ceil(from / MINUTE_MS) * MINUTE_MS) - MINUTE_MS;
    this.last = Math.min(bounds.last, Math.floor(to / MINUTE_MS) * MINUTE_MS);
    this.list = app.ops.processes;
  }

  next(): boolean {
    const m = this.m + MINUTE_MS;
    if (m > this.last) return false;
    this.m = m;
    const list = this.list;
    while (this.index < list.length && list[this.index]!.end <= m) this.index++;
    const p = list[this.index];
    this.process = p && p.start <= m ? p : undefined;
    return true;
  }
}

/** Calls `visit` for each scrape of a ScrapeCursor over [from, to]. */
export function forEachScrape(
  org: DemoOrg,
  app: DemoApp,
  from: number,
  to: number,
  visit: (m: number, p: Process | undefined) => void,
): void {
  for (const cursor = new ScrapeCursor(org, app, from, to); cursor.next(); ) visit(cursor.m, cursor.process);
}

/** Step points of a range query over a window: from + 60 s, from + 120 s, ... up to `to`. */
export function stepCount(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / MINUTE_MS));
}
