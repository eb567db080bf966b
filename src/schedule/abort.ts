/** Abandoning work when a run must stop: the run moves on at once, the work is left to be discarded. */

/** Thrown inside a run when its signal aborts. */
export class RunInterrupted extends Error {
  constructor() {
    super('the run was stopped');
    this.name = 'RunInterrupted';
  }
}

/** `work`'s result, or RunInterrupted as soon as `signal` aborts (the work itself goes on unobserved). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // An abandoned piece of work that fails later must not become an unhandled rejection.
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(new RunInterrupted());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RunInterrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
