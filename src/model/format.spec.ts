import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changeArrow, changeTone, formatAxisValue, formatChange, formatCompact, formatDate, formatKpiChange, formatValue } from './format.js';
import type { Change, Unit } from './report.js';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

// Node re-reads TZ when it changes: a far-away process zone proves nothing depends on it.
process.env.TZ = 'Pacific/Kiritimati';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('formatValue', () => {
  const cases: [number | null, Unit, string][] = [
    [null, 'count', 'n/a'],
    [null, 'percent', 'n/a'],
    [Number.NaN, 'count', 'n/a'],
    [0, 'count', '0'],
    [1382, 'count', '1,382'],
    [1234567, 'count', '1,234,567'],
    [12.44, 'count', '12.4'],
    [-1382, 'count', '\u22121,382'],
    [0.987, 'percent', '98.7%'],
    [0.5, 'percent', '50.0%'],
    [0, 'percent', '0%'],
    [1, 'percent', '100%'],
    [0.9995, 'percent', '99.95%'],
    [0.999, 'percent', '99.90%'],
    [0.99999, 'percent', '99.99%'],
    [0.99899, 'percent', '99.9%'],
    [0.0004, 'percent', '0.0%'],
    [0.3456, 'ratio', '0.35'],
    [2.45, 'per_user', '2.5'],
    [3, 'per_user', '3.0'],
    [850, 'duration_ms', '850 ms'],
    [0, 'duration_ms', '0 ms'],
    [999.6, 'duration_ms', '1 s'],
    [4500, 'duration_ms', '4.5 s'],
    [45 * S, 'duration_ms', '45 s'],
    [59.6 * S, 'duration_ms', '1 min'],
    [149_554, 'duration_ms', '2 min 30 s'],
    [153_071, 'duration_ms', '2 min 33 s'],
    [5 * MIN, 'duration_ms', '5 min'],
    [9 * MIN + 59.6 * S, 'duration_ms', '10 min'],
    [12 * MIN + 10 * S, 'duration_ms', '12 min'],
    [3 * H + 12 * MIN, 'duration_ms', '3 h 12 min'],
    [2 * H, 'duration_ms', '2 h'],
    [23 * H + 59 * MIN + 50 * S, 'duration_ms', '1 d'],
    [2 * D + 4 * H + 10 * MIN, 'duration_ms', '2 d 4 h'],
    [3 * D, 'duration_ms', '3 d'],
    [512, 'bytes', '512 B'],
    [4.2 * 1024 * 1024, 'bytes', '4.2 MiB'],
    [1536, 'bytes', '1.5 KiB'],
    [1024 * 1024 - 1, 'bytes', '1.0 MiB'],
  ];
  for (const [value, unit, expected] of cases) {
    it(`${String(value)} ${unit} -> ${expected}`, () => assert.equal(formatValue(value, unit), expected));
  }
});

describe('formatCompact', () => {
  const cases: [number | null, string][] = [
    [null, 'n/a'],
    [950, '950'],
    [1000, '1k'],
    [1382, '1.4k'],
    [14_200, '14.2k'],
    [142_499, '142k'],
    [999_960, '1M'],
    [1_400_000, '1.4M'],
    [2_500_000_000, '2.5B'],
    [-14_200, '\u221214.2k'],
  ];
  for (const [value, expected] of cases) {
    it(`${String(value)} -> ${expected}`, () => assert.equal(formatCompact(value), expected));
  }
});

describe('formatAxisValue', () => {
  const cases: [number, Unit, string][] = [
    [14_200, 'count', '14.2k'],
    [950, 'count', '950'],
    [0.35, 'percent', '35%'],
    [0.355, 'percent', '35.5%'],
    [0.07, 'percent', '7%'],
    [900_000, 'duration_ms', '15 min'],
  ];
  for (const [value, unit, expected] of cases) {
    it(`${value} ${unit} -> ${expected}`, () => assert.equal(formatAxisValue(value, unit), expected));
  }
});

describe('formatChange', () => {
  const change = (previous: number, current: number): Change => ({
    absolute: current - previous,
    relative: previous === 0 ? null : (current - previous) / previous,
  });
  const cases: [Change | null, Unit, string][] = [
    [null, 'count', 'n/a'],
    [change(1234, 1382), 'count', '+12%'],
    [change(100, 97), 'count', '\u22123%'],
    [change(100, 100), 'count', 'no change'],
    [change(0, 5), 'count', 'new'],
    [change(0, 0), 'count', 'no change'],
    [change(1000, 1004), 'count', '+0.4%'],
    [change(100_000, 100_001), 'count', 'no change'],
    [change(10, 150), 'count', '+1,400%'],
    [change(60_000, 45_000), 'duration_ms', '\u221225%'],
    [change(0.975, 0.987), 'percent', '+1.2 pts'],
    [change(0.5, 0.47), 'percent', '\u22123.0 pts'],
    [change(0.9999, 0.9995), 'percent', '\u22120.04 pts'],
    [change(0.5, 0.5), 'percent', 'no change'],
    [change(0, 0.2), 'percent', '+20.0 pts'],
  ];
  for (const [value, unit, expected] of cases) {
    it(`${JSON.stringify(value)} ${unit} -> ${expected}`, () => assert.equal(formatChange(value, unit), expected));
  }
});

