// Every ActivitySource answer of the demo equals counting its log lines, written here
// independently: JSON parsing, and local days/hours from Intl rather than TzCalendar.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoActivitySource, demoLogLines } from './index.js';
import type { Window } from '../../time/window.js';

const END = Date.UTC(2025, 2, 31); // 14 days before it include both the US and the EU DST change.
const org = buildDemoOrg({ seed: 11, users: 40, historyDays: 14, end: END, apps: BUILTIN_DEMO_APPS });
const source = new DemoActivitySource(org);
const BOUNDS = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000];

interface Parsed {
  ms: number;
  app: string;
  event: string;
  level: string;
  user?: string;
  session?: string;
  feature?: string;
  duration_ms?: number;
  instance?: string;
}

function lines(apps: string[], window: Window): Parsed[] {
  return [...demoLogLines(org, { apps, from: window.from, to: window.to })].map((l) => ({
    ms: Number(l.tsNs / 1_000_000n),
    app: l.labels.app,
    ...(JSON.parse(l.line) as Omit<Parsed, 'ms' | 'app'>),
  }));
}

/** Local date, weekday (0 = Monday) and hour of an instant, from Intl. */
function local(ms: number, tz: string): { date: string; weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  }).formatToParts(new Date(ms));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'));
  return { date: `${get('year')}-${get('month')}-${get('day')}`, weekday, hour: Number(get('hour')) };
}

function quantileByHand(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (rank - lo);
}

const HOUR = 3_600_000;
const windows: Window[] = [
  { from: END - 14 * 86_400_000, to: END, tz: 'Europe/Berlin' },
  // Not aligned to days, crossing the US DST change.
  { from: END - 13 * 86_400_000 + 7.25 * HOUR, to: END - 4 * 86_400_000 - 3.5 * HOUR, tz: 'America/New_York' },
  { from: END - 6 * 86_400_000, to: END - 86_400_000, tz: 'UTC' },
];
// Edges exactly on line timestamps (a session start and its same-millisecond login, a session end).
{
  const sample = lines(['dice', 'wiki'], { from: END - 14 * 86_400_000, to: END, tz: 'UTC' });
  const start = sample.find((l, i) => i > sample.length * 0.2 && l.event === 'session_start')!;
  const end = sample.findLast((l, i) => i < sample.length * 0.8 && l.event === 'session_end')!;
  windows.push({ from: start.ms, to: end.ms, tz: 'Asia/Kolkata' });
}

