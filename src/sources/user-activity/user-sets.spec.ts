import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserActivity } from './day-store.js';
import { activeSet, activeUserCounts, lifecycleRows, retentionCohorts } from './user-sets.js';

const DAY = 86_400_000;
const day = (i: number): number => Date.UTC(2026, 0, 1) + i * DAY;

/** Activity on days [first, first + n) of `users`: user -> active day numbers. */
function activity(first: number, n: number, apps: Record<string, Record<string, number[]>>): UserActivity {
  const days = Array.from({ length: n }, (_, i) => day(first + i));
  const out: UserActivity = { days, apps: new Map(), reads: [] };
  for (const [app, users] of Object.entries(apps)) {
    out.apps.set(app, new Map(Object.entries(users).map(([u, active]) => [u, days.map((_, i) => (active.includes(first + i) ? 2 : 0))])));
  }
  return out;
}

describe('user sets', () => {
  it('counts a user of two apps once', () => {
    const a = activity(0, 3, { dice: { u1: [0], u2: [2] }, wiki: { u1: [1], u3: [1] } });
    assert.deepEqual([...activeSet(a, ['dice', 'wiki'])].sort(), ['u1', 'u2', 'u3']);
    assert.deepEqual([...activeSet(a, ['wiki'])].sort(), ['u1', 'u3']);
  });

  it('counts DAU, and 7- and 30-day users reaching into the lookback', () => {
    // Lookback: days 0..29 (29 before the window's first day 29 ... the window is days 30 and 31).
    const lookback = activity(1, 29, { dice: { a: [1], b: [24], c: [29] }, wiki: { d: [23] } });
    const window = activity(30, 2, { dice: { c: [31] }, wiki: { e: [30], b: [30] } });
    const axis = Array.from({ length: 31 }, (_, i) => day(1 + i));
    const counts = activeUserCounts(window, lookback, axis, ['dice', 'wiki']);
    // Day 30: 7 days = 24..30 -> b, c, e; 30 days = 1..30 -> a, b, c, d, e. Day 31: 25..31 -> b, c, e; 2..31 -> b, c, d, e.
    assert.deepEqual(counts, { days: [day(30), day(31)], dau: [2, 1], wau: [3, 3], mau: [5, 4] });
    // Dice only (b on day 24, c on 29 and 31, a on 1): day 30: 24..30 -> b, c; 1..30 -> a, b, c. Day 31: 25..31 -> c; 2..31 -> b, c.
    assert.deepEqual(activeUserCounts(window, lookback, axis, ['dice']), { days: [day(30), day(31)], dau: [0, 1], wau: [2, 1], mau: [3, 2] });
  });

  it('sorts users into new, returning, resurrecting and dormant', () => {
    const active = [new Set(['a', 'b', 'c']), new Set(['a', 'd', 'e']), new Set(['d', 'b'])];
    const before = [new Set(['b', 'e']), new Set(['a', 'b', 'c', 'e']), new Set(['a', 'b', 'c', 'd', 'e'])];
    assert.deepEqual(lifecycleRows([10, 20, 30], active, before), [
      // a returns; d is new; e was seen before the history's end: resurrecting; b and c went dormant.
      { start: 20, new: 1, returning: 1, resurrecting: 1, dormant: 2 },
      // d returns; b comes back; a and e went dormant.
      { start: 30, new: 0, returning: 1, resurrecting: 1, dormant: 2 },
    ]);
    assert.deepEqual(lifecycleRows([10], [active[0]!], [before[0]!]), []);
  });

  it('follows each interval\'s new users through the later ones', () => {
    const active = [new Set(['a', 'b', 'c']), new Set(['a', 'd']), new Set(['b', 'd'])];
    const before = [new Set(['c']), new Set(['a', 'b', 'c']), new Set(['a', 'b', 'c', 'd'])];
    assert.deepEqual(retentionCohorts([10, 20, 30], active, before), [
      { start: 10, size: 2, retained: [2, 1, 1] },
      { start: 20, size: 1, retained: [1, 1] },
      { start: 30, size: 0, retained: [0] },
    ]);
  });
});
