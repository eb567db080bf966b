/**
 * Time as the scheduler sees it. Everything that waits or asks the time goes through a Clock,
 * so tests can drive days of schedule (DST changes included) in milliseconds with a manual one.
 */

/** The current time and a way to wait. */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /** Resolves after `ms` (at once when ms <= 0), or early, without error, when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Node's timers can wait at most 2^31-1 ms; longer waits are done in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (ms <= 0 || signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, MAX_TIMER_MS));
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};
