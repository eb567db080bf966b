import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { timeTicks } from './time-axis.js';

process.env.TZ = 'America/Los_Angeles';

const H = 3_600_000;

function labelled(from: number, to: number, tz: string, max: number): string[] {
  const ticks = timeTicks(from, to, tz, max);
  return ticks.values.map((v) => `${new Date(v).toISOString().slice(5, 16)} ${ticks.label(v)}`);
}

describe('timeTicks', () => {
  it('labels a week by local day', () => {
    const from = Date.UTC(2026, 10, 15, 23);
    assert.deepEqual(labelled(from, from + 6 * 24 * H, 'Europe/Berlin', 8), [
      '11-15T23:00 Mon 16 Nov',
      '11-16T23:00 Tue 17 Nov',
      '11-17T23:00 Wed 18 Nov',
      '11-18T23:00 Thu 19 Nov',
      '11-19T23:00 Fri 20 Nov',
      '11-20T23:00 Sat 21 Nov',
      '11-21T23:00 Sun 22 Nov',
    ]);
  });

  it('steps local hours over the 25-hour day when clocks fall back', () => {
    // 25 Oct 2026 in Berlin: 02:00-03:00 happens twice, so 2-hour steps would repeat 02:00.
    assert.deepEqual(labelled(Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23), 'Europe/Berlin', 9), [
      '10-24T22:00 25 Oct',
      '10-25T02:00 03:00',
      '10-25T05:00 06:00',
      '10-25T08:00 09:00',
      '10-25T11:00 12:00',
      '10-25T14:00 15:00',
      '10-25T17:00 18:00',
      '10-25T20:00 21:00',
      '10-25T23:00 26 Oct',
    ]);
  });

  it('keeps days on local midnight across the spring change', () => {
    // With 4 ticks allowed, 12-hour steps (7 ticks) are too many: one per day, 23 h apart on the 29th.
    assert.deepEqual(labelled(Date.UTC(2026, 2, 27, 23), Date.UTC(2026, 2, 30, 22), 'Europe/Berlin', 4), [
      '03-27T23:00 Sat 28 Mar',
      '03-28T23:00 Sun 29 Mar',
      '03-29T22:00 Mon 30 Mar',
      '03-30T22:00 Tue 31 Mar',
    ]);
  });

  it('uses local hours in a half-hour zone', () => {
    assert.deepEqual(labelled(Date.UTC(2026, 0, 1, 5), Date.UTC(2026, 0, 1, 11), 'Asia/Kolkata', 4), [
      '01-01T06:30 12:00',
      '01-01T08:30 14:00',
      '01-01T10:30 16:00',
    ]);
  });

  it('falls back to calendar quarters for a year', () => {
    assert.deepEqual(labelled(Date.UTC(2025, 11, 31, 23), Date.UTC(2026, 11, 31, 22), 'Europe/Berlin', 6), [
      '12-31T23:00 Jan 2026',
      '03-31T22:00 Apr 2026',
      '06-30T22:00 Jul 2026',
      '09-30T22:00 Oct 2026',
    ]);
  });
});
