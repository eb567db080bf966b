import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignmentOffsetSec, grafanaStep, gridParts, maxDataPointsFor, roundInterval } from './prometheus-step.js';

describe('Grafana step arithmetic', () => {
  it('rounds intervals like gtime.RoundInterval (mostly down, sometimes up)', () => {
    assert.deepEqual([10, 11, 16, 7_854, 13_000, 90_000, 90_001, 86_400_000, 700_000_000].map(roundInterval), [1, 10, 20, 10_000, 15_000, 60_000, 120_000, 43_200_000, 604_800_000]);
  });

  it('keeps the asked step unless range / 11000 rounds above it', () => {
    // 10,999 points of 60 s: 59.99 s rounds to 60 s.
    assert.equal(grafanaStep(10_999 * 60_000, 60_000), 60_000);
    // 13 s steps over 11,000 x 13 s: 13 s rounds up to 15 s.
    assert.equal(grafanaStep(10_999 * 13_000, 13_000), 15_000);
    assert.equal(maxDataPointsFor(300_000, 60_000), 6);
  });

  it('splits such a range into parts on the same grid that Grafana evaluates at the step', () => {
    const start = 1_000_000;
    const parts = gridParts(start, start + 10_999 * 13_000, 13_000);
    assert.ok(parts.length > 1);
    assert.equal(parts[0]?.start, start);
    assert.equal(parts[parts.length - 1]?.end, start + 10_999 * 13_000);
    for (const [i, part] of parts.entries()) {
      assert.equal((part.start - start) % 13_000, 0);
      assert.equal(grafanaStep(part.end - part.start, 13_000), 13_000);
      if (i > 0) assert.equal(part.start, (parts[i - 1]?.end ?? 0) + 13_000);
    }
  });

  it('finds the utcOffsetSec that keeps a start where it is', () => {
    const berlinMidnight = Date.UTC(2026, 2, 9, 23);
    // (start + offset) must be a multiple of the step: 23:00 + 1 h.
    assert.equal(alignmentOffsetSec(berlinMidnight, 86_400_000), 3600);
    assert.equal(alignmentOffsetSec(Date.UTC(2026, 2, 10), 86_400_000), 0);
    assert.equal(alignmentOffsetSec(Date.UTC(2026, 2, 10, 0, 0, 20), 60_000), 40);
    // A start with 500 ms cannot be reached by whole seconds on a 1 s grid, but can on a 500 ms grid.
    assert.equal(alignmentOffsetSec(1_000_500, 1000), null);
    assert.equal(alignmentOffsetSec(1_000_500, 500), 0);
    // 1.5 s steps from 0.5 s: 1 s of offset brings it to 1.5 s.
    assert.equal(alignmentOffsetSec(500, 1500), 1);
  });
});
