import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObsReportError } from '../errors.js';
import { resolvePeriod } from './period.js';

// Wednesday 25 Nov 2026, 23:10 in Berlin (UTC+1).
const NOW = Date.parse('2026-11-25T22:10:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('resolvePeriod', () => {
  it('last-7d is the 7 whole local days before today, compared with the 7 before', () => {
    const p = resolvePeriod('last-7d', 'Europe/Berlin', NOW);
    assert.equal(iso(p.from), '2026-11-17T23:00:00.000Z'); // 18 Nov 00:00 Berlin
    assert.equal(iso(p.to), '2026-11-24T23:00:00.000Z'); // 25 Nov 00:00 Berlin
    assert.equal(iso(p.previous.from), '2026-11-10T23:00:00.000Z');
    assert.equal(p.previous.to, p.from);
    assert.equal(p.label, '18–24 Nov 2026');
    assert.equal(p.slug, '2026-11-18_2026-11-24');
  });

  it('last-week is Monday to Sunday of the previous ISO week', () => {
    const p = resolvePeriod('last-week', 'Europe/Berlin', NOW);
    assert.equal(iso(p.from), '2026-11-15T23:00:00.000Z'); // Mon 16 Nov
    assert.equal(iso(p.to), '2026-11-22T23:00:00.000Z');
    assert.equal(p.label, 'Week 47, 16–22 Nov 2026');
    assert.equal(p.slug, '2026-W47');
  });

  it('a month across a DST change has its true length, and the previous month is a calendar month', () => {
    const p = resolvePeriod('2026-03', 'Europe/Berlin', NOW);
    assert.equal(iso(p.from), '2026-02-28T23:00:00.000Z'); // 1 Mar 00:00 CET
    assert.equal(iso(p.to), '2026-03-31T22:00:00.000Z'); // 1 Apr 00:00 CEST
    assert.equal((p.to - p.from) / 3_600_000, 31 * 24 - 1);
    assert.equal(iso(p.previous.from), '2026-01-31T23:00:00.000Z'); // 1 Feb
    assert.equal(p.label, 'March 2026');
  });

  it('the day of the DST change is 23 hours long in a custom range', () => {
    const p = resolvePeriod('2026-03-29..2026-03-29', 'Europe/Berlin', NOW);
    assert.equal((p.to - p.from) / 3_600_000, 23);
    assert.equal(p.label, '29 Mar 2026');
  });

  it('ISO weeks: week 1 of 2025 starts on 30 Dec 2024', () => {
    const p = resolvePeriod('2025-W01', 'UTC', NOW);
    assert.equal(iso(p.from), '2024-12-30T00:00:00.000Z');
    assert.equal(p.label, 'Week 1, 30 Dec 2024 – 5 Jan 2025');
  });

  it('this-month runs to now and compares with the same stretch of last month', () => {
    const p = resolvePeriod('this-month', 'Europe/Berlin', NOW + 25_000);
    assert.equal(iso(p.to), '2026-11-25T22:10:00.000Z'); // now, to the minute
    assert.equal(iso(p.previous.from), '2026-09-30T22:00:00.000Z'); // 1 Oct
    assert.equal(iso(p.previous.to), '2026-10-25T22:10:00.000Z'); // 25 Oct 23:10 Berlin (CEST ended 25 Oct 03:00)
    assert.equal(p.label, 'November 2026 (to date)');
    assert.equal(p.slug, '2026-11-to-2026-11-25'); // its own file each day
  });

  it('the same instant is another day in another zone', () => {
    const p = resolvePeriod('yesterday', 'America/New_York', NOW); // 17:10 on 25 Nov in New York
    assert.equal(iso(p.from), '2026-11-24T05:00:00.000Z');
  });

  it('refuses unknown forms, impossible dates and reversed ranges, listing the accepted forms', () => {
    for (const spec of ['last-week-ish', '2026-13', '2026-02-30..2026-03-01', 'last-0d']) {
      assert.throws(() => resolvePeriod(spec, 'UTC', NOW), (e: unknown) => e instanceof ObsReportError && e.code === 'BAD_PERIOD' && /last-7d/.test(e.hint ?? ''));
    }
    assert.throws(() => resolvePeriod('2026-11-10..2026-11-01', 'UTC', NOW), /ends before it starts/);
  });

  it('says what is wrong with a period in an accepted form', () => {
    const says = (spec: string, message: string) => assert.throws(() => resolvePeriod(spec, 'UTC', NOW), (e: unknown) => e instanceof ObsReportError && e.message === message);
    says('2025-W53', 'period "2025-W53": 2025 has ISO weeks W01 to W52');
    says('2026-W54', 'period "2026-W54": 2026 has ISO weeks W01 to W53');
    says('last-9999d', 'period "last-9999d": last-Nd takes 1 to 366 days');
    says('2026-13', 'period "2026-13": there is no month 13 (01 to 12)');
    says('2026-02-30..2026-03-05', 'period "2026-02-30..2026-03-05": 2026-02-30 is not a date');
    says('next-week', 'unknown period "next-week"');
  });

  it('refuses a period that has not begun (it would be a report of nothing), saying when it starts', () => {
    // NOW is 25 Nov 23:10 in Berlin, 22:10 in UTC.
    const refused = (spec: string, tz: string, message: string) =>
      assert.throws(() => resolvePeriod(spec, tz, NOW), (e: unknown) => e instanceof ObsReportError && e.code === 'BAD_PERIOD' && e.message === message && /last-7d/.test(e.hint ?? ''));
    refused('2026-12', 'Europe/Berlin', 'period "2026-12" has not begun: it starts 2026-12-01 00:00, and it is now 2026-11-25 23:10 (Europe/Berlin)');
    refused('2026-11-26..2026-11-30', 'Europe/Berlin', 'period "2026-11-26..2026-11-30" has not begun: it starts 2026-11-26 00:00, and it is now 2026-11-25 23:10 (Europe/Berlin)');
    refused('2026-W49', 'UTC', 'period "2026-W49" has not begun: it starts 2026-11-30 00:00, and it is now 2026-11-25 22:10 (UTC)');
    // Begun in one zone, not yet in another: 26 Nov has begun in Tokyo (07:10).
    assert.equal(iso(resolvePeriod('2026-11-26..2026-11-30', 'Asia/Tokyo', NOW).to), '2026-11-25T22:10:00.000Z');
    // The first minute of this week: nothing has happened in it yet.
    assert.throws(() => resolvePeriod('this-week', 'UTC', Date.parse('2026-11-23T00:00:30Z')), /"this-week" has not begun: it starts 2026-11-23 00:00, and it is now 2026-11-23 00:00/);
  });
});
