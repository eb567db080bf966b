import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALPHABET, ROOT_SHARD, alphabetGroups, makeShards, shardFilters, shardsFitting, splitShard, type Shard } from './shards.js';

/** Whether `user` passes a shard's matchers, with anchored Unicode regexes as Loki's RE2 matchers are. */
function inShard(shard: Shard, user: string): boolean {
  return shard.matchers.every((m) => new RegExp(`^(?:${m.regex})$`, 'u').test(user) === (m.op === '=~'));
}

const HOSTILE_IDS = [
  'u00001',
  'u00042',
  'U-9',
  '7',
  'a',
  'Z',
  'ab',
  '0123456789abcdef',
  'user_',
  'user-',
  'with space ',
  'dot.',
  'quote"',
  'back\\',
  '"} |= "',
  'new\nline0',
  'ends\n',
  'tab\t5',
  'ünïcödé',
  'ñ',
  '用户',
  '用户7',
  '👩‍💻',
  'x👩',
  '.*',
  '[0-9]',
  'ß',
];

function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `u${String(i).padStart(5, '0')}`).concat(
    Array.from({ length: n }, (_, i) => (i * 2654435761).toString(16)),
    HOSTILE_IDS,
  );
}

function assertPartition(shards: Shard[], users: string[]): void {
  for (const user of users) {
    const hits = shards.filter((s) => inShard(s, user)).length;
    assert.equal(hits, 1, `${JSON.stringify(user)} is in ${hits} shards`);
  }
}

describe('shards', () => {
  it('deals the alphabet round-robin, so digit-only ids spread evenly', () => {
    assert.deepEqual(alphabetGroups(1), [ALPHABET]);
    const four = alphabetGroups(4);
    assert.equal(four.length, 4);
    assert.equal(four.join('').length, ALPHABET.length);
    assert.deepEqual(
      four.map((g) => [...g].filter((c) => /[0-9]/.test(c)).length),
      [3, 3, 2, 2],
    );
    assert.equal(alphabetGroups(100).length, ALPHABET.length);
  });

  it('puts every id, hostile and Unicode ones included, in exactly one shard', () => {
    const users = ids(300);
    for (const n of [2, 3, 5, 10, 37, 62, 63, 130, 500]) assertPartition(makeShards(ROOT_SHARD, n), users);
  });

  it('stays a partition when any shard, the rest ones included, is split again and again', () => {
    const users = ids(100);
    let shards = makeShards(ROOT_SHARD, 5);
    for (let round = 0; round < 3; round++) {
      shards = shards.flatMap((s, i) => (i % 2 === round % 2 ? splitShard(s, 3 + round) : [s]));
      assertPartition(shards, users);
    }
    // The last child at depth 1 also holds ids ending outside the alphabet; splitting it keeps them.
    const rest = splitShard(ROOT_SHARD, 4)[3]!;
    const restUsers = users.filter((u) => inShard(rest, u));
    assert.ok(restUsers.includes('用户') && restUsers.includes('user_') && restUsers.includes('ends\n'));
    const children = splitShard(rest, 4);
    for (const user of restUsers) assert.equal(children.filter((c) => inShard(c, user)).length, 1);
  });

  it('spreads sequential ids over shards', () => {
    const users = ids(1000).slice(0, 1000);
    const sizes = makeShards(ROOT_SHARD, 5).map((s) => users.filter((u) => inShard(s, u)).length);
    // Digits i and i + 5 per group; the last child holds 4 and 9 (and anything else).
    assert.deepEqual(sizes, [200, 200, 200, 200, 200]);
    // 22 shards: 5 x 5 over two characters, so ids ending in digits only still divide by 25.
    const many = makeShards(ROOT_SHARD, 22);
    assert.equal(many.length, 25);
    const seq = Array.from({ length: 10_000 }, (_, i) => `u${String(i).padStart(5, '0')}`);
    assert.deepEqual(new Set(many.map((s) => seq.filter((u) => inShard(s, u)).length)), new Set([400]));
  });

  it('renders matchers as escaped LogQL label filters', () => {
    const [first, rest] = splitShard(ROOT_SHARD, 2);
    const g = alphabetGroups(2)[0]!;
    assert.equal(g, '02468acegikmoqsuwyACEGIKMOQSUWY');
    assert.deepEqual(shardFilters(first!, 'user'), [`user=~".*[${g}]"`]);
    assert.deepEqual(shardFilters(rest!, 'user'), [`user!~".*[${g}]"`]);
    const deeper = splitShard(rest!, 2);
    assert.deepEqual(shardFilters(deeper[0]!, 'user'), [`user!~".*[${g}]"`, `user=~".*[${g}]."`]);
    assert.deepEqual(shardFilters(deeper[1]!, 'user'), [`user!~".*[${g}]"`, `user!~".*[${g}]."`]);
    assert.deepEqual(shardFilters(ROOT_SHARD, 'user'), []);
  });
});

describe('shardsFitting', () => {
  const digits = Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(5, '0')}`);
  /** Users per shard, dealt with the shards' own regexes. */
  const loads = (shards: Shard[], users: string[]) => shards.map((shard) => users.filter((u) => inShard(shard, u)).length);

  it('keeps a piece whole when its users fit', () => {
    assert.equal(shardsFitting(digits, 30, 6).length, 1);
  });

  it('finds the fewest shards whose fullest holds at most the cap, dealing the ids', () => {
    // 30 ids, u00000 to u00029: 3 per last digit. 5 groups of the last digit take 2 digits each:
    // 6 users, which fits a cap of 6.
    const five = shardsFitting(digits, 6, 6);
    assert.deepEqual(loads(five, digits), [6, 6, 6, 6, 6]);
    assert.ok(five.every((s) => s.depth === 1));
    // A cap of 5: any group of last digits takes 2 of them (6 users) or is one of 10 (3 users
    // each: 10 shards). Two halves of the last digit (15 each), each split in three by the digit
    // before (0, 1, 2: 5 each), make 6.
    const six = shardsFitting(digits, 5, 6);
    assert.deepEqual(loads(six, digits), new Array(6).fill(5));
    assert.ok(six.every((s) => s.depth === 2));
  });

  it('goes on to the character before the last when the last ones are shared', () => {
    const users = ['a7', 'b7', 'c7', 'd7', 'e7', 'f7'];
    const shards = shardsFitting(users, 2, 6);
    assert.ok(Math.max(...loads(shards, users)) <= 2, JSON.stringify(loads(shards, users)));
    assert.ok(shards.some((s) => s.depth === 2));
    assert.equal(loads(shards, users).reduce((a, b) => a + b, 0), users.length);
  });
});
