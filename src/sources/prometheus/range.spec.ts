import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkRange, mergeSeries, pointCount } from './range.js';

describe('chunkRange', () => {
  it('keeps a short range in one request', () => {
    assert.deepEqual(chunkRange(60, 600, 60), [{ start: 60, end: 600 }]);
  });

  it('splits 30 days of 60 s steps into ceil(points / 11000) contiguous requests', () => {
    const step = 60_000;
    const from = Date.UTC(2026, 0, 1);
    const start = from + step;
    const end = from + 30 * 86_400_000;
    const points = pointCount(start, end, step);
    assert.equal(points, 43_200);
    const chunks = chunkRange(start, end, step);
    assert.equal(chunks.length, Math.ceil(43_200 / 11_000));
    assert.equal(chunks.length, 4);
    assert.equal(chunks[0]!.start, start);
    assert.equal(chunks[3]!.end, end);
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i]!;
      assert.ok(pointCount(c.start, c.end, step) <= 11_000);
      if (i > 0) assert.equal(c.start, chunks[i - 1]!.end + step);
    }
    assert.equal(chunks.reduce((n, c) => n + pointCount(c.start, c.end, step), 0), points);
  });

  it('splits exactly at the limit', () => {
    assert.equal(chunkRange(0, 10_999, 1).length, 1);
    assert.equal(chunkRange(0, 11_000, 1).length, 2);
    assert.deepEqual(chunkRange(0, 9, 1, 4), [
      { start: 0, end: 3 },
      { start: 4, end: 7 },
      { start: 8, end: 9 },
    ]);
    assert.deepEqual(chunkRange(10, 5, 1), []);
  });

  it('joins chunked series by label set', () => {
    const merged = mergeSeries([
      [{ labels: { a: '1', b: '2' }, samples: [{ t: 2, v: 1 }] }],
      [
        { labels: { b: '2', a: '1' }, samples: [{ t: 1, v: 0 }] },
        { labels: { a: '3' }, samples: [{ t: 5, v: 5 }] },
      ],
    ]);
    assert.deepEqual(merged, [
      { labels: { a: '1', b: '2' }, samples: [{ t: 1, v: 0 }, { t: 2, v: 1 }] },
      { labels: { a: '3' }, samples: [{ t: 5, v: 5 }] },
    ]);
  });
});
