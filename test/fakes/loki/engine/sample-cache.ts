/**
 * One read per kind of range aggregation and query: packed queries hold dozens of range
 * aggregations over the same lines at different offsets (a month of 30-day windows). The
 * windows are announced first (`plan`), the lines of their union read and extracted once, and
 * each range aggregation takes its slice. Only the fake's speed changes, not its answers.
 */
import type { Sample } from './extract.js';

interface Entry {
  from: bigint;
  to: bigint;
  samples?: Sample[];
}

/** Extracted lines by extraction key, read once over the union of the planned windows. */
export class SampleCache {
  private readonly entries = new Map<string, Entry>();

  /** Announces that the lines of [from, to) will be asked for under `key`. */
  plan(key: string, from: bigint, to: bigint): void {
    const e = this.entries.get(key);
    if (!e) this.entries.set(key, { from, to });
    else {
      if (from < e.from) e.from = from;
      if (to > e.to) e.to = to;
    }
  }

  /** The samples of [from, to), in time order; `load` reads a range when the plan does not cover it. */
  samples(key: string, from: bigint, to: bigint, load: (from: bigint, to: bigint) => Sample[]): Sample[] {
    const e = this.entries.get(key);
    if (!e || from < e.from || to > e.to) return load(from, to);
    e.samples ??= load(e.from, e.to);
    const all = e.samples;
    return all.slice(lowerBound(all, from), lowerBound(all, to));
  }
}

/** First index whose time is >= t. */
function lowerBound(samples: Sample[], t: bigint): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.tsNs < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
