import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivityEvent } from '../sources/types.js';
import type { Window } from '../time/window.js';
import { cutSessionMargin, cutSessions, cutSessionStarts, cutSessionStats } from './cut-sessions.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 16); // Monday 16 Nov 2026, 00:00 UTC
const at = (minutes: number) => T0 + minutes * MIN;
const ev = (minutes: number, user: string, session = ''): ActivityEvent => ({ ts: at(minutes), user, session });
const TIMEOUT = 30 * MIN;

describe('cutSessions', () => {
  it('cuts a user\'s events without a session id after more than the timeout without an event', () => {
    // u1: 0, 10, 40 (30 min after 10: still the same session), 71 (31 min later: a new one), 75.
    // u2: 5 alone. An event without a user belongs to no session.
    const events = [ev(75, 'u1'), ev(0, 'u1'), ev(10, 'u1'), ev(5, 'u2'), ev(40, 'u1'), ev(71, 'u1'), ev(20, '')];
    assert.deepEqual(cutSessions(events, TIMEOUT), [
      { user: 'u1', session: '', start: at(0), end: at(40) },
      { user: 'u2', session: '', start: at(5), end: at(5) },
      { user: 'u1', session: '', start: at(71), end: at(75) },
    ]);
  });

  it('keeps events sharing a session id together, however long the pause, and apart from other ids', () => {
    // s1: 0 .. 120 with a 100-minute pause; s2 interleaved with s1 at 30 and 50; u2 reuses the id s1.
    const events = [ev(0, 'u1', 's1'), ev(20, 'u1', 's1'), ev(30, 'u1', 's2'), ev(50, 'u1', 's2'), ev(120, 'u1', 's1'), ev(60, 'u2', 's1'), ev(90, 'u1')];
    assert.deepEqual(cutSessions(events, TIMEOUT), [
      { user: 'u1', session: 's1', start: at(0), end: at(120) },
      { user: 'u1', session: 's2', start: at(30), end: at(50) },
      { user: 'u2', session: 's1', start: at(60), end: at(60) },
      { user: 'u1', session: '', start: at(90), end: at(90) },
    ]);
  });

  it('reads six hours around the window, or the timeout when it is longer', () => {
    assert.equal(cutSessionMargin(TIMEOUT), 6 * 60 * MIN);
    assert.equal(cutSessionMargin(8 * 60 * MIN), 8 * 60 * MIN);
  });
});

describe('cutSessionStats', () => {
  // The window is 10:00 .. 12:00; events were read from 04:00 to 18:00.
  const window: Window = { from: at(600), to: at(720), tz: 'UTC' };
  const sessions = cutSessions(
    [
      // u1: 09:40 .. 10:05: started before the window (not counted), ended in it (length 25 min).
      ev(580, 'u1'),
      ev(605, 'u1'),
      // u1: 11:00 .. 11:12: started and ended in the window, 12 min.
      ev(660, 'u1'),
      ev(672, 'u1'),
      // u2: 10:00 exactly (in), alone: 0 s.
      ev(600, 'u2'),
      // u2: 11:50 .. 12:10: started in the window, ended after it: counted, no length here.
      ev(710, 'u2'),
      ev(730, 'u2'),
      // u3: 12:00 exactly: after the window.
      ev(720, 'u3'),
    ],
    TIMEOUT,
  );

  it('counts sessions by their start in the window and lengths by their end in it', () => {
    const stats = cutSessionStats(sessions, window, at(1080), TIMEOUT);
    assert.equal(stats.count, 3); // u1 11:00, u2 10:00, u2 11:50
    assert.deepEqual([...stats.perUser].sort(), [['u1', 1], ['u2', 2]]);
    // Ended in the window: 25 min (u1), 12 min (u1), 0 (u2): sorted 0, 12, 25.
    assert.equal(stats.lengths.count, 3);
    assert.equal(stats.lengths.sum, 37 * MIN);
    // Buckets (<= 1, 5, 15, 30, 60, 120 min, more): 0 -> 1 min, 12 -> 15 min, 25 -> 30 min.
    assert.deepEqual(stats.lengths.counts, [1, 0, 1, 1, 0, 0, 0]);
    assert.equal(stats.medianMs, 12 * MIN);
    // p90 by linear interpolation: rank 0.9 * 2 = 1.8, 12 + 0.8 * (25 - 12) = 22.4 min.
    assert.equal(stats.p90Ms, 22.4 * MIN);
  });

  it('gives no length to a session that may still go on: less than the timeout after its last event was read', () => {
    // Read only until 11:40 (now): u1's 11:12 end is 28 min before it, so not known to be over.
    const stats = cutSessionStats(sessions, window, at(700), TIMEOUT);
    assert.equal(stats.count, 3);
    assert.equal(stats.lengths.count, 2); // 25 min and 0 s
    assert.equal(stats.lengths.sum, 25 * MIN);
  });

  it('lists the session starts in the window for journeys', () => {
    assert.deepEqual(cutSessionStarts(sessions, 'dice', window), [
      { ts: at(600), user: 'u2', app: 'dice', session: '' },
      { ts: at(660), user: 'u1', app: 'dice', session: '' },
      { ts: at(710), user: 'u2', app: 'dice', session: '' },
    ]);
  });
});
