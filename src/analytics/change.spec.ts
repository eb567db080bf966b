import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { change } from './change.js';

describe('change', () => {
  it('gives the absolute and relative change', () => {
    // 120 - 100 = 20; 20 / 100 = 0.2
    assert.deepEqual(change(120, 100), { absolute: 20, relative: 0.2 });
    // 75 - 100 = -25; -25 / 100 = -0.25
    assert.deepEqual(change(75, 100), { absolute: -25, relative: -0.25 });
    // 0 - 4 = -4; -4 / 4 = -1
    assert.deepEqual(change(0, 4), { absolute: -4, relative: -1 });
  });

  it('has no relative change from 0', () => {
    assert.deepEqual(change(5, 0), { absolute: 5, relative: null });
    assert.deepEqual(change(0, 0), { absolute: 0, relative: null });
  });

  it('is null when either side is unknown', () => {
    assert.equal(change(null, 3), null);
    assert.equal(change(3, null), null);
    assert.equal(change(null, null), null);
  });
});
