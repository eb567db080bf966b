import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { userDisplay } from './pseudonym.js';

describe('userDisplay', () => {
  it('shows ids as they are when pseudonymisation is off', () => {
    assert.equal(userDisplay({ pseudonymize: false })('u00042'), 'u00042');
  });

  it('replaces ids by a keyed hash: stable per key, different across keys', () => {
    const key = 'k'.repeat(16);
    const show = userDisplay({ pseudonymize: true, key });
    const expected = `user-${createHmac('sha256', key).update('u00042').digest('hex').slice(0, 10)}`;
    assert.equal(show('u00042'), expected);
    assert.equal(show('u00042'), expected);
    assert.notEqual(userDisplay({ pseudonymize: true, key: 'z'.repeat(16) })('u00042'), expected);
    assert.notEqual(show('u00043'), expected);
  });
});
