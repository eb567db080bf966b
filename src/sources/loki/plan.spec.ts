import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAY_MS, HOUR_MS, TzCalendar } from '../../time/window.js';
import { planPieces, shardedLimits, type PlanStep } from './plan.js';
import { daySlices, hourOfWeekSlices, windowSlices } from './slices.js';

const H = HOUR_MS;
const utc = (iso: string): number => Date.parse(iso);
const LIMITS = { maxLengthMs: 721 * H, maxPoints: 11_000 };

describe('day slices', () => {
  it('clips partial days and keeps 23 h / 25 h DST days (Europe/Berlin, October)', () => {
    // 2026-10-24 12:00 CEST .. 2026-10-27 06:00 CET; clocks go back on the 25th.
    const cal = new TzCalendar({ from: utc('2026-10-24T10:00:00Z'), to: utc('2026-10-27T05:00:00Z'), tz: 'Europe/Berlin' });
    assert.deepEqual(daySlices(cal), [
      { startMs: utc('2026-10-24T10:00:00Z'), endMs: utc('2026-10-24T22:00:00Z'), index: 0 },
      { startMs: utc('2026-10-24T22:00:00Z'), endMs: utc('2026-10-25T23:00:00Z'), index: 1 },
      { startMs: utc('2026-10-25T23:00:00Z'), endMs: utc('2026-10-26T23:00:00Z'), index: 2 },
      { startMs: utc('2026-10-26T23:00:00Z'), endMs: utc('2026-10-27T05:00:00Z'), index: 3 },
    ]);
    // 12 h, 25 h, 24 h alone (a run of one), 6 h: all instant queries.
    const [piece] = planPieces(daySlices(cal), LIMITS, DAY_MS);
    assert.deepEqual(
      piece!.steps.map((s) => (s.kind === 'instant' ? s.rangeMs / H : -1)),
      [12, 25, 24, 6],
    );
  });
});

describe('planPieces', () => {
  it('groups 24 h days into range queries at UTC-aligned steps with an offset, DST days apart (Berlin, March)', () => {
    const cal = new TzCalendar({ from: utc('2026-02-28T23:00:00Z'), to: utc('2026-03-31T22:00:00Z'), tz: 'Europe/Berlin' });
    assert.equal(cal.days.length, 31);
    const pieces = planPieces(daySlices(cal), LIMITS, DAY_MS);
    // Days 1-30 span 719 h (the 29th has 23 h) <= 721 h; the 31st would make 743 h.
    assert.deepEqual(
      pieces.map((p) => [p.startMs, p.endMs]),
      [
        [utc('2026-02-28T23:00:00Z'), utc('2026-03-30T22:00:00Z')],
        [utc('2026-03-30T22:00:00Z'), utc('2026-03-31T22:00:00Z')],
      ],
    );
    const expected: PlanStep[] = [
      // March 1-28 end at 23:00 UTC: evaluated at UTC midnights, ranges moved back 1 h.
      {
        kind: 'range',
        firstEvalMs: utc('2026-03-02T00:00:00Z'),
        lastEvalMs: utc('2026-03-29T00:00:00Z'),
        stepMs: DAY_MS,
        offsetMs: H,
        indices: Array.from({ length: 28 }, (_, i) => i),
      },
      { kind: 'instant', endMs: utc('2026-03-29T22:00:00Z'), rangeMs: 23 * H, index: 28 },
      { kind: 'instant', endMs: utc('2026-03-30T22:00:00Z'), rangeMs: 24 * H, index: 29 },
    ];
    assert.deepEqual(pieces[0]!.steps, expected);
    assert.deepEqual(pieces[1]!.steps, [{ kind: 'instant', endMs: utc('2026-03-31T22:00:00Z'), rangeMs: 24 * H, index: 30 }]);
  });

  it('splits a 31-day month into 30 + 1 days under 30d1h (UTC, no offset)', () => {
    const cal = new TzCalendar({ from: utc('2026-01-01T00:00:00Z'), to: utc('2026-02-01T00:00:00Z'), tz: 'UTC' });
    const pieces = planPieces(daySlices(cal), LIMITS, DAY_MS);
    assert.equal(pieces.length, 2);
    assert.deepEqual(pieces[0]!.steps, [
      {
        kind: 'range',
        firstEvalMs: utc('2026-01-02T00:00:00Z'),
        lastEvalMs: utc('2026-01-31T00:00:00Z'),
        stepMs: DAY_MS,
        offsetMs: 0,
        indices: Array.from({ length: 30 }, (_, i) => i),
      },
    ]);
    assert.deepEqual(pieces[1]!.steps, [{ kind: 'instant', endMs: utc('2026-02-01T00:00:00Z'), rangeMs: DAY_MS, index: 30 }]);
  });

  it('plans a week per piece for answers asked in user shards (a week has fewer users to shard than a month)', () => {
    const cal = new TzCalendar({ from: utc('2026-01-01T00:00:00Z'), to: utc('2026-02-01T00:00:00Z'), tz: 'UTC' });
    const pieces = planPieces(daySlices(cal), shardedLimits(LIMITS), DAY_MS);
    assert.deepEqual(
      pieces.map((p) => [new Date(p.startMs).toISOString().slice(5, 10), (p.endMs - p.startMs) / DAY_MS]),
      [
        ['01-01', 7],
        ['01-08', 7],
        ['01-15', 7],
        ['01-22', 7],
        ['01-29', 3],
      ],
    );
    // Each piece is one range query over its days, in order.
    assert.deepEqual(
      pieces.map((p) => p.steps.map((s) => (s.kind === 'range' ? s.indices : [])).flat()),
      [[0, 1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12, 13], [14, 15, 16, 17, 18, 19, 20], [21, 22, 23, 24, 25, 26, 27], [28, 29, 30]],
    );
    // Never longer than Loki's own limit.
    assert.equal(shardedLimits({ maxLengthMs: 3 * DAY_MS, maxPoints: 11_000 }).maxLengthMs, 3 * DAY_MS);
  });

  it('keeps every range query within the length limit: n steps of 1 d <= 3 d', () => {
    const cal = new TzCalendar({ from: utc('2026-01-01T00:00:00Z'), to: utc('2026-01-11T00:00:00Z'), tz: 'UTC' });
    const pieces = planPieces(daySlices(cal), { maxLengthMs: 3 * DAY_MS, maxPoints: 11_000 }, DAY_MS);
    assert.deepEqual(
      pieces.map((p) => p.steps.map((s) => (s.kind === 'range' ? s.indices.length : 1))),
      [[3], [3], [3], [1]],
    );
    for (const step of pieces.flatMap((p) => p.steps)) {
      const length = step.kind === 'range' ? step.lastEvalMs - step.firstEvalMs + step.stepMs : step.rangeMs;
      assert.ok(length <= 3 * DAY_MS);
    }
  });

  it('asks only instant queries when a step-long sub-query plus its range would not fit the limit', () => {
    const cal = new TzCalendar({ from: utc('2026-01-01T00:00:00Z'), to: utc('2026-01-05T00:00:00Z'), tz: 'UTC' });
    const pieces = planPieces(daySlices(cal), { maxLengthMs: 2 * DAY_MS, maxPoints: 11_000 }, DAY_MS);
    assert.deepEqual(
      pieces.map((p) => p.steps.map((s) => s.kind)),
      [
        ['instant', 'instant'],
        ['instant', 'instant'],
      ],
    );
  });

  it('cuts a window longer than the limit into instant parts of one slot, and respects max points', () => {
    const window = { from: utc('2026-01-01T00:00:00Z'), to: utc('2026-03-02T12:00:00Z'), tz: 'UTC' };
    const pieces = planPieces(windowSlices(window), LIMITS);
    assert.deepEqual(
      pieces.map((p) => p.steps),
      [
        [{ kind: 'instant', endMs: window.from + 721 * H, rangeMs: 721 * H, index: 0 }],
        [{ kind: 'instant', endMs: window.from + 1442 * H, rangeMs: 721 * H, index: 0 }],
        [{ kind: 'instant', endMs: window.to, rangeMs: window.to - window.from - 1442 * H, index: 0 }],
      ],
    );
    const hours = new TzCalendar({ from: utc('2026-01-01T00:00:00Z'), to: utc('2026-01-02T00:00:00Z'), tz: 'UTC' });
    const steps = planPieces(hourOfWeekSlices(hours), { maxLengthMs: 721 * H, maxPoints: 10 }, H)[0]!.steps;
    assert.deepEqual(
      steps.map((s) => (s.kind === 'range' ? s.indices.length : 1)),
      [10, 10, 4],
    );
  });
});

