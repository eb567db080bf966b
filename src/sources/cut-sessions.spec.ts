import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appSchema } from '../config/schema.js';
import type { Window } from '../time/window.js';
import { withCutSessions } from './cut-sessions.js';
import { BUILTIN_DEMO_APPS, DemoActivitySource, buildDemoOrg } from './demo/index.js';
import type { ActivityQuery, ActivitySource } from './types.js';

const END = Date.UTC(2026, 3, 3);
const HOUR = 3_600_000;
const APPS = BUILTIN_DEMO_APPS.filter((a) => ['dice', 'wiki', 'tickets'].includes(a.id));
const org = buildDemoOrg({ seed: 11, users: 90, historyDays: 20, end: END, apps: APPS });
const demo = new DemoActivitySource(org);
const config = (sessionsFrom: 'events' | 'session_events', ids = APPS.map((a) => a.id)) =>
  APPS.map((a) => appSchema.parse({ id: a.id, name: a.name, sessionsFrom: ids.includes(a.id) ? sessionsFrom : 'session_events' }));

const WINDOWS: Record<string, Window> = {
  berlin: { from: Date.UTC(2026, 2, 23, 23), to: Date.UTC(2026, 3, 1, 10), tz: 'Europe/Berlin' },
  kolkata: { from: Date.UTC(2026, 2, 19, 7, 45), to: Date.UTC(2026, 2, 23, 7, 45), tz: 'Asia/Kolkata' },
};

describe('sessions cut from events', () => {
  // Every demo event carries its session's id, and a session's first and last events are its
  // session_start and session_end: sessions cut from the events must be the logged ones, exactly.
  it('equal the demo\'s logged sessions when the events carry session ids', async () => {
    const cut = withCutSessions(demo, config('events'), 30, END);
    assert.notEqual(cut, demo);
    for (const [name, window] of Object.entries(WINDOWS)) {
      for (const app of APPS) {
        const q: ActivityQuery = { app: app.id, window };
        const logged = await demo.sessions(q);
        assert.ok(logged.count > 0 && logged.lengths.count > 0, `${app.id} ${name} has sessions`);
        assert.deepEqual(await cut.sessions(q), logged, `${app.id} ${name}`);
      }
      const apps = APPS.map((a) => a.id);
      assert.deepEqual(await cut.sessionStarts({ apps, window }), await demo.sessionStarts({ apps, window }), `starts ${name}`);
    }
    const window = WINDOWS.berlin!;
    const user = [...(await demo.userTotals({ app: 'wiki', window })).entries()].sort((a, b) => b[1] - a[1])[0]![0];
    assert.deepEqual(await cut.sessions({ app: 'wiki', window, user }), await demo.sessions({ app: 'wiki', window, user }), 'one user');
  });

  it('reads the events from 6 hours before the window to 6 hours after it, or now, and only for apps configured so', async () => {
    const asked: { app: string; window: Window }[] = [];
    const recording = new Proxy(demo, {
      get(target, prop, receiver) {
        if (prop === 'userEvents') {
          return (q: ActivityQuery) => {
            asked.push({ app: q.app, window: q.window });
            return target.userEvents(q);
          };
        }
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as ActivitySource;
    const window = WINDOWS.berlin!;
    const now = window.to + 2 * HOUR;
    const cut = withCutSessions(recording, config('events', ['wiki']), 30, now);
    await cut.sessions({ app: 'dice', window });
    await cut.sessions({ app: 'wiki', window });
    await cut.sessionStarts({ apps: ['dice', 'wiki'], window });
    // dice logs its sessions; wiki's events are read once for its sessions and its starts.
    assert.deepEqual(asked, [{ app: 'wiki', window: { ...window, from: window.from - 6 * HOUR, to: now } }]);
    assert.equal(withCutSessions(demo, config('session_events'), 30, now), demo, 'no app cuts sessions: the source itself');
  });
});
