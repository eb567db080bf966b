// Same options, same organisation and answers; another seed, another organisation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  BUILTIN_DEMO_APPS,
  buildDemoOrg,
  DemoActivitySource,
  DemoAnnotationSource,
  DemoMetricsSource,
  demoLogLines,
  writeOpenMetrics,
} from './index.js';
import type { DemoOptions } from './index.js';
import type { Window } from '../../time/window.js';

const DAY = 86_400_000;
const END = Date.UTC(2025, 0, 20);
const options: DemoOptions = { seed: 42, users: 120, historyDays: 30, end: END, apps: BUILTIN_DEMO_APPS };
const window: Window = { from: END - 21 * DAY, to: END - 7 * DAY, tz: 'Europe/Paris' };

/** Everything the organisation answers for one window, as comparable data. */
async function everything(opts: DemoOptions): Promise<unknown> {
  const org = buildDemoOrg(opts);
  const activity = new DemoActivitySource(org);
  const metrics = new DemoMetricsSource(org);
  const answers: unknown[] = [];
  for (const app of opts.apps.map((a) => a.id)) {
    const q = { app, window };
    answers.push(
      await activity.userDays(q),
      await activity.userTotals(q),
      await activity.features(q),
      await activity.sessions(q),
      await activity.hourOfWeek(q),
      await activity.lifecycle(q),
      await activity.errorLogs(q),
      await metrics.uptime(q),
      await metrics.downIntervals(q),
      await metrics.processStarts(q),
      await metrics.requests(q),
      await metrics.latency(q),
      await metrics.alerts(q),
    );
  }
  answers.push(await activity.sessionStarts({ apps: opts.apps.map((a) => a.id), window }));
  answers.push(await new DemoAnnotationSource(org).annotations({ window: { ...window, from: END - 30 * DAY, to: END } }));
  const lines = createHash('sha256');
  for (const l of demoLogLines(org, { apps: ['dice', 'wiki'], from: window.from, to: window.to })) lines.update(`${l.tsNs} ${l.line}\n`);
  const metricsText = createHash('sha256');
  writeOpenMetrics(org, { from: END - 10 * DAY, to: END - 10 * DAY + 6 * 3_600_000 }, (chunk) => metricsText.update(chunk));
  return { answers, lines: lines.digest('hex'), metrics: metricsText.digest('hex') };
}

describe('demo determinism', () => {
  it('gives identical answers, log lines and metrics for the same options', async () => {
    assert.deepEqual(await everything(options), await everything({ ...options, apps: options.apps.map((a) => ({ ...a })) }));
  });

  it('gives different ones for another seed', async () => {
    const a = (await everything(options)) as { answers: unknown[]; lines: string; metrics: string };
    const b = (await everything({ ...options, seed: 43 })) as typeof a;
    assert.notDeepEqual(a.answers[0], b.answers[0], 'userDays of dice differ');
    assert.notEqual(a.lines, b.lines);
    assert.notEqual(a.metrics, b.metrics);
  });

  it('answers repeated questions the same (caches do not leak state between answers)', async () => {
    const org = buildDemoOrg(options);
    const activity = new DemoActivitySource(org);
    const q = { app: 'tickets', window };
    const first = await activity.userDays(q);
    first.users.clear();
    first.days.length = 0;
    const fresh = await new DemoActivitySource(org).userDays(q);
    assert.deepEqual(await activity.userDays(q), fresh);
    assert.ok(fresh.users.size > 0, 'tickets has users');
  });

  it('gives an app the config invents a generic profile from its features', async () => {
    const apps = [...BUILTIN_DEMO_APPS.slice(0, 2), { id: 'billing', name: 'Billing', features: ['pay', 'refund', 'invoice', 'dispute'] }];
    const org = buildDemoOrg({ ...options, apps });
    const features = await new DemoActivitySource(org).features({ app: 'billing', window });
    assert.ok(features.length >= 2, `billing features used: ${features.map((f) => f.feature).join()}`);
    assert.ok(features.every((f) => apps[2]!.features.includes(f.feature) && f.events >= f.users && f.users > 0), 'known features only');
    assert.ok((await new DemoMetricsSource(org).requests({ app: 'billing', window })).total > 0, 'billing serves requests');
  });

  it('refuses options it cannot simulate, saying what to change', () => {
    assert.throws(() => buildDemoOrg({ ...options, users: 0 }), { code: 'USAGE', message: /users 0/ });
    assert.throws(() => buildDemoOrg({ ...options, apps: [BUILTIN_DEMO_APPS[0]!, BUILTIN_DEMO_APPS[0]!] }), { code: 'USAGE', message: /duplicate/ });
    assert.throws(() => buildDemoOrg({ ...options, historyDays: 1000 }), { code: 'USAGE', message: /historyDays/ });
  });
});
