import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DayStore, isWholeDays, type DayChunk } from './day-store.js';

// Berlin midnights around the spring DST change (Sunday 2026-03-29 has 23 h).
const D = [Date.UTC(2026, 2, 27, 23), Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22), Date.UTC(2026, 2, 30, 22), Date.UTC(2026, 2, 31, 22)];
const TZ = 'Europe/Berlin';

function chunk(i: number, j: number, users: Record<string, number[]>): DayChunk {
  return { from: D[i]!, to: D[j]!, days: D.slice(i, j), apps: new Map([['dice', new Map(Object.entries(users))]]), reads: [`read ${i}-${j}`] };
}

describe('DayStore', () => {
  it('tells which parts of a range are not read yet', () => {
    const store = new DayStore(TZ);
    assert.deepEqual(store.gaps(D[0]!, D[4]!), [{ from: D[0], to: D[4] }]);
    assert.equal(store.add(chunk(1, 2, {})), true);
    assert.equal(store.add(chunk(3, 4, {})), true);
    assert.deepEqual(store.gaps(D[0]!, D[4]!), [{ from: D[0], to: D[1] }, { from: D[2], to: D[3] }]);
    assert.deepEqual(store.gaps(D[1]!, D[2]!), []);
  });

  it('refuses a chunk that overlaps one it keeps (days would count twice)', () => {
    const store = new DayStore(TZ);
    assert.equal(store.add(chunk(0, 2, {})), true);
    assert.equal(store.add(chunk(1, 3, {})), false);
    assert.equal(store.add(chunk(2, 3, {})), true);
  });

  it('assembles per-user days of a range from several chunks', () => {
    const store = new DayStore(TZ);
    store.add(chunk(0, 2, { u1: [1, 0], u2: [0, 3] }));
    store.add(chunk(2, 4, { u1: [0, 0], u3: [2, 5] }));
    const a = store.activity(D[1]!, D[4]!, ['dice', 'wiki']);
    assert.deepEqual(a.days, D.slice(1, 4));
    // u1 had nothing in the range: absent, not a row of zeros.
    assert.deepEqual([...a.apps.get('dice')!], [['u2', [3, 0, 0]], ['u3', [0, 2, 5]]]);
    assert.deepEqual([...a.apps.get('wiki')!], []);
    assert.deepEqual(a.reads, ['read 0-2', 'read 2-4']);
  });

  it('knows whole local days', () => {
    assert.equal(isWholeDays({ from: D[0]!, to: D[2]!, tz: TZ }), true);
    assert.equal(isWholeDays({ from: D[0]! + 1, to: D[2]!, tz: TZ }), false);
    assert.equal(isWholeDays({ from: D[0]!, to: D[2]!, tz: 'UTC' }), false);
  });
});
