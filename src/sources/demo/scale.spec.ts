// The demo at 10,000 users x 90 days: building it and answering a 30-day usage + adoption +
// health report's questions. The bounds are loose guards against order-of-magnitude
// regressions (tests share the machine); the measured figures are printed as diagnostics.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoActivitySource, DemoAnnotationSource, DemoMetricsSource } from './index.js';
import { addDaysIn, startOfDayIn } from '../../time/window.js';
import type { Window } from '../../time/window.js';

const DAY = 86_400_000;

it('builds 10,000 users x 90 days and answers a 30-day report in bounded time and memory', async (t) => {
  const now = Date.UTC(2026, 10, 25, 9, 30);
  const tz = 'Europe/Berlin';
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const org = buildDemoOrg({ seed: 42, users: 10_000, historyDays: 90, end: Math.floor(now / DAY) * DAY + DAY, apps: BUILTIN_DEMO_APPS });
  const built = performance.now();
  const activity = new DemoActivitySource(org);
  const metrics = new DemoMetricsSource(org);
  const to = startOfDayIn(now, tz);
  const from = addDaysIn(to, -30, tz);
  const current: Window = { from, to, tz };
  const previous: Window = { from: addDaysIn(from, -30, tz), to: from, tz };
  // What the adoption data loads: the previous period plus 29 days for MAU, and 90 days of history
  // before; from where the demo's data starts (it refuses a window that begins before that).
  const since = (from: number) => Math.max(org.range.start, from);
  const lookback: Window = { from: since(addDaysIn(previous.from, -29, tz)), to, tz };
  const history: Window = { from: since(addDaysIn(lookback.from, -90, tz)), to: lookback.from, tz };
  let users = 0;
  for (const app of org.apps.map((a) => a.spec.id)) {
    users = Math.max(users, (await activity.userDays({ app, window: lookback })).users.size);
    await activity.userTotals({ app, window: history });
    for (const window of [current, previous]) {
      const q = { app, window };
      await Promise.all([activity.features(q), activity.sessions(q), activity.lifecycle(q)]);
      await Promise.all([metrics.uptime(q), metrics.downIntervals(q), metrics.processStarts(q), metrics.requests(q), metrics.latency(q), metrics.alerts(q)]);
    }
    await Promise.all([activity.hourOfWeek({ app, window: current }), activity.errorLogs({ app, window: current })]);
  }
  await activity.sessionStarts({ apps: org.apps.map((a) => a.spec.id), window: current });
  await new DemoAnnotationSource(org).annotations({ window: current });
  const done = performance.now();
  const used = process.cpuUsage(cpu);
  const growthMb = (process.resourceUsage().maxRSS * 1024 - rssBefore) / 1e6;
  t.diagnostic(
    `sessions ${org.sessions.count}, build ${Math.round(built - started)} ms, questions ${Math.round(done - built)} ms, ` +
      `cpu ${Math.round((used.user + used.system) / 1000)} ms, max RSS growth ${Math.round(growthMb)} MB`,
  );
  assert.ok(users > 1000, `${users} users of the busiest app`);
  assert.ok(done - started < 15_000, `${Math.round(done - started)} ms`);
  assert.ok(growthMb < 250, `${Math.round(growthMb)} MB`);
});