describe('hour-of-week slices', () => {
  it('folds the repeated hour of the October DST change into the same slot (Berlin)', () => {
    const cal = new TzCalendar({ from: utc('2026-10-24T22:00:00Z'), to: utc('2026-10-25T23:00:00Z'), tz: 'Europe/Berlin' });
    const slices = hourOfWeekSlices(cal);
    assert.equal(slices.length, 25);
    // Sunday is weekday 6: hours 0, 1, 2, 2 again, 3, ... 23.
    assert.deepEqual(
      slices.map((s) => s.index - 6 * 24),
      [0, 1, 2, 2, ...Array.from({ length: 21 }, (_, i) => i + 3)],
    );
    assert.ok(slices.every((s) => s.endMs - s.startMs === H));
    const [piece] = planPieces(slices, LIMITS, H);
    assert.equal(piece!.steps.length, 1);
    assert.equal(piece!.steps[0]!.kind === 'range' && piece!.steps[0]!.offsetMs, 0);
  });

  it('uses a 30-minute offset for a half-hour zone (Asia/Kolkata)', () => {
    const cal = new TzCalendar({ from: utc('2026-01-04T18:30:00Z'), to: utc('2026-01-05T18:30:00Z'), tz: 'Asia/Kolkata' });
    const [piece] = planPieces(hourOfWeekSlices(cal), LIMITS, H);
    const step = piece!.steps[0]!;
    assert.equal(piece!.steps.length, 1);
    assert.ok(step.kind === 'range');
    assert.equal(step.offsetMs, 30 * 60_000);
    assert.equal(step.firstEvalMs, utc('2026-01-04T20:00:00Z'));
    // Monday 2026-01-05 (weekday 0), hours 0..23.
    assert.deepEqual(step.indices, Array.from({ length: 24 }, (_, i) => i));
  });

  it('cuts the hour where a 30-minute DST shift happens (Australia/Lord_Howe)', () => {
    // 2026-10-04 02:00 local (+10:30) jumps to 02:30 (+11:00) at 15:30 UTC on the 3rd.
    const cal = new TzCalendar({ from: utc('2026-10-03T14:30:00Z'), to: utc('2026-10-03T17:00:00Z'), tz: 'Australia/Lord_Howe' });
    assert.deepEqual(
      hourOfWeekSlices(cal).map((s) => [(s.endMs - s.startMs) / 60_000, s.index - 6 * 24]),
      [
        [60, 1],
        [30, 2],
        [60, 3],
      ],
    );
  });
});