describe('formatKpiChange', () => {
  const base = { unit: 'duration_ms' as const, value: 60_000, previous: 120_000, change: { absolute: -60_000, relative: -0.5 } };
  it('writes the change, or why there is none', () => {
    assert.equal(formatKpiChange(base), '−50%');
    assert.equal(formatKpiChange({ ...base, value: null, change: null }), 'unavailable');
    assert.equal(formatKpiChange({ ...base, value: null, change: null, notDefined: 'no incidents' }), 'no incidents');
    assert.equal(formatKpiChange({ ...base, previous: null, change: null }), 'n/a');
    assert.equal(formatKpiChange({ ...base, previous: null, change: null, previousNotDefined: 'no incidents' }), 'no incidents before');
  });
});

describe('changeTone', () => {
  it('colours by polarity', () => {
    const up: Change = { absolute: 5, relative: 0.1 };
    const down: Change = { absolute: -5, relative: -0.1 };
    assert.equal(changeTone(up, 'up_is_good'), 'good');
    assert.equal(changeTone(down, 'up_is_good'), 'bad');
    assert.equal(changeTone(up, 'down_is_good'), 'bad');
    assert.equal(changeTone(down, 'down_is_good'), 'good');
    assert.equal(changeTone(up, 'neutral'), 'neutral');
    assert.equal(changeTone(null, 'up_is_good'), 'neutral');
    assert.equal(changeTone({ absolute: 0, relative: 0 }, 'up_is_good'), 'neutral');
  });

  it('gives a change that shows as "no change" (rounded) no colour and no arrow, given the unit', () => {
    // +3 min on 7 days: +0.03%, which formatChange shows as "no change".
    const tiny: Change = { absolute: 180_000, relative: 180_000 / 604_800_000 };
    assert.equal(formatChange(tiny, 'duration_ms'), 'no change');
    assert.equal(changeTone(tiny, 'up_is_good', 'duration_ms'), 'neutral');
    assert.equal(changeArrow(tiny, 'duration_ms'), '');
    // Without the unit (templates written before it), only an exact zero is no change.
    assert.equal(changeTone(tiny, 'up_is_good'), 'good');
    assert.equal(changeArrow(tiny), '▲');
    assert.equal(changeArrow({ absolute: -5, relative: -0.1 }, 'count'), '▼');
    assert.equal(changeArrow(null, 'count'), '');
  });
});

describe('formatDate', () => {
  const berlin = 'Europe/Berlin';
  const cases: [number, string, 'day' | 'datetime' | 'time' | 'month' | 'short' | 'weekday', string][] = [
    [Date.UTC(2026, 10, 16, 13, 5), berlin, 'day', '16 Nov 2026'],
    [Date.UTC(2026, 10, 16, 13, 5), berlin, 'datetime', '16 Nov 2026 14:05'],
    [Date.UTC(2026, 10, 16, 13, 5), 'UTC', 'time', '13:05'],
    [Date.UTC(2026, 10, 16, 13, 5), berlin, 'weekday', 'Mon 16 Nov'],
    [Date.UTC(2026, 8, 3, 12), berlin, 'short', '3 Sep'],
    // Local midnight of 1 Dec in Berlin is still November in UTC.
    [Date.UTC(2026, 10, 30, 23, 30), berlin, 'month', 'Dec 2026'],
    [Date.UTC(2026, 10, 30, 23, 30), 'UTC', 'month', 'Nov 2026'],
    // Spring forward, 29 Mar 2026: 01:59 CET is followed by 03:00 CEST.
    [Date.UTC(2026, 2, 29, 0, 59), berlin, 'datetime', '29 Mar 2026 01:59'],
    [Date.UTC(2026, 2, 29, 1, 0), berlin, 'datetime', '29 Mar 2026 03:00'],
    // Fall back, 25 Oct 2026: 02:30 happens twice, an hour apart.
    [Date.UTC(2026, 9, 25, 0, 30), berlin, 'datetime', '25 Oct 2026 02:30'],
    [Date.UTC(2026, 9, 25, 1, 30), berlin, 'datetime', '25 Oct 2026 02:30'],
    [Date.UTC(2026, 9, 24, 22, 0), berlin, 'day', '25 Oct 2026'],
    [Date.UTC(2026, 9, 24, 21, 59), berlin, 'day', '24 Oct 2026'],
    // After fall back, local midnight is 23:00 UTC.
    [Date.UTC(2026, 9, 25, 23, 0), berlin, 'datetime', '26 Oct 2026 00:00'],
    [Date.UTC(2026, 10, 16, 3, 0), 'America/New_York', 'datetime', '15 Nov 2026 22:00'],
  ];
  for (const [ms, tz, style, expected] of cases) {
    it(`${new Date(ms).toISOString()} ${tz} ${style} -> ${expected}`, () => {
      assert.equal(formatDate(ms, tz, style), expected);
    });
  }

  it('writes what date-fns writes in the zone, every 67 minutes 13 seconds across two years, in zones with odd offsets and changes', () => {
    // datetime and weekday between them hold every field (d, MMM, yyyy, HH:mm, EEE).
    const patterns = { datetime: 'd MMM yyyy HH:mm', weekday: 'EEE d MMM' } as const;
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham', 'UTC'];
    let checked = 0;
    for (const tz of zones) {
      for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 67 * MIN + 13 * S) {
        for (const [style, pattern] of Object.entries(patterns) as [keyof typeof patterns, string][]) {
          const ours = formatDate(ms, tz, style);
          const theirs = format(new TZDate(ms, tz), pattern);
          if (ours !== theirs) assert.fail(`${new Date(ms).toISOString()} in ${tz}, ${style}: ${ours} against date-fns's ${theirs}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 200_000);
  });
});
