import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserDays } from '../sources/types.js';
import { activeSummary, adoptionSummary, dailyActive, daysActiveDistribution, daysToAverage, lifecycle, retentionCohorts } from './adoption.js';

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

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** UTC midnights of 1, 2, 3 and 4 Nov 2026. */
const [D1, D2, D3, D4] = [0, 1, 2, 3].map((k) => Date.UTC(2026, 10, 1) + k * DAY) as [number, number, number, number];

describe('activeSummary', () => {
  it('averages DAU and DAU / MAU over the days with a known MAU', () => {
    // A whole-days window of 3 days: dau 2, 4, 0; mau 4, 8, 0 -> avg DAU (2 + 4 + 0) / 3 = 2;
    // stickiness mean(2/4, 4/8) = 0.5 (the MAU-0 day is skipped)
    const window = { from: D1, to: D4, tz: 'UTC' };
    assert.deepEqual(activeSummary({ days: [D1, D2, D3], dau: [2, 4, 0], wau: [3, 5, 1], mau: [4, 8, 0] }, window), {
      avgDau: 2,
      stickiness: 0.5,
      averaged: { days: 3, partial: false, leftOut: 0 },
    });
    assert.deepEqual(activeSummary({ days: [], dau: [], wau: [], mau: [] }, window), { avgDau: null, stickiness: null, averaged: { days: 0, partial: false, leftOut: 0 } });
  });

  it('leaves a partial last day (a period to date, now 14:30 on 3 Nov) out of the means', () => {
    // Window 1 Nov 00:00 .. 3 Nov 14:30 UTC: days 1 and 2 Nov are whole, 3 Nov is partial.
    // dau 10, 20, 3; mau 40, 40, 41 -> avg DAU (10 + 20) / 2 = 15 (not 33 / 3 = 11);
    // stickiness mean(10/40, 20/40) = (0.25 + 0.5) / 2 = 0.375
    const window = { from: D1, to: D3 + 14.5 * HOUR, tz: 'UTC' };
    assert.deepEqual(activeSummary({ days: [D1, D2, D3], dau: [10, 20, 3], wau: [0, 0, 0], mau: [40, 40, 41] }, window), {
      avgDau: 15,
      stickiness: 0.375,
      averaged: { days: 2, partial: false, leftOut: 1 },
    });
  });

  it('leaves a partial first day (a window from 06:00) out of the means', () => {
    // Window 1 Nov 06:00 .. 4 Nov 00:00 UTC: 1 Nov is partial, 2 and 3 Nov are whole.
    // dau 4, 8, 12; mau 8, 16, 16 -> avg DAU (8 + 12) / 2 = 10; stickiness mean(8/16, 12/16) = (0.5 + 0.75) / 2 = 0.625
    const window = { from: D1 + 6 * HOUR, to: D4, tz: 'UTC' };
    assert.deepEqual(activeSummary({ days: [D1, D2, D3], dau: [4, 8, 12], wau: [0, 0, 0], mau: [8, 16, 16] }, window), {
      avgDau: 10,
      stickiness: 0.625,
      averaged: { days: 2, partial: false, leftOut: 1 },
    });
  });

  it('with no whole day (a period to date that began today) averages the day so far and says so', () => {
    // Window 1 Nov 00:00 .. 09:00 UTC: only 1 Nov, partial. dau 7, mau 28 -> avg DAU 7, stickiness 7/28 = 0.25
    const window = { from: D1, to: D1 + 9 * HOUR, tz: 'UTC' };
    assert.deepEqual(activeSummary({ days: [D1], dau: [7], wau: [7], mau: [28] }, window), {
      avgDau: 7,
      stickiness: 0.25,
      averaged: { days: 1, partial: true, leftOut: 0 },
    });
  });

  it('finds whole days by local midnights, across a 25-hour day', () => {
    // Europe/Berlin, 24 Oct 2026 00:00 CEST .. 25 Oct 23:30 CET (the clocks go back at 03:00 on 25 Oct).
    // 25 Oct runs to 26 Oct 00:00 CET, 25 hours after it began: at 23:30 it is not over, although
    // 24 hours have passed. dau 6, 2; mau 12, 12 -> avg DAU 6 (24 Oct only, not (6 + 2) / 2 = 4); stickiness 6/12 = 0.5
    const oct24 = Date.parse('2026-10-24T00:00:00+02:00');
    const oct25 = Date.parse('2026-10-25T00:00:00+02:00');
    const window = { from: oct24, to: Date.parse('2026-10-25T23:30:00+01:00'), tz: 'Europe/Berlin' };
    assert.equal(window.to - oct25, 24.5 * HOUR);
    assert.deepEqual(activeSummary({ days: [oct24, oct25], dau: [6, 2], wau: [0, 0], mau: [12, 12] }, window), {
      avgDau: 6,
      stickiness: 0.5,
      averaged: { days: 1, partial: false, leftOut: 1 },
    });
  });
});

describe('daysToAverage', () => {
  it('picks the days lying wholly in the window', () => {
    // 1 Nov 00:00 .. 4 Nov 00:00 UTC: all three whole; to 3 Nov 00:01: 1 and 2 Nov (3 Nov has one minute).
    assert.deepEqual(daysToAverage([D1, D2, D3], { from: D1, to: D4, tz: 'UTC' }), { indices: [0, 1, 2], basis: { days: 3, partial: false, leftOut: 0 } });
    assert.deepEqual(daysToAverage([D1, D2, D3], { from: D1, to: D3 + 60_000, tz: 'UTC' }), { indices: [0, 1], basis: { days: 2, partial: false, leftOut: 1 } });
  });
});

describe('adoptionSummary over a window', () => {
  it('takes mean DAU over the whole days of the window', () => {
    // Days 1, 2, 3 Nov; a active on all three, b on 2 Nov, c on 3 Nov: DAU 1, 2, 2.
    // Window 1 Nov .. 3 Nov 10:00 UTC: 3 Nov is partial -> avg DAU (1 + 2) / 2 = 1.5 (not 5 / 3);
    // MAU is unknown (less than 30 days of data), so stickiness is null.
    const ud: UserDays = {
      days: [D1, D2, D3],
      users: new Map([
        ['a', [1, 1, 1]],
        ['b', [0, 1, 0]],
        ['c', [0, 0, 1]],
      ]),
    };
    assert.deepEqual(adoptionSummary(ud, { from: 0, to: 3 }, new Set(), { from: D1, to: D3 + 10 * HOUR, tz: 'UTC' }), {
      users: 3,
      newUsers: 3,
      returningUsers: 0,
      avgDau: 1.5,
      stickiness: null,
    });
  });
});
