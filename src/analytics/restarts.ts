/** Process starts, restarts and crashes, from metrics (process_start_time_seconds) or app_start/app_stop logs. */
import type { LifecycleEvent, ProcessStart } from '../sources/types.js';
import type { Window } from '../time/window.js';
import { compareText } from './sequence.js';

/** A process start of one instance, whichever source it came from. */
export interface StartEvent {
  instance: string;
  ts: number;
}

/** Starts in [window.from, window.to) by time: from metrics if known, else from lifecycle logs, else null. */
export function startsInWindow(
  window: Window,
  starts: readonly ProcessStart[] | null,
  lifecycle: readonly LifecycleEvent[] | null,
): StartEvent[] | null {
  const source: readonly StartEvent[] | null = starts ?? lifecycle?.filter((e) => e.kind === 'start') ?? null;
  if (source === null) return null;
  return source
    .filter((s) => s.ts >= window.from && s.ts < window.to)
    .map(({ instance, ts }) => ({ instance, ts }))
    .sort((a, b) => a.ts - b.ts || compareText(a.instance, b.instance));
}

/**
 * Starts whose instance's latest lifecycle event strictly before them is not a graceful stop:
 * the process before them ended without one. A start with no earlier event of its instance is
 * not counted: nothing says it crashed. `lifecycle` may reach back before the starts' window
 * (the first start of a period is a crash when the process before it crashed).
 */
export function countCrashes(starts: readonly StartEvent[], lifecycle: readonly LifecycleEvent[]): number {
  const byInstance = byInstanceSorted(lifecycle);
  let crashes = 0;
  for (const s of starts) {
    const previous = latestBefore(byInstance.get(s.instance) ?? [], s.ts);
    if (previous && previous.kind !== 'stop') crashes++;
  }
  return crashes;
}

/** Whether some start has no lifecycle event of its instance before it in `lifecycle`: telling if it was a crash needs earlier events. */
export function needsEarlierEvents(starts: readonly StartEvent[], lifecycle: readonly LifecycleEvent[]): boolean {
  const byInstance = byInstanceSorted(lifecycle);
  return starts.some((s) => latestBefore(byInstance.get(s.instance) ?? [], s.ts) === undefined);
}

function byInstanceSorted(lifecycle: readonly LifecycleEvent[]): Map<string, LifecycleEvent[]> {
  const byInstance = new Map<string, LifecycleEvent[]>();
  for (const e of lifecycle) {
    const list = byInstance.get(e.instance) ?? [];
    list.push(e);
    byInstance.set(e.instance, list);
  }
  // Stable sort: events of one instance at the same ms keep their input order.
  for (const list of byInstance.values()) list.sort((a, b) => a.ts - b.ts);
  return byInstance;
}

/** The last event with ts < `ts` in a list sorted by ts (binary search). */
function latestBefore(sorted: readonly LifecycleEvent[], ts: number): LifecycleEvent | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo - 1];
}
