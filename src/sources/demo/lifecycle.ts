/** app_start / app_stop events of an app in a window, from its process timeline. */
import type { DemoApp, DemoOrg } from './org.js';
import type { Process } from './ops.js';

/** One lifecycle log event. */
export interface LifecycleRecord {
  ts: number;
  kind: 'start' | 'stop';
  process: Process;
  /** A start whose previous process crashed (no app_stop before it). */
  afterCrash: boolean;
}

/** Lifecycle events with from <= ts < to (and inside the organisation's data range), in time order. */
export function lifecycleRecords(org: DemoOrg, app: DemoApp, from: number, to: number): LifecycleRecord[] {
  const lo = Math.max(from, org.range.start);
  const hi = Math.min(to, org.range.end);
  const out: LifecycleRecord[] = [];
  const list = app.ops.processes;
  list.forEach((process, i) => {
    if (process.start >= lo && process.start < hi) {
      out.push({ ts: process.start, kind: 'start', process, afterCrash: list[i - 1]?.ended === 'crash' });
    }
    if (process.ended === 'stop' && process.end >= lo && process.end < hi) {
      out.push({ ts: process.end, kind: 'stop', process, afterCrash: false });
    }
  });
  return out.sort((a, b) => a.ts - b.ts);
}
