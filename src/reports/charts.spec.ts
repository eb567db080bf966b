import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DailyActive } from '../analytics/types.js';
import { dailyActiveChart } from './charts.js';

const H = 3_600_000;
// Berlin, CET (UTC+1) in November: local midnights are 23:00 UTC the day before.
const mid = (day: number): number => Date.UTC(2026, 10, day - 1, 23);
const days = (...list: number[]): DailyActive[] => list.map((d) => ({ day: mid(d), dau: 1, wau: null, mau: null }));

describe('dailyActiveChart', () => {
  it('shades today, the day of a period to date that is not over, over the part of it in the period', () => {
    // this-month at 25 Nov 10:30 Berlin (09:30 UTC): days 1..25, the 25th from its midnight to now.
    const now = mid(25) + 11.5 * H;
    const chart = dailyActiveChart('d', 'Daily', days(...Array.from({ length: 25 }, (_, i) => i + 1)), { from: mid(1), to: now - 30_000, tz: 'Europe/Berlin' }, now);
    assert.equal(chart.chart.type, 'timeseries');
    assert.deepEqual(chart.chart.type === 'timeseries' ? chart.chart.annotations : null, [{ ts: mid(25), tsEnd: now - 30_000, text: 'today so far', muted: true }]);
  });

  it('shades nothing for a period of whole days', () => {
    const chart = dailyActiveChart('d', 'Daily', days(1, 2, 3), { from: mid(1), to: mid(4), tz: 'Europe/Berlin' }, mid(20));
    assert.equal(chart.chart.type === 'timeseries' ? chart.chart.annotations : 'not a time series', undefined);
  });

  it('shades a first day the period starts after the midnight of', () => {
    const chart = dailyActiveChart('d', 'Daily', days(1, 2), { from: mid(1) + 6 * H, to: mid(3), tz: 'Europe/Berlin' }, mid(20));
    assert.deepEqual(chart.chart.type === 'timeseries' ? chart.chart.annotations : null, [{ ts: mid(1) + 6 * H, tsEnd: mid(2), text: 'part of the day', muted: true }]);
  });
});
