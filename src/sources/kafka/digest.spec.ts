import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Window } from '../../time/window.js';
import { featuresOf, hourOfWeekOf, lifecycleOf, sessionsOf, sessionStartsOf } from './answers.js';
import { DigestBuilder } from './digest.js';
import type { AppEvent } from './event.js';

// UTC Monday 2026-03-02 and Tuesday.
const MON = Date.UTC(2026, 2, 2);
const TUE = Date.UTC(2026, 2, 3);
const W: Window = { from: MON, to: Date.UTC(2026, 2, 4), tz: 'UTC' };
const H = 3_600_000;

function e(ts: number, fields: Partial<AppEvent>): AppEvent {
  return { app: 'dice', ts, user: '', session: '', event: '', feature: '', level: 'info', duration: '', instance: '', ...fields };
}

const EVENTS: AppEvent[] = [
  e(MON - 1, { user: 'u1', event: 'session_start' }), // before the window
  e(MON, { user: 'u1', event: 'session_start', session: 's1' }),
  e(MON + H, { user: 'u1', event: 'feature_used', feature: 'roll' }),
  e(MON + H, { user: 'u2', event: 'feature_used', feature: 'roll' }),
  e(MON + 2 * H, { user: 'u1', event: 'feature_used', feature: 'roll' }),
  e(MON + 2 * H, { user: '', event: 'feature_used', feature: 'share' }), // no user: counted, not a user of it
  e(MON + 2 * H, { user: 'u2', event: 'feature_used', feature: '' }), // no feature: not a feature use
  e(MON + 3 * H, { user: 'u2', event: 'session_end', duration: '90000' }),
  e(MON + 3 * H, { user: 'u2', event: 'session_end', duration: 'soon' }), // not a number: no length
  e(TUE, { user: '', event: 'session_start', session: 's9' }), // a session without a user
  e(TUE + H, { user: 'u1', event: 'session_end', duration: '4000000', level: 'error' }),
  e(TUE + 5 * H, { event: 'app_start', instance: 'b' }),
  e(TUE + 5 * H, { event: 'app_stop', instance: 'a' }),
  e(TUE + 5 * H, { event: 'app_start', instance: 'a' }),
  e(TUE + 6 * H, { event: 'page_view', level: 'error' }),
  e(TUE + 7 * H, { app: 'wiki', user: 'u3', event: 'session_start', session: 's3' }),
  e(W.to, { user: 'u1', event: 'page_view' }), // at the end: out
];

function build(user?: string) {
  const b = new DigestBuilder(W, 'all', ['dice', 'wiki'], user);
  EVENTS.forEach((x) => b.add(x));
  return b.digest;
}

describe('DigestBuilder and the per-app answers', () => {
  it('counts lines with a user per user and local day', () => {
    const d = build();
    assert.deepEqual(d.days, [MON, TUE]);
    assert.deepEqual([...d.apps.get('dice')!.users], [['u1', [3, 1]], ['u2', [4, 0]]]);
    assert.deepEqual([...d.apps.get('wiki')!.users], [['u3', [0, 1]]]);
  });

  it('counts features, sessions, lengths, errors and lifecycle', () => {
    const dice = build().apps.get('dice')!;
    assert.deepEqual(featuresOf(dice, ['share', 'roll', 'history']), [
      { feature: 'share', events: 1, users: 0 },
      { feature: 'roll', events: 3, users: 2 },
    ]);
    const s = sessionsOf(dice);
    assert.deepEqual([s.count, [...s.perUser]], [2, [['u1', 1]]]);
    assert.deepEqual(s.lengths, { bounds: [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000], counts: [0, 1, 0, 0, 0, 1, 0], count: 2, sum: 4_090_000 });
    // Two lengths: the median is their mean, p90 lies 90% of the way.
    assert.deepEqual([s.medianMs, s.p90Ms], [2_045_000, 90_000 + 0.9 * 3_910_000]);
    assert.deepEqual(build().apps.get('dice')!.errorsPerDay, [0, 2]);
    assert.deepEqual(lifecycleOf(dice).map((l) => `${l.kind} ${l.instance}`), ['stop a', 'start a', 'start b']);
    assert.deepEqual(sessionStartsOf([dice, build().apps.get('wiki')!]).map((x) => [x.ts, x.app, x.user, x.session]), [
      [MON, 'dice', 'u1', 's1'],
      [TUE, 'dice', '', 's9'],
      [TUE + 7 * H, 'wiki', 'u3', 's3'],
    ]);
  });

  it('puts lines with a user in weekday and hour slots of the window\'s zone', () => {
    const cells = hourOfWeekOf(build().apps.get('dice')!).flatMap((row, day) => row.flatMap((n, hour) => (n > 0 ? [[day, hour, n]] : [])));
    assert.deepEqual(cells, [[0, 0, 1], [0, 1, 2], [0, 2, 2], [0, 3, 2], [1, 1, 1]]);
  });

  it('keeps only one user\'s lines when asked for one user', () => {
    const d = build('u2');
    assert.deepEqual([...d.apps.get('dice')!.users], [['u2', [4, 0]]]);
    assert.deepEqual(featuresOf(d.apps.get('dice')!, []), [{ feature: 'roll', events: 1, users: 1 }]);
    assert.deepEqual(d.apps.get('dice')!.lifecycle, []);
  });

  it('keeps only per-user days in days mode', () => {
    const b = new DigestBuilder(W, 'days', ['dice'], undefined);
    EVENTS.forEach((x) => b.add(x));
    const dice = b.digest.apps.get('dice')!;
    assert.deepEqual([...dice.users.keys()], ['u1', 'u2']);
    assert.deepEqual([dice.sessionCount, dice.features.size, dice.starts.length], [0, 0, 0]);
  });
});
