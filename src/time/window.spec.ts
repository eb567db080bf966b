import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TzCalendar, addDaysIn, isValidTimeZone, startOfDayIn } from './window.js';

describe('TzCalendar', () => {
  // 28 Mar to 31 Mar 2026 in Berlin: clocks go from 02:00 to 03:00 on Sunday 29 Mar.
  const from = Date.parse('2026-03-27T23:00:00Z'); // Sat 28 Mar 00:00 CET
  const to = Date.parse('2026-03-30T22:00:00Z'); // Tue 31 Mar 00:00 CEST
  const cal = new TzCalendar({ from, to, tz: 'Europe/Berlin' });

  it('lists local midnights, with a 23-hour day at the DST change', () => {
    assert.deepEqual(cal.days.map((d) => new Date(d).toISOString()), ['2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    assert.deepEqual(cal.days.map((d) => cal.label(d)), ['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('finds the local day, weekday and hour of an instant on both sides of the change', () => {
    const beforeChange = Date.parse('2026-03-29T00:30:00Z'); // 01:30 CET, Sunday
    const afterChange = Date.parse('2026-03-29T01:30:00Z'); // 03:30 CEST, Sunday
    assert.equal(cal.dayIndex(beforeChange), 1);
    assert.equal(cal.hour(beforeChange), 1);
    assert.equal(cal.hour(afterChange), 3);
    assert.equal(cal.weekday(afterChange), 6);
    assert.equal(cal.dayIndex(Date.parse('2026-03-29T21:59:59Z')), 1); // 23:59:59 CEST
    assert.equal(cal.dayIndex(Date.parse('2026-03-29T22:00:00Z')), 2);
    assert.equal(cal.dayIndex(from - 1), -1);
    assert.equal(cal.dayIndex(to), -1);
  });

  it('adds calendar days across DST and validates zone names', () => {
    assert.equal(addDaysIn(from, 2, 'Europe/Berlin'), Date.parse('2026-03-29T22:00:00Z'));
    assert.equal(startOfDayIn(Date.parse('2026-03-29T21:00:00Z'), 'Europe/Berlin'), Date.parse('2026-03-28T23:00:00Z'));
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.equal(isValidTimeZone(''), false);
  });
});