describe('demo activity answers equal counting the demo log lines', () => {
  for (const window of windows) {
    // Local dates of the days intersecting the window, found by walking it hour by hour.
    const dates: string[] = [];
    for (let t = window.from; t < window.to + HOUR; t += HOUR / 4) {
      const date = local(Math.min(t, window.to - 1), window.tz).date;
      if (!dates.includes(date)) dates.push(date);
    }
    for (const app of org.apps.map((a) => a.spec.id)) {
      it(`${app}, ${window.tz}, ${new Date(window.from).toISOString()}`, async () => {
        const all = lines([app], window);
        assert.ok(all.length > 50, 'the small org still has activity');
        const byUser = new Map<string, number>();
        for (const l of all) if (l.user) byUser.set(l.user, (byUser.get(l.user) ?? 0) + 1);
        const busiest = [...byUser].sort((a, b) => b[1] - a[1])[0]![0];
        for (const user of [undefined, busiest]) {
          const q = { app, window, ...(user === undefined ? {} : { user }) };
          const mine = all.filter((l) => user === undefined || l.user === user);
          const withUser = mine.filter((l) => l.user);

          const ud = await source.userDays(q);
          assert.deepEqual(ud.days.map((d) => local(d, window.tz).date), dates);
          for (const d of ud.days) assert.equal(local(d, window.tz).hour, 0, 'days start at local midnight');
          const expectedDays = new Map<string, number[]>();
          for (const l of withUser) {
            const row = expectedDays.get(l.user!) ?? new Array<number>(dates.length).fill(0);
            row[dates.indexOf(local(l.ms, window.tz).date)]! += 1;
            expectedDays.set(l.user!, row);
          }
          assert.deepEqual(ud.users, expectedDays);

          const totals = new Map([...expectedDays].map(([u, row]) => [u, row.reduce((a, b) => a + b, 0)]));
          assert.deepEqual(await source.userTotals(q), totals);

          const features = new Map<string, { events: number; users: Set<string> }>();
          for (const l of mine.filter((x) => x.event === 'feature_used')) {
            const f = features.get(l.feature!) ?? { events: 0, users: new Set() };
            f.events++;
            f.users.add(l.user!);
            features.set(l.feature!, f);
          }
          const gotFeatures = await source.features(q);
          assert.deepEqual(
            new Map(gotFeatures.map((f) => [f.feature, { events: f.events, users: f.users }])),
            new Map([...features].map(([name, f]) => [name, { events: f.events, users: f.users.size }])),
          );

          const starts = mine.filter((l) => l.event === 'session_start');
          const ends = mine.filter((l) => l.event === 'session_end').map((l) => l.duration_ms!);
          const sessions = await source.sessions(q);
          assert.equal(sessions.count, starts.length);
          const perUser = new Map<string, number>();
          for (const l of starts) perUser.set(l.user!, (perUser.get(l.user!) ?? 0) + 1);
          assert.deepEqual(sessions.perUser, perUser);
          const counts = new Array<number>(BOUNDS.length + 1).fill(0);
          for (const ms of ends) {
            const i = BOUNDS.findIndex((b) => ms <= b);
            counts[i === -1 ? BOUNDS.length : i]! += 1;
          }
          assert.deepEqual(sessions.lengths, { bounds: BOUNDS, counts, count: ends.length, sum: ends.reduce((a, b) => a + b, 0) });
          // Same interpolation, written differently: equal up to floating-point rounding.
          assert.ok(Math.abs(sessions.medianMs! - quantileByHand(ends, 0.5)!) < 1e-6, `median ${sessions.medianMs}`);
          assert.ok(Math.abs(sessions.p90Ms! - quantileByHand(ends, 0.9)!) < 1e-6, `p90 ${sessions.p90Ms}`);

          const how = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
          for (const l of withUser) {
            const at = local(l.ms, window.tz);
            how[at.weekday]![at.hour]! += 1;
          }
          assert.deepEqual(await source.hourOfWeek(q), how);

          const errors = new Array<number>(dates.length).fill(0);
          for (const l of mine.filter((x) => x.level === 'error')) errors[dates.indexOf(local(l.ms, window.tz).date)]! += 1;
          assert.deepEqual(await source.errorLogs(q), errors);

          const life = mine
            .filter((l) => l.event === 'app_start' || l.event === 'app_stop')
            .map((l) => ({ ts: l.ms, app, instance: l.instance, kind: l.event === 'app_start' ? 'start' : 'stop' }));
          assert.deepEqual(await source.lifecycle(q), life);
          if (user === undefined && window === windows[0]) assert.ok(life.length > 0, 'two weeks hold deploys or crashes');
        }
      });
    }
    it(`session starts across apps, ${window.tz}`, async () => {
      const apps = org.apps.map((a) => a.spec.id);
      const starts = lines(apps, window)
        .filter((l) => l.event === 'session_start')
        .map((l) => ({ ts: l.ms, user: l.user!, app: l.app, session: l.session! }));
      const key = (s: { ts: number; app: string; user: string; session: string }): string =>
        `${String(s.ts).padStart(15, '0')} ${s.app} ${s.user} ${s.session}`;
      starts.sort((a, b) => (key(a) < key(b) ? -1 : 1));
      assert.deepEqual(await source.sessionStarts({ apps, window }), starts);
      const one = starts[0]!.user;
      assert.deepEqual(await source.sessionStarts({ apps, window, user: one }), starts.filter((s) => s.user === one));
    });
  }

  it('answers nothing for an unknown app or user', async () => {
    const window = windows[0]!;
    assert.deepEqual((await source.userDays({ app: 'nope', window })).users.size, 0);
    assert.deepEqual(await source.userTotals({ app: 'dice', window, user: 'u99999' }), new Map());
    assert.equal((await source.sessions({ app: 'dice', window, user: 'someone' })).count, 0);
    assert.deepEqual(await source.sessionStarts({ apps: ['nope'], window }), []);
  });
});
