// Health answers of the demo: the outage, alerts and process starts as hand-computed from the
// simulated timeline, and consistency between metrics, logs and annotations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoActivitySource, DemoAnnotationSource, DemoMetricsSource } from './index.js';
import type { Window } from '../../time/window.js';

const MIN = 60_000;
const DAY = 86_400_000;
const END = Date.UTC(2025, 9, 15);
const org = buildDemoOrg({ seed: 5, users: 80, historyDays: 28, end: END, apps: BUILTIN_DEMO_APPS });
const metrics = new DemoMetricsSource(org);
const history: Window = { from: END - 28 * DAY, to: END, tz: 'UTC' };
const outageApp = org.apps.find((a) => a.ops.outage)!;
const outage = outageApp.ops.outage!;
const app = outageApp.spec.id;
const ceilMin = (ms: number): number => Math.ceil(ms / MIN) * MIN;

describe('demo metrics', () => {
  it('show the outage as one down interval, an AppDown alert and lower uptime', async () => {
    const window: Window = { from: ceilMin(outage.start) - 2 * 3_600_000, to: ceilMin(outage.end) + 2 * 3_600_000, tz: 'UTC' };
    // Scrapes at whole minutes find the app down from the first one after the crash to the last before the restart.
    const firstDown = ceilMin(outage.start);
    const firstUp = ceilMin(outage.end);
    const down = await metrics.downIntervals({ app, window });
    assert.deepEqual(down, [{ start: firstDown - MIN, end: firstUp - MIN }]);
    const scrapes = (window.to - window.from) / MIN;
    assert.equal(await metrics.uptime({ app, window }), 1 - (firstUp - firstDown) / MIN / scrapes);
    const alerts = await metrics.alerts({ app, window });
    const appDown = alerts.filter((a) => a.name === 'AppDown');
    // `for: 2m`: firing from the third down scrape; each point stands for the minute before it.
    assert.deepEqual(appDown, [
      { name: 'AppDown', severity: 'critical', start: firstDown + MIN, end: firstUp - MIN, labels: { alertname: 'AppDown', severity: 'critical' } },
    ]);
    assert.ok(alerts.some((a) => a.name === 'HighErrorRate' && a.start < outage.start), 'errors rise before the outage');
  });

  it('leave an alert open when it still fires at the window end', async () => {
    const window: Window = { from: ceilMin(outage.start) - 3_600_000, to: ceilMin(outage.start) + 30 * MIN, tz: 'UTC' };
    const appDown = (await metrics.alerts({ app, window })).filter((a) => a.name === 'AppDown');
    assert.deepEqual(appDown.map((a) => [a.start, a.end]), [[ceilMin(outage.start) + MIN, null]]);
  });

  it('count many more 5xx during the error spike than in the whole history', async () => {
    const spike = await metrics.requests({ app, window: { from: outage.start - 40 * MIN, to: outage.start, tz: 'UTC' } });
    const all = await metrics.requests({ app, window: history });
    assert.ok(spike.total > 0 && spike.errors / spike.total > 0.05, `${spike.errors}/${spike.total}`);
    assert.ok(all.errors / all.total < 0.03, `${all.errors}/${all.total}`);
    assert.equal(all.daily.length, 28);
    assert.equal(all.daily.reduce((s, d) => s + d.total, 0), all.total, 'days cover the window exactly');
    assert.equal(all.daily.reduce((s, d) => s + d.errors, 0), all.errors);
    // Each day is (midnight, next midnight]; a window starting 1 ms after midnight has the same scrapes.
    for (const [i, d] of all.daily.entries()) {
      const alone = await metrics.requests({ app, window: { from: d.day + 1, to: d.day + DAY, tz: 'UTC' } });
      assert.equal(alone.total, d.total, `day ${i}`);
      assert.equal(alone.errors, d.errors, `day ${i}`);
    }
  });

  it('give latency quantiles in ms, ordered, per day', async () => {
    const lat = await metrics.latency({ app: 'dice', window: history });
    assert.ok(lat.p50Ms! > 0 && lat.p50Ms! < lat.p95Ms!, `p50 ${lat.p50Ms}, p95 ${lat.p95Ms}`);
    assert.ok(lat.p95Ms! <= 10_000, 'within the finite buckets');
    assert.equal(lat.daily.length, 28);
    assert.ok(lat.daily.every((d) => d.p95Ms !== null && d.p95Ms > 0), 'every day has requests');
  });

  it('see every process start the logs show, and every deploy annotation', async () => {
    const activity = new DemoActivitySource(org);
    const annotations = await new DemoAnnotationSource(org).annotations({ window: history });
    for (const a of org.apps) {
      const id = a.spec.id;
      const starts = (await metrics.processStarts({ app: id, window: history })).map((s) => s.ts);
      const logged = (await activity.lifecycle({ app: id, window: history })).filter((e) => e.kind === 'start').map((e) => e.ts);
      assert.deepEqual(starts, logged, id);
      assert.ok(starts.length >= 3, `${id}: weekly deploys`);
      const deploys = annotations.filter((n) => n.tags.includes('deploy') && n.tags.includes(id));
      for (const d of deploys) {
        assert.match(d.text, new RegExp(`^Deploy ${id} v\\d+\\.\\d+\\.\\d+$`));
        assert.ok(starts.includes(d.ts), `${d.text} is a process start`);
      }
      assert.ok(deploys.length >= 2, `${id}: deploys annotated`);
    }
  });

  it('show a crash loop as rapid starts and a CrashLooping alert', async () => {
    const looping = org.apps.filter((a) => a.ops.crashLoopStarts.length > 0);
    assert.equal(looping.length, 1);
    const id = looping[0]!.spec.id;
    const starts = (await metrics.processStarts({ app: id, window: history })).map((s) => s.ts);
    const rapid = starts.some((t, i) => i + 3 < starts.length && starts[i + 3]! - t < 30 * MIN);
    assert.ok(rapid, 'four starts within 30 minutes');
    assert.ok((await metrics.alerts({ app: id, window: history })).some((a) => a.name === 'CrashLooping'), 'CrashLooping fires');
  });

  it('answer nothing for an app the organisation does not have', async () => {
    const q = { app: 'nope', window: history };
    assert.equal(await metrics.uptime(q), null);
    assert.deepEqual(await metrics.downIntervals(q), []);
    assert.equal((await metrics.requests(q)).total, 0);
    assert.equal((await metrics.latency(q)).p95Ms, null);
  });
});
