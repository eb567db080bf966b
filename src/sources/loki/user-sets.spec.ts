import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appSchema } from '../../config/schema.js';
import { logApp } from './pipeline.js';
import { appGroups } from './selectors.js';
import { ROOT_SHARD, splitShard } from './shards.js';
import { activeIn, and, pieces, renderSet, splitsWhole, unless } from './user-sets.js';

const H = 3_600_000;
const D = 24 * H;
const T = Date.UTC(2026, 10, 25);
const dice = logApp(appSchema.parse({ id: 'dice', name: 'Dice' }));
const wiki = logApp(appSchema.parse({ id: 'wiki', name: 'Wiki' }));
const PIPE = (sel: string, extra = ''): string => `${sel} | json user="user" | __error__="" | user!=""${extra} | keep user`;

describe('user sets', () => {
  it('cuts a range into the fewest pieces under the limit, their lengths within 1 ms', () => {
    assert.deepEqual(pieces(0, 7, 3), [
      { from: 0, to: 3 },
      { from: 3, to: 5 },
      { from: 5, to: 7 },
    ]);
    assert.deepEqual(pieces(10, 12, 5), [{ from: 10, to: 12 }]);
    const month = pieces(0, 30 * D, 3 * D - 1);
    assert.equal(month.length, 11);
    assert.ok(month.every((p) => p.to - p.from <= 3 * D - 1 && p.to - p.from >= Math.floor((30 * D) / 11)));
  });

  it('places each range by an offset from the evaluation time, plus 1 ns: [from, to) exactly', () => {
    const render = { groups: appGroups([dice], true), evalMs: T, maxRangeMs: 30 * D, shard: ROOT_SHARD };
    assert.equal(renderSet(activeIn(T - D, T)!, render), `count_over_time(${PIPE('{app="dice"}')} [1d] offset 1ns)`);
    assert.equal(renderSet(activeIn(T - 2 * D - 90 * 60_000, T - 2 * D)!, render), `count_over_time(${PIPE('{app="dice"}')} [1h30m] offset 48h1ns)`);
  });

  it('writes set operations in brackets, long ranges and several apps as unions', () => {
    const render = { groups: appGroups([dice, wiki], false), evalMs: T, maxRangeMs: 3 * D, shard: ROOT_SHARD, user: 'u1' };
    const set = unless(activeIn(T - D, T), activeIn(T - 5 * D, T - D));
    const logs = (id: string): string => PIPE(`{app="${id}"} |= "u1"`, ' | user="u1"');
    const history = (id: string): string => `count_over_time(${logs(id)} [2d] offset 72h1ns) or count_over_time(${logs(id)} [2d] offset 24h1ns)`;
    assert.equal(
      renderSet(set!, render),
      `((count_over_time(${logs('dice')} [1d] offset 1ns) or count_over_time(${logs('wiki')} [1d] offset 1ns)) unless (${history('dice')} or ${history('wiki')}))`,
    );
  });

  it('adds the shard filters to every range', () => {
    const [first] = splitShard(ROOT_SHARD, 2);
    const render = { groups: appGroups([dice], true), evalMs: T, maxRangeMs: 30 * D, shard: first! };
    assert.match(renderSet(activeIn(T - D, T)!, render), /\| user!="" \| user=~"\.\*\[[^\]]+\]" \| keep user \[1d\]/);
  });

  it('treats empty ranges as empty sets', () => {
    assert.equal(activeIn(T, T), null);
    assert.equal(unless(null, activeIn(T - D, T)), null);
    assert.deepEqual(unless(activeIn(T - D, T), null), activeIn(T - D, T));
    assert.equal(and(activeIn(T - D, T), null), null);
  });

  it('knows when Loki would evaluate a set whole: a range (or piece) of 1 h or less', () => {
    assert.equal(splitsWhole(activeIn(T - 2 * H, T)!, 30 * D), true);
    assert.equal(splitsWhole(unless(activeIn(T - D, T), activeIn(T - D - H, T - D))!, 30 * D), false);
    assert.equal(splitsWhole(activeIn(T - 30 * D, T)!, 30 * D), true);
  });
});
