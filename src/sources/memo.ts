/**
 * Run-wide memoisation of source answers: when many reports are built in one run (every
 * stakeholder's reports), each distinct question reaches the backend once. The queries noted
 * while answering are replayed for every later caller, so each report's appendix still lists
 * the queries behind its figures.
 */
import { collectNotes, replayNotes, type QueryNote } from './query-log.js';

/** How many questions were asked, and how many reached the source. */
export interface MemoStats {
  asked: number;
  answered: number;
}

/** Wraps every method of `source` so that equal calls (same method, same arguments) share one answer. */
export function memoize<T extends object>(source: T, stats: MemoStats): T {
  const answers = new Map<string, Promise<{ value: unknown; notes: QueryNote[] }>>();
  return new Proxy(source, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        stats.asked++;
        const key = `${String(property)}\u0000${JSON.stringify(args)}`;
        let pending = answers.get(key);
        if (!pending) {
          stats.answered++;
          pending = collectNotes(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
          answers.set(key, pending);
        }
        const { value: answer, notes } = await pending;
        replayNotes(notes);
        return answer;
      };
    },
  });
}
