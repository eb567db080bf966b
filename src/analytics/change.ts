import type { Change } from '../model/report.js';

/** The change from `previous` to `current`; null when either is unknown, relative null when previous is 0. */
export function change(current: number | null, previous: number | null): Change | null {
  if (current === null || previous === null) return null;
  const absolute = current - previous;
  // A rise from nothing has no meaningful percentage.
  return { absolute, relative: previous === 0 ? null : absolute / previous };
}
