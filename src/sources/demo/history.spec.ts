// Where the demo organisation's data starts: a question about a window that begins before it is
// refused (never answered with zeros for days it never simulated); what is read back from a
// window (history, the 30 days of MAU, events before a period) is answered from the data there
// is, and the query says from when.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DatasourceError } from '../../errors.js';
import { QueryLog, within } from '../query-log.js';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoActivitySource, DemoMetricsSource } from './index.js';
import type { Window } from '../../time/window.js';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 26);
const org = buildDemoOrg({ seed: 3, users: 60, historyDays: 30, end: END, apps: BUILTIN_DEMO_APPS });
const START = END - 30 * DAY; // 2026-10-27T00:00Z
const activity = new DemoActivitySource(org);
const metrics = new DemoMetricsSource(org);

const before: Window = { from: START - 10 * DAY, to: START - 3 * DAY, tz: 'UTC' };
const across: Window = { from: START - 3 * DAY, to: START + 4 * DAY, tz: 'UTC' };
const inside: Window = { from: START, to: START + 7 * DAY, tz: 'UTC' };

/** The demo's refusal: no data, naming where it starts and how to get a period with data. */
function refusal(asked: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof DatasourceError, String(e));
    assert.equal(e.code, 'DATASOURCE_NO_DATA');
    assert.equal(e.datasource, 'demo');
    assert.match(e.message, /^The demo organisation \(--demo\) has data from 2026-10-27 00:00 UTC on, the 30 days of its history \(datasources\.demo\.historyDays\): /);
    assert.match(e.message, asked);
    assert.match(e.hint ?? '', /^Choose a later period \(the first whole day with data is 2026-10-27; .*datasources\.demo\.historyDays/);
    return true;
  };
}

describe('demo organisation, before its history', () => {
  it('refuses every count over a window before its data, or one that begins before it', async () => {
    for (const [window, asked] of [
      [before, /2026-10-17 to 2026-10-23 lies before it$/],
      [across, /2026-10-24 to 2026-10-30 begins before it$/],
    ] as const) {
      const q = { app: 'dice', window };
      const users = { apps: ['dice'], window };
      await assert.rejects(activity.distinctUsers(users), refusal(asked));
      await assert.rejects(activity.activeUsers(users), refusal(asked));
      await assert.rejects(activity.newUsers({ ...users, historyFrom: window.from - 30 * DAY }), refusal(asked));
      await assert.rejects(activity.userLifecycle({ apps: ['dice'], intervals: [window, inside], historyFrom: window.from }), refusal(asked));
      await assert.rejects(activity.retention({ apps: ['dice'], intervals: [window, inside], historyFrom: window.from }), refusal(asked));
      for (const ask of [activity.userDays(q), activity.userTotals(q), activity.features(q), activity.sessions(q), activity.hourOfWeek(q), activity.errorLogs(q)]) {
        await assert.rejects(ask, refusal(asked));
      }
      await assert.rejects(activity.sessionStarts({ apps: ['dice', 'wiki'], window }), refusal(asked));
      for (const ask of [metrics.uptime(q), metrics.downIntervals(q), metrics.processStarts(q), metrics.requests(q), metrics.latency(q), metrics.alerts(q)]) {
        await assert.rejects(ask, refusal(asked));
      }
    }
  });

  it('answers a window from its first instant on', async () => {
    assert.ok((await activity.distinctUsers({ apps: ['dice'], window: inside })) > 0);
    assert.ok((await metrics.uptime({ app: 'dice', window: inside }))! > 0);
  });

  it('answers what is read back before a window from the data there is, and its query says from when', async () => {
    const window: Window = { from: START + 7 * DAY, to: START + 14 * DAY, tz: 'UTC' };
    const users = { apps: ['dice'], window };
    const log = new QueryLog();
    const ask = <T>(fn: () => Promise<T>) => within(log, 'test', fn);
    // No one was seen before the data starts: from 90 days back or from its start, the same new users.
    const fromBefore = await ask(() => activity.newUsers({ ...users, historyFrom: window.from - 90 * DAY }));
    const fromStart = await ask(() => activity.newUsers({ ...users, historyFrom: START }));
    assert.equal(fromBefore, fromStart);
    assert.ok(fromBefore > 0);
    assert.equal((await ask(() => activity.activeUsers(users))).mau.length, 7);
    const events = await ask(() => activity.lifecycle({ app: 'dice', window: { ...window, from: window.from - 30 * DAY } }));
    assert.ok(events.every((e) => e.ts >= START));
    const from = "(nothing before 2026-10-27T00:00:00.000Z, where the demo's data starts)";
    const said = log.all().map((r) => r.query);
    assert.deepEqual(
      said.map((q) => q.includes(from)),
      [true, false, true, true],
      said.join('\n'),
    );
  });
});
