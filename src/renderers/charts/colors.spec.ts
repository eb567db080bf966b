import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ColorScale } from './colors.js';
import { SAMPLE_THEME as TEST_THEME } from '../../../test/fixtures/sample-report.js';

const apps = [
  { id: 'dice', name: 'Dice' },
  { id: 'wiki', name: 'Wiki' },
];

describe('ColorScale', () => {
  it('gives the report apps the first palette colours, by id or name', () => {
    const scale = new ColorScale(TEST_THEME, apps);
    assert.equal(scale.colorFor('dice'), '#2563eb');
    assert.equal(scale.colorFor('Dice'), '#2563eb');
    assert.equal(scale.colorFor('WIKI'), '#f59e0b');
  });

  it('colours good and bad names, and fixed names from the theme', () => {
    const scale = new ColorScale(TEST_THEME, apps);
    assert.equal(scale.colorFor('errors'), '#dc2626');
    assert.equal(scale.colorFor('Crashes'), '#dc2626');
    assert.equal(scale.colorFor('up'), '#15803d');
    assert.equal(scale.colorFor('other'), '#6b7280');
    assert.equal(scale.colorFor('Checkout'), '#000000');
  });

  it('hashes other names into the colours the apps left free, the same way every time', () => {
    const a = new ColorScale(TEST_THEME, apps);
    const b = new ColorScale(TEST_THEME, apps);
    for (const name of ['share', 'history', 'export', 'settings', 'roll', 'x', 'y', 'z']) {
      const colour = a.colorFor(name);
      assert.equal(colour, b.colorFor(name));
      assert.ok(!['#2563eb', '#f59e0b'].includes(colour), `${name} took an app colour`);
    }
  });

  it('keeps hashed names apart within one chart while the palette lasts', () => {
    const scale = new ColorScale(TEST_THEME, apps);
    const colours = scale.assign(['Dice', 'a', 'b', 'c']);
    assert.equal(colours[0], '#2563eb');
    assert.equal(new Set(colours).size, 4);
    // Five palette colours, two taken by the apps' slots: a fourth hashed name must repeat one.
    assert.equal(scale.assign(['a', 'b', 'c', 'd', 'e', 'f']).length, 6);
  });
});
