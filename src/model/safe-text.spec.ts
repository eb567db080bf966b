import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withXmlSafeText, xmlSafeText } from './safe-text.js';

describe('xmlSafeText', () => {
  it('replaces what XML cannot hold, and keeps tab, line feed, carriage return, emoji and RTL text', () => {
    assert.equal(xmlSafeText('roll\u0007 nul\u0000 esc\u001b[31m'), 'roll\uFFFD nul\uFFFD esc\uFFFD[31m');
    assert.equal(xmlSafeText('a\tb\nc\rd \u{1F3B2} \u05D0\u200B'), 'a\tb\nc\rd \u{1F3B2} \u05D0\u200B');
    assert.equal(xmlSafeText('x\uFFFEy\uFFFF'), 'x\uFFFDy\uFFFD');
    assert.equal(xmlSafeText('lone \uD800 and \uDC00, pair \uD83C\uDFB2'), 'lone \uFFFD and \uFFFD, pair \uD83C\uDFB2');
  });

  it('cleans every string of a value, keys included, and shares what it did not change', () => {
    const clean = { title: 'ok', rows: [{ feature: 'a' }], n: 3, none: null };
    assert.equal(withXmlSafeText(clean), clean);
    const dirty = { title: 'ok', rows: [{ feature: 'b\u0001' }, { feature: 'c' }], keys: { 'k\u0002': 1 }, n: 3 };
    const out = withXmlSafeText(dirty);
    assert.deepEqual(out, { title: 'ok', rows: [{ feature: 'b\uFFFD' }, { feature: 'c' }], keys: { 'k\uFFFD': 1 }, n: 3 });
    assert.equal(out.rows[1], dirty.rows[1]);
    assert.equal(dirty.rows[0]!.feature, 'b\u0001');
  });
});
