import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserDays } from '../sources/types.js';
import { activeSummary, adoptionSummary, dailyActive, daysActiveDistribution, lifecycle, retentionCohorts } from './adoption.js';

/** `n` days (day i starts at 1000 + i), each user given as {day index: event count}. */
function userDays(n: number, active: Record<string, Record<number, number>>): UserDays {
  const days = Array.from({ length: n }, (_, i) => 1000 + i);
  const users = new Map<string, number[]>();
  for (const [user, byDay] of Object.entries(active)) {
    users.set(user, days.map((_, i) => byDay[i] ?? 0));
  }
  return { days, users };
}

const empty: UserDays = { days: [], users: new Map() };

describe('dailyActive', () => {
  it('counts DAU and rolling WAU, with WAU unknown before day 6', () => {
    const ud = userDays(10, { a: { 0: 1, 6: 2 }, b: { 3: 1, 9: 1 }, c: { 8: 3 }, d: { 0: 1 } });
    assert.deepEqual(dailyActive(ud, { from: 5, to: 10 }), [
      { day: 1005, dau: 0, wau: null, mau: null }, // 5 - 6 < 0
      { day: 1006, dau: 1, wau: 3, mau: null }, // days 0..6: a, b, d
      { day: 1007, dau: 0, wau: 2, mau: null }, // days 1..7: a, b (d only on day 0)
      { day: 1008, dau: 1, wau: 3, mau: null }, // days 2..8: a, b, c
      { day: 1009, dau: 1, wau: 3, mau: null }, // days 3..9: a, b, c
    ]);
  });

  it('counts rolling MAU over 30 days once the lookback reaches back 29 days', () => {
    const ud = userDays(31, { a: { 0: 1, 30: 1 }, b: { 1: 1 }, c: { 29: 1 }, d: { 30: 4 }, e: { 0: 2 } });
    assert.deepEqual(dailyActive(ud, { from: 28, to: 31 }), [
      { day: 1028, dau: 0, wau: 0, mau: null }, // 28 - 29 < 0
      { day: 1029, dau: 1, wau: 1, mau: 4 }, // days 0..29: a, b, c, e
      // days 1..30: b (day 1 = 30 - 29), c, a (day 30), d; e (day 0) has left; wau 24..30: c, a, d
      { day: 1030, dau: 2, wau: 3, mau: 4 },
    ]);
  });

  it('returns nothing for an empty range, and rejects a range outside the days', () => {
    assert.deepEqual(dailyActive(empty, { from: 0, to: 0 }), []);
    assert.throws(() => dailyActive(userDays(3, {}), { from: 1, to: 4 }), RangeError);
    assert.throws(() => dailyActive(userDays(3, {}), { from: 2, to: 1 }), RangeError);
  });
});

describe('adoptionSummary', () => {
  it('tells new users from returning ones, counting lookback activity and seenBefore', () => {
    const ud = userDays(10, {
      a: { 2: 1, 6: 1, 9: 1 }, // active before the range: returning
      b: { 7: 1 }, // new
      c: { 1: 5 }, // only in the lookback: not a user of the period
      e: { 8: 1 }, // seen in an earlier run: returning
      f: { 5: 1, 9: 1 }, // first day of the range: new
    });
    assert.deepEqual(adoptionSummary(ud, { from: 5, to: 10 }, new Set(['e'])), {
      users: 4, // a, b, e, f
      newUsers: 2, // b, f
      returningUsers: 2, // 4 - 2
      avgDau: 1.2, // DAU on days 5..9: f, a, b, e, a+f = 1 + 1 + 1 + 1 + 2 = 6; 6 / 5
      stickiness: null, // MAU unknown on every day (index < 29)
    });
  });

  it('averages DAU / MAU over the days where MAU is known', () => {
    const ud = userDays(31, { a: { 0: 1, 30: 1 }, b: { 1: 1 }, c: { 29: 1 }, d: { 30: 4 } });
    const s = adoptionSummary(ud, { from: 29, to: 31 }, new Set());
    assert.equal(s.users, 3); // c, a, d
    assert.equal(s.newUsers, 2); // c (first day 29), d (first day 30); a was active on day 0
    assert.equal(s.avgDau, 1.5); // (1 + 2) / 2
    // day 29: 1 / 3; day 30: 2 / 4; mean = (1/3 + 1/2) / 2 = 5/12
    assert.ok(Math.abs(s.stickiness! - 5 / 12) < 1e-12);
  });

  it('leaves days with MAU 0 out of stickiness', () => {
    const ud = userDays(31, { a: { 0: 1 } });
    // day 30: days 1..30 hold no activity, so MAU = 0 and DAU = 0
    assert.deepEqual(adoptionSummary(ud, { from: 30, to: 31 }, new Set()), {
      users: 0,
      newUsers: 0,
      returningUsers: 0,
      avgDau: 0,
      stickiness: null,
    });
  });

  it('is empty without data', () => {
    assert.deepEqual(adoptionSummary(empty, { from: 0, to: 0 }, new Set(['x'])), {
      users: 0,
      newUsers: 0,
      returningUsers: 0,
      avgDau: null,
      stickiness: null,
    });
  });
});

