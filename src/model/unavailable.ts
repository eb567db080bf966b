/** The appendix's unavailable data, one row per reason: a backend that failed once is said once. */
import type { Unavailable } from './report.js';

/** Entries that share a datasource and a reason. */
export interface UnavailableGroup {
  datasource: string;
  reason: string;
  /** What is missing, and the section it belongs to (a section id), in report order. */
  items: { what: string; section: string }[];
}

/** Groups entries by datasource and reason, in the order each group first appears. */
export function groupByReason(entries: readonly Unavailable[]): UnavailableGroup[] {
  const groups = new Map<string, UnavailableGroup>();
  for (const entry of entries) {
    const key = JSON.stringify([entry.datasource, entry.reason]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { datasource: entry.datasource, reason: entry.reason, items: [] }));
    group.items.push({ what: entry.what, section: entry.section });
  }
  return [...groups.values()];
}
