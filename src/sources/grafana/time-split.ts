/**
 * Reading a list endpoint that has a `limit` but no paging (annotations, state history): ask for
 * a window; if the answer is full, halve the window and ask for each half, so nothing is cut off.
 */
import { DatasourceError } from '../../errors.js';

/** Fetches the items of [from, to) (ms), at most `limit`. */
export type FetchWindow<T> = (from: number, to: number) => Promise<T[]>;

/** All items of [from, to), splitting full answers; `minSpanMs` bounds the splitting. */
export async function readAll<T>(
  name: string,
  what: string,
  window: { from: number; to: number },
  limit: number,
  fetch: FetchWindow<T>,
  minSpanMs: number,
): Promise<T[]> {
  const items = await fetch(window.from, window.to);
  if (items.length < limit) return items;
  if (window.to - window.from <= minSpanMs) {
    throw new DatasourceError('DATASOURCE_LIMIT', name, `Grafana (${name}) has more than ${limit} ${what} within ${minSpanMs} ms`, {
      hint: 'Narrow the period; Grafana cannot page through more than that many at one instant.',
    });
  }
  const middle = window.from + Math.floor((window.to - window.from) / 2);
  const first = await readAll(name, what, { from: window.from, to: middle }, limit, fetch, minSpanMs);
  const second = await readAll(name, what, { from: middle, to: window.to }, limit, fetch, minSpanMs);
  return [...first, ...second];
}
