import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionStart } from '../sources/types.js';
import { journeys } from './journeys.js';

let sessionId = 0;
function s(user: string, ts: number, app: string): SessionStart {
  return { user, ts, app, session: `s${++sessionId}` };
}

// gapMs = 10. Given out of order on purpose.
const starts = [
  s('u2', 200, 'D'),
  s('u1', 41, 'B'),
  s('u3', 4, 'B'),
  s('u1', 0, 'A'),
  s('u2', 120, 'C'),
  s('u1', 10, 'B'),
  s('u3', 0, 'B'),
  s('u1', 20, 'C'),
  s('u2', 100, 'A'),
  s('u1', 5, 'A'),
  s('u1', 31, 'A'),
  s('u2', 110, 'B'),
  s('u3', 3, 'A'),
];
// u1: 0 A, 5 A, 10 B, 20 C | 31 A, 41 B (20 -> 31 is 11 > 10)  => [A, B, C], [A, B]
// u2: 100 A, 110 B, 120 C (gaps exactly 10) | 200 D            => [A, B, C], [D]
// u3: 0 B, 3 A, 4 B                                            => [B, A, B]

describe('journeys', () => {
  it('counts transitions, paths, drop-off and journeys', () => {
    assert.deepEqual(journeys(starts, { gapMs: 10, top: 2 }), {
      transitions: [
        { from: 'A', to: 'B', transitions: 4, users: 3 }, // u1 twice, u2, u3
        { from: 'B', to: 'C', transitions: 2, users: 2 }, // u1, u2
      ],
      otherTransitions: { transitions: 1, users: 1 }, // B -> A by u3
      paths2: [
        { path: ['A', 'B', 'C'], count: 2, users: 2 },
        { path: ['B', 'A', 'B'], count: 1, users: 1 },
      ],
      paths3: [], // no journey has 4 steps
      dropOff: [
        { app: 'A', visits: 4, ended: 0 },
        { app: 'B', visits: 5, ended: 2 }, // ends u1's second journey and u3's
        { app: 'C', visits: 2, ended: 2 },
        { app: 'D', visits: 1, ended: 1 },
      ],
      journeys: 5,
      multiAppJourneys: 4, // all but u2's [D]
      travellers: 3,
    });
  });

  it('includes a gap of exactly gapMs and splits at gapMs + 1', () => {
    const at = (gap: number) => journeys([s('u', 1000, 'A'), s('u', 1000 + gap, 'B')], { gapMs: 60_000, top: 5 });
    const joined = at(60_000);
    assert.equal(joined.journeys, 1);
    assert.deepEqual(joined.transitions, [{ from: 'A', to: 'B', transitions: 1, users: 1 }]);
    const split = at(60_001);
    assert.equal(split.journeys, 2);
    assert.equal(split.multiAppJourneys, 0);
    assert.deepEqual(split.transitions, []);
  });

  it('breaks ties by users, then app ids, and sums the rest with distinct users', () => {
    const result = journeys(
      [
        ...[0, 1, 2, 3].map((t) => s('u1', t * 100, t % 2 === 0 ? 'A' : 'B')), // A B A B: A->B x2, B->A x1
        s('u2', 0, 'X'), s('u2', 5, 'Y'),
        s('u3', 0, 'W'), s('u3', 5, 'Z'),
        s('u4', 0, 'X'), s('u4', 5, 'B'),
        s('u5', 0, 'C'), s('u5', 5, 'D'),
        s('u6', 0, 'C'), s('u6', 5, 'D'),
      ],
      { gapMs: 100, top: 4 },
    );
    assert.deepEqual(
      result.transitions.map((t) => [t.from, t.to, t.transitions, t.users]),
      [
        ['C', 'D', 2, 2], // 2 transitions by 2 users beats 2 by 1
        ['A', 'B', 2, 1],
        ['B', 'A', 1, 1], // then by from, then to
        ['W', 'Z', 1, 1],
      ],
    );
    assert.deepEqual(result.otherTransitions, { transitions: 2, users: 2 }); // X->B (u4), X->Y (u2)
    // u1's A B A B: paths A-B-A, B-A-B (3 steps) and A-B-A-B (4 steps)
    assert.deepEqual(result.paths2.map((p) => p.path.join('')), ['ABA', 'BAB']);
    assert.deepEqual(result.paths3, [{ path: ['A', 'B', 'A', 'B'], count: 1, users: 1 }]);
  });

  it('collapses repeats, counts 4-step paths and orders equal timestamps by app', () => {
    const run = [s('u', 0, 'A'), s('u', 1, 'A'), s('u', 2, 'B'), s('u', 3, 'C'), s('u', 4, 'D'), s('u', 5, 'B')];
    const r = journeys(run, { gapMs: 10, top: 1 });
    // steps A B C D B: 3-step paths ABC, BCD, CDB; 4-step ABCD, BCDB; top 1 by app ids
    assert.deepEqual(r.paths2, [{ path: ['A', 'B', 'C'], count: 1, users: 1 }]);
    assert.deepEqual(r.paths3, [{ path: ['A', 'B', 'C', 'D'], count: 1, users: 1 }]);
    assert.deepEqual(r.otherTransitions, { transitions: 3, users: 1 }); // 4 transitions, top 1 is A->B
    const same = [s('v', 7, 'B'), s('v', 7, 'A')];
    assert.deepEqual(journeys(same, { gapMs: 0, top: 5 }).transitions, [{ from: 'A', to: 'B', transitions: 1, users: 1 }]);
    assert.deepEqual(journeys([...same].reverse(), { gapMs: 0, top: 5 }).transitions, [
      { from: 'A', to: 'B', transitions: 1, users: 1 },
    ]);
  });

  it('counts only what touches the focus apps, with journeys cut across all apps', () => {
    // gapMs = 60 (minutes as numbers), focus B:
    // v1: A 0, B 10, C 20            => [A, B, C]     visits B, moves A->B, B->C, path ABC
    // v2: A 0, C 10                  => [A, C]        no B: not counted at all
    // v3: B 0                        => [B]           counted, one app, ends at B
    // v4: C 0, A 10, B 20, A 30      => [C, A, B, A]  C->A not counted; A->B, B->A; paths CAB, ABA; CABA
    // v5: A 0, C 10 | B 500 (gap)    => [A, C], [B]   first not counted, second like v3
    const focused = journeys(
      [
        s('v1', 0, 'A'), s('v1', 10, 'B'), s('v1', 20, 'C'),
        s('v2', 0, 'A'), s('v2', 10, 'C'),
        s('v3', 0, 'B'),
        s('v4', 0, 'C'), s('v4', 10, 'A'), s('v4', 20, 'B'), s('v4', 30, 'A'),
        s('v5', 0, 'A'), s('v5', 10, 'C'), s('v5', 500, 'B'),
      ],
      { gapMs: 60, top: 5, focus: ['B'] },
    );
    assert.deepEqual(focused, {
      transitions: [
        { from: 'A', to: 'B', transitions: 2, users: 2 }, // v1, v4
        { from: 'B', to: 'A', transitions: 1, users: 1 }, // v4
        { from: 'B', to: 'C', transitions: 1, users: 1 }, // v1
      ],
      otherTransitions: { transitions: 0, users: 0 },
      paths2: [
        { path: ['A', 'B', 'A'], count: 1, users: 1 },
        { path: ['A', 'B', 'C'], count: 1, users: 1 },
        { path: ['C', 'A', 'B'], count: 1, users: 1 },
      ],
      paths3: [{ path: ['C', 'A', 'B', 'A'], count: 1, users: 1 }],
      dropOff: [{ app: 'B', visits: 4, ended: 2 }], // v1, v3, v4, v5; ended: v3, v5
      journeys: 4, // v1, v3, v4, v5's second
      multiAppJourneys: 2, // v1, v4
      travellers: 2, // v1, v4
    });
    // Without focus every journey counts, and C -> A (v4) and A -> C (v2, v5) with it.
    const all = journeys([s('w', 0, 'A'), s('w', 10, 'B'), s('w', 20, 'C')], { gapMs: 60, top: 5, focus: [] });
    assert.equal(all.transitions.length, 2);
    assert.equal(all.dropOff.length, 3);
  });

  it('is empty without session starts', () => {
    assert.deepEqual(journeys([], { gapMs: 10, top: 3 }), {
      transitions: [],
      otherTransitions: { transitions: 0, users: 0 },
      paths2: [],
      paths3: [],
      dropOff: [],
      journeys: 0,
      multiAppJourneys: 0,
      travellers: 0,
    });
  });
});