describe('daysActiveDistribution', () => {
  it('counts users by active days in the range, zero buckets included', () => {
    const ud = userDays(6, {
      a: { 2: 1, 3: 1, 4: 1 }, // 3 days
      b: { 5: 2 }, // 1 day
      c: { 0: 9 }, // lookback only: not counted
      d: { 2: 1, 3: 1, 4: 1, 5: 1 }, // 4 days
      e: { 1: 1, 3: 1 }, // 1 day in the range (day 1 is lookback)
    });
    assert.deepEqual(daysActiveDistribution(ud, { from: 2, to: 6 }), [
      { days: 1, users: 2 }, // b, e
      { days: 2, users: 0 },
      { days: 3, users: 1 }, // a
      { days: 4, users: 1 }, // d
    ]);
  });

  it('is empty for an empty range', () => {
    assert.deepEqual(daysActiveDistribution(empty, { from: 0, to: 0 }), []);
  });
});

// 12 days: a lookback [0, 3), then three intervals I0 = [3, 6), I1 = [6, 9), I2 = [9, 12).
const intervals = [
  { from: 3, to: 6 },
  { from: 6, to: 9 },
  { from: 9, to: 12 },
];
const history = userDays(12, {
  a: { 4: 1, 7: 1, 10: 1 }, // I0, I1, I2
  b: { 7: 2 }, // I1 only, first ever
  c: { 1: 1, 10: 1 }, // lookback, then I2
  d: { 4: 1 }, // I0 only
  s: { 10: 1 }, // I2, but seen before this data
  g: { 11: 1 }, // I2, first ever
  h: { 5: 1, 10: 1 }, // I0, I2
  k: { 1: 1 }, // lookback only
});

describe('lifecycle', () => {
  it('classifies users in each interval against the previous one', () => {
    assert.deepEqual(lifecycle(history, intervals, new Set(['s'])), [
      // I1 against I0: b new; a returning; d, h dormant
      { start: 1006, new: 1, returning: 1, resurrecting: 0, dormant: 2 },
      // I2 against I1: g new; a returning; c (lookback), s (seen before), h (I0) resurrecting; b dormant
      { start: 1009, new: 1, returning: 1, resurrecting: 3, dormant: 1 },
    ]);
  });

  it('has no rows with fewer than two intervals', () => {
    assert.deepEqual(lifecycle(history, intervals.slice(0, 1), new Set()), []);
    assert.deepEqual(lifecycle(empty, [], new Set()), []);
  });
});

describe('retentionCohorts', () => {
  it('groups users by the interval of their first activity ever and follows them', () => {
    assert.deepEqual(retentionCohorts(history, intervals, new Set(['s'])), [
      // a [1,1,1] + d [1,0,0] + h [1,0,1] = [3,1,2]; c and k started in the lookback, s was seen before
      { start: 1003, size: 3, retained: [3, 1, 2] },
      { start: 1006, size: 1, retained: [1, 0] }, // b
      { start: 1009, size: 1, retained: [1] }, // g
    ]);
  });

  it('keeps empty cohorts and is empty without intervals', () => {
    const ud = userDays(4, { a: { 0: 1, 3: 1 } });
    assert.deepEqual(
      retentionCohorts(ud, [
        { from: 0, to: 2 },
        { from: 2, to: 4 },
      ], new Set()),
      [
        { start: 1000, size: 1, retained: [1, 1] },
        { start: 1002, size: 0, retained: [0] },
      ],
    );
    assert.deepEqual(retentionCohorts(empty, [], new Set()), []);
  });
});

describe('activeSummary', () => {
  it('averages DAU and DAU / MAU over the days with a known MAU', () => {
    // dau 2, 4, 0; mau 4, 8, 0 -> avg DAU (2 + 4 + 0) / 3 = 2; stickiness mean(2/4, 4/8) = 0.5 (the MAU-0 day is skipped)
    assert.deepEqual(activeSummary({ days: [0, 1, 2], dau: [2, 4, 0], wau: [3, 5, 1], mau: [4, 8, 0] }), { avgDau: 2, stickiness: 0.5 });
    assert.deepEqual(activeSummary({ days: [], dau: [], wau: [], mau: [] }), { avgDau: null, stickiness: null });
  });
});
