import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clipIntervals, mergeIntervals } from './intervals.js';

describe('clipIntervals', () => {
  it('cuts intervals to the window and drops those left empty', () => {
    const clipped = clipIntervals(
      [
        { start: 0, end: 15 }, // -> [10, 15)
        { start: 12, end: 14 },
        { start: 18, end: 30 }, // -> [18, 20)
        { start: 20, end: 25 }, // starts at the window end: empty
        { start: 5, end: 10 }, // ends at the window start: empty
        { start: 13, end: 13 }, // no length
      ],
      10,
      20,
    );
    assert.deepEqual(clipped, [
      { start: 10, end: 15 },
      { start: 12, end: 14 },
      { start: 18, end: 20 },
    ]);
    assert.deepEqual(clipIntervals([], 0, 1), []);
  });
});

describe('mergeIntervals', () => {
  it('sorts, and merges overlapping, touching and contained intervals', () => {
    assert.deepEqual(
      mergeIntervals([
        { start: 30, end: 40 },
        { start: 0, end: 10 },
        { start: 2, end: 3 }, // inside [0, 10)
        { start: 10, end: 12 }, // touches
        { start: 11, end: 20 }, // overlaps
        { start: 21, end: 22 }, // 1 ms apart: separate
      ]),
      [
        { start: 0, end: 20 },
        { start: 21, end: 22 },
        { start: 30, end: 40 },
      ],
    );
    assert.deepEqual(mergeIntervals([]), []);
  });

  it('does not change its input', () => {
    const input = [
      { start: 5, end: 8 },
      { start: 0, end: 6 },
    ];
    mergeIntervals(input);
    assert.deepEqual(input, [
      { start: 5, end: 8 },
      { start: 0, end: 6 },
    ]);
  });
});
