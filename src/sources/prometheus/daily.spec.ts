import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daySpans, groupDays } from './daily.js';

const H = 3_600_000;

describe('daily plan', () => {
  it('groups 24 h days into runs and leaves DST days alone (Europe/Berlin, March 2026)', () => {
    // Local midnights: 26-28 March at UTC+1, 30-31 March at UTC+2; 29 March has 23 h.
    const from = Date.UTC(2026, 2, 25, 23);
    const to = Date.UTC(2026, 2, 31, 22);
    const days = daySpans({ from, to, tz: 'Europe/Berlin' });
    assert.deepEqual(
      days.map((d) => (d.end - d.start) / H),
      [24, 24, 24, 23, 24, 24],
    );
    assert.equal(days[3]!.end, Date.UTC(2026, 2, 29, 22));
    assert.deepEqual(groupDays(days), { runs: [{ first: 0, last: 2 }, { first: 4, last: 5 }], singles: [3] });
  });

  it('keeps the first and last day whole when the window cuts them', () => {
    const days = daySpans({ from: Date.UTC(2026, 0, 1, 6), to: Date.UTC(2026, 0, 4, 12), tz: 'UTC' });
    assert.deepEqual(
      days.map((d) => [d.day, d.start, d.end]),
      [1, 2, 3, 4].map((d) => [Date.UTC(2026, 0, d), Date.UTC(2026, 0, d), Date.UTC(2026, 0, d + 1)]),
    );
    assert.deepEqual(groupDays(days), { runs: [{ first: 0, last: 3 }], singles: [] });
  });

  it('asks a lone 24 h day with an instant query', () => {
    const days = daySpans({ from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 2), tz: 'UTC' });
    assert.deepEqual(groupDays(days), { runs: [], singles: [0] });
  });
});
