import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localIso, parseInstant, resolveWallTime } from './wall-time.js';

const BERLIN = 'Europe/Berlin';

describe('resolveWallTime', () => {
  it('names one instant on an ordinary day', () => {
    assert.deepEqual(resolveWallTime({ year: 2026, month: 11, day: 23 }, { hour: 7, minute: 0, second: 0 }, BERLIN), {
      instants: [Date.parse('2026-11-23T06:00:00Z')],
    });
  });

  it('names none in the spring gap, and says when the gap ended (03:00 CEST = 01:00 UTC)', () => {
    assert.deepEqual(resolveWallTime({ year: 2026, month: 3, day: 29 }, { hour: 2, minute: 30, second: 0 }, BERLIN), {
      instants: [],
      gapEnd: Date.parse('2026-03-29T01:00:00Z'),
    });
  });

  it('names two in the autumn overlap, in order', () => {
    assert.deepEqual(resolveWallTime({ year: 2026, month: 10, day: 25 }, { hour: 2, minute: 30, second: 0 }, BERLIN).instants, [
      Date.parse('2026-10-25T00:30:00Z'),
      Date.parse('2026-10-25T01:30:00Z'),
    ]);
  });

  it('handles a zone east of UTC across the date line (Auckland, DST ends 5 April 2026 at 03:00)', () => {
    assert.deepEqual(resolveWallTime({ year: 2026, month: 4, day: 5 }, { hour: 2, minute: 30, second: 0 }, 'Pacific/Auckland').instants, [
      Date.parse('2026-04-04T13:30:00Z'),
      Date.parse('2026-04-04T14:30:00Z'),
    ]);
  });
});

describe('localIso and parseInstant', () => {
  it('shows an instant with its local offset', () => {
    assert.equal(localIso(Date.parse('2026-03-29T01:00:00Z'), BERLIN), '2026-03-29T03:00:00+02:00');
    assert.equal(localIso(Date.parse('2026-11-23T06:00:00Z'), 'America/New_York'), '2026-11-23T01:00:00-05:00');
  });

  it('reads a time without offset in the zone, one with an offset as is', () => {
    assert.equal(parseInstant('2026-11-23T07:00', BERLIN), Date.parse('2026-11-23T06:00:00Z'));
    assert.equal(parseInstant('2026-11-23', BERLIN), Date.parse('2026-11-22T23:00:00Z'));
    assert.equal(parseInstant('2026-11-23T07:00:00Z', BERLIN), Date.parse('2026-11-23T07:00:00Z'));
    assert.equal(parseInstant('2026-11-23T07:00:00+05:30', BERLIN), Date.parse('2026-11-23T01:30:00Z'));
    assert.equal(parseInstant('2026-02-30T07:00', BERLIN), null);
    assert.equal(parseInstant('next monday', BERLIN), null);
  });

  it('refuses an impossible date or offset with an offset too, and reads fractions of a second either way', () => {
    assert.equal(parseInstant('2026-02-30T10:00Z', BERLIN), null);
    assert.equal(parseInstant('2026-11-23T24:00Z', BERLIN), null);
    assert.equal(parseInstant('2026-11-23T07:00+25:00', BERLIN), null);
    assert.equal(parseInstant('2026-11-23Z', BERLIN), null);
    assert.equal(parseInstant('2026-11-23T06:00:00-0100', BERLIN), Date.parse('2026-11-23T07:00:00Z'));
    assert.equal(parseInstant('2026-11-23T07:00:15.250', BERLIN), Date.parse('2026-11-23T06:00:15.250Z'));
    assert.equal(parseInstant('2026-11-23T07:00:15.25Z', BERLIN), Date.parse('2026-11-23T07:00:15.250Z'));
  });
});
