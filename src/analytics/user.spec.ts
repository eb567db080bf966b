import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserDays } from '../sources/types.js';
import { userFootprint } from './user.js';

/** Four days; the user's event counts per app (other users are noise). */
function days(counts: number[] | null): UserDays {
  const users = new Map<string, number[]>([['v', [1, 1, 1, 1]]]);
  if (counts) users.set('u', counts);
  return { days: [0, 1, 2, 3], users };
}

describe('userFootprint', () => {
  it("gives the user's apps, timeline and collapsed sequence", () => {
    const starts = [
      { ts: 40, user: 'u', app: 'wiki', session: 's4' },
      { ts: 15, user: 'v', app: 'wiki', session: 's9' }, // another user
      { ts: 20, user: 'u', app: 'tickets', session: 's2' },
      { ts: 60, user: 'u', app: 'chat', session: 's5' },
      { ts: 10, user: 'u', app: 'wiki', session: 's1' },
      { ts: 30, user: 'u', app: 'wiki', session: 's3' },
    ];
    const perApp = new Map([
      ['wiki', days([5, 0, 2, 3])], // range [1, 4): days 2 and 3, 2 + 3 = 5 events
      ['tickets', days([0, 1, 0, 0])], // 1 day, 1 event
      ['chat', days(null)], // a session start but no events counted
      ['docs', days([4, 0, 0, 0])], // lookback only: not listed
      ['calendar', days([0, 0, 2, 0])], // events without a session start
    ]);
    assert.deepEqual(userFootprint('u', starts, perApp, { from: 1, to: 4 }), {
      user: 'u',
      apps: [
        { app: 'wiki', sessions: 3, activeDays: 2, events: 5, first: 10, last: 40 },
        { app: 'chat', sessions: 1, activeDays: 0, events: 0, first: 60, last: 60 }, // ties with tickets: "chat" first
        { app: 'tickets', sessions: 1, activeDays: 1, events: 1, first: 20, last: 20 },
        { app: 'calendar', sessions: 0, activeDays: 1, events: 2, first: null, last: null },
      ],
      timeline: [
        { ts: 10, app: 'wiki', session: 's1' },
        { ts: 20, app: 'tickets', session: 's2' },
        { ts: 30, app: 'wiki', session: 's3' },
        { ts: 40, app: 'wiki', session: 's4' },
        { ts: 60, app: 'chat', session: 's5' },
      ],
      sequence: ['wiki', 'tickets', 'wiki', 'chat'],
    });
  });

  it('is empty for a user with no activity', () => {
    assert.deepEqual(userFootprint('nobody', [], new Map([['wiki', days([1, 1, 1, 1])]]), { from: 0, to: 4 }), {
      user: 'nobody',
      apps: [],
      timeline: [],
      sequence: [],
    });
  });
});
