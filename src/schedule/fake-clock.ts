/**
 * A clock that only moves when a test says so (test double; excluded from the build).
 * `advanceTo` wakes sleepers in time order and lets the code they resume run before moving
 * on, so a daemon under test behaves as it would over the same stretch of real time.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from './clock.js';

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

/** A manual clock for tests. */
export class ManualClock implements Clock {
  private current: number;
  private readonly sleepers: Sleeper[] = [];

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const sleeper: Sleeper = { wakeAt: this.current + ms, resolve };
      const wake = () => {
        const i = this.sleepers.indexOf(sleeper);
        if (i >= 0) this.sleepers.splice(i, 1);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      sleeper.resolve = wake;
      signal?.addEventListener('abort', wake, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** Number of pending sleeps (to wait until the code under test is idle). */
  get waiting(): number {
    return this.sleepers.length;
  }

  /** Moves time forward to `target`, waking each sleeper at its own instant. */
  async advanceTo(target: number): Promise<void> {
    for (;;) {
      await settle();
      const due = this.sleepers.filter((s) => s.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.wakeAt);
      due.resolve();
    }
    this.current = Math.max(this.current, target);
    await settle();
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.current + ms);
  }
}

/** Lets pending promise chains and I/O callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await nextTurn();
}
