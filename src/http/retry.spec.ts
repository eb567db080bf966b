import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry.js';

const policy = { baseMs: 100, maxMs: 1000, maxRetryAfterMs: 5000 };

describe('retry policy', () => {
  it('retries only 429, 502, 503 and 504', () => {
    const retried = [200, 400, 401, 403, 404, 408, 422, 429, 500, 501, 502, 503, 504, 505].filter(isRetryableStatus);
    assert.deepEqual(retried, [429, 502, 503, 504]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter(' 0.25 ', now), 250);
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-3', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('uses Retry-After up to the cap, else full jitter under an exponential ceiling', () => {
    assert.equal(retryDelayMs(0, 2000, policy), 2000);
    assert.equal(retryDelayMs(0, 60_000, policy), 5000);
    // random() = 0.5: half of 100, 200, 400, 800, then the 1000 ms cap.
    assert.deepEqual([0, 1, 2, 3, 4, 9].map((a) => retryDelayMs(a, undefined, policy, () => 0.5)), [50, 100, 200, 400, 500, 500]);
    assert.equal(retryDelayMs(3, undefined, policy, () => 0), 0);
    assert.equal(retryDelayMs(3, undefined, policy, () => 0.999), 799);
  });
});
