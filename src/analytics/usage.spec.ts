import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SESSION_LENGTH_BOUNDS_MS, type UserDays } from '../sources/types.js';
import { featureTable, sessionLengthBuckets, sessionsPerUserBuckets, topUsers } from './usage.js';

describe('featureTable', () => {
  const features = [
    { feature: 'export', events: 5, users: 2 },
    { feature: 'search', events: 9, users: 4 },
    { feature: 'share', events: 5, users: 3 },
    { feature: 'beta', events: 5, users: 3 }, // observed, not in the config
    { feature: 'legacy', events: 0, users: 0 },
  ];
  const known = ['search', 'share', 'print', 'legacy', 'export'];

  it('sorts by events, then users, then name, with the share of active users', () => {
    assert.deepEqual(featureTable(features, known, 8), {
      rows: [
        { feature: 'search', events: 9, users: 4, userShare: 0.5 }, // 4 / 8
        { feature: 'beta', events: 5, users: 3, userShare: 0.375 }, // 3 / 8; ties with share, "beta" < "share"
        { feature: 'share', events: 5, users: 3, userShare: 0.375 },
        { feature: 'export', events: 5, users: 2, userShare: 0.25 }, // 2 / 8
      ],
      neverUsed: ['print', 'legacy'], // absent, and 0 events; in config order
    });
  });

  it('has no user share when active users are unknown or 0', () => {
    for (const active of [null, 0]) {
      assert.deepEqual(
        featureTable(features, known, active).rows.map((r) => r.userShare),
        [null, null, null, null],
      );
    }
  });

  it('lists every known feature as never used without data', () => {
    assert.deepEqual(featureTable([], known, 10), { rows: [], neverUsed: known });
    assert.deepEqual(featureTable([], [], null), { rows: [], neverUsed: [] });
  });
});

describe('sessionsPerUserBuckets', () => {
  it('puts each user in the bucket of their session count, bounds included', () => {
    const perUser = new Map(
      Object.entries({ a: 1, k: 1, b: 2, c: 3, d: 5, e: 6, f: 10, g: 11, h: 20, i: 21, j: 300, z: 0 }),
    );
    assert.deepEqual(sessionsPerUserBuckets(perUser), [
      { label: '1', min: 1, max: 1, count: 2 }, // a, k
      { label: '2', min: 2, max: 2, count: 1 }, // b
      { label: '3–5', min: 3, max: 5, count: 2 }, // c, d
      { label: '6–10', min: 6, max: 10, count: 2 }, // e, f
      { label: '11–20', min: 11, max: 20, count: 2 }, // g, h
      { label: '21+', min: 21, max: null, count: 2 }, // i, j; z (0 sessions) is in none
    ]);
  });

  it('gives zero buckets without users', () => {
    assert.deepEqual(
      sessionsPerUserBuckets(new Map()).map((b) => b.count),
      [0, 0, 0, 0, 0, 0],
    );
  });
});

describe('sessionLengthBuckets', () => {
  it('labels the standard session-length histogram', () => {
    const counts = [4, 3, 2, 1, 0, 5, 6];
    const buckets = sessionLengthBuckets({ bounds: [...SESSION_LENGTH_BOUNDS_MS], counts, count: 21, sum: 0 });
    assert.deepEqual(buckets, [
      { label: '≤ 1 min', min: 0, max: 60_000, count: 4 },
      { label: '1–5 min', min: 60_001, max: 300_000, count: 3 },
      { label: '5–15 min', min: 300_001, max: 900_000, count: 2 },
      { label: '15–30 min', min: 900_001, max: 1_800_000, count: 1 },
      { label: '30 min–1 h', min: 1_800_001, max: 3_600_000, count: 0 },
      { label: '1–2 h', min: 3_600_001, max: 7_200_000, count: 5 },
      { label: '> 2 h', min: 7_200_001, max: null, count: 6 },
    ]);
  });

  it('labels other bounds in the largest exact unit', () => {
    const buckets = sessionLengthBuckets({ bounds: [1500, 30_000, 90_000], counts: [1, 2, 3, 4], count: 10, sum: 0 });
    assert.deepEqual(
      buckets.map((b) => b.label),
      ['≤ 1500 ms', '1500 ms–30 s', '30–90 s', '> 90 s'],
    );
  });

  it('has one open bucket without bounds', () => {
    assert.deepEqual(sessionLengthBuckets({ bounds: [], counts: [0], count: 0, sum: 0 }), [
      { label: 'any length', min: 0, max: null, count: 0 },
    ]);
  });
});

describe('topUsers', () => {
  const ud: UserDays = {
    days: [0, 1, 2, 3, 4],
    users: new Map([
      ['a', [9, 1, 1, 0, 0]], // range [1, 5): 2 events, 2 days
      ['b', [0, 2, 0, 0, 0]], // 2 events, 1 day
      ['c', [0, 0, 1, 0, 1]], // 2 events, 2 days: ties with a, "a" < "c"
      ['d', [0, 5, 0, 0, 0]], // 5 events, 1 day
      ['e', [7, 0, 0, 0, 0]], // lookback only: not listed
    ]),
  };
  const range = { from: 1, to: 5 };

  it('ranks by events, then active days, then id, with sessions from the map', () => {
    assert.deepEqual(topUsers(ud, range, new Map([['d', 4], ['a', 1]]), 3), [
      { user: 'd', events: 5, activeDays: 1, sessions: 4 },
      { user: 'a', events: 2, activeDays: 2, sessions: 1 },
      { user: 'c', events: 2, activeDays: 2, sessions: 0 }, // not in the map
    ]);
  });

  it('has unknown sessions without the map, and all users when n is large', () => {
    assert.deepEqual(
      topUsers(ud, range, null, 10).map((u) => [u.user, u.sessions]),
      [['d', null], ['a', null], ['c', null], ['b', null]],
    );
    assert.deepEqual(topUsers(ud, range, null, 0), []);
    assert.deepEqual(topUsers({ days: [], users: new Map() }, { from: 0, to: 0 }, null, 5), []);
  });
});
