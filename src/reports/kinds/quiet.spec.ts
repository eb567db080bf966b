import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadConfig } from '../../config/load.js';
import { buildReportFor } from '../../run/generate.js';
import { createSources } from '../../sources/registry.js';
import { SESSION_LENGTH_BOUNDS_MS, type ActivitySource } from '../../sources/types.js';
import { resolvePeriod } from '../../time/period.js';
import { TzCalendar } from '../../time/window.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const PERIOD = resolvePeriod('2026-11-16..2026-11-22', 'UTC', NOW);

it('usage report of an app nobody used in the 30 days up to the period: zeros where zero, and figures that cannot be defined say why', async () => {
  const { config } = await loadConfig({ allowBuiltin: true });
  const sources = await createSources(config, { demo: true, now: NOW, demoUsers: 100 });
  const demo = sources.activity!;
  // The demo organisation, where nobody ever used dice.
  const activity: ActivitySource = Object.create(demo);
  const days = (w: { from: number; to: number; tz: string }) => [...new TzCalendar(w).days];
  activity.distinctUsers = async () => 0;
  activity.newUsers = async () => 0;
  activity.activeUsers = async (q) => ({ days: days(q.window), dau: days(q.window).map(() => 0), wau: days(q.window).map(() => 0), mau: days(q.window).map(() => 0) });
  activity.userDays = async (q) => ({ days: days(q.window), users: new Map() });
  activity.userTotals = async () => new Map();
  activity.features = async () => [];
  activity.hourOfWeek = async () => Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const none = { bounds: [...SESSION_LENGTH_BOUNDS_MS], counts: new Array<number>(SESSION_LENGTH_BOUNDS_MS.length + 1).fill(0), count: 0, sum: 0 };
  activity.sessions = async () => ({ count: 0, perUser: new Map(), lengths: none, medianMs: null, p90Ms: null });
  const report = await buildReportFor({ config, kind: 'usage', apps: ['dice'], period: PERIOD, formats: ['json'], outDir: '', now: NOW }, { ...sources, activity });
  assert.equal(report.status, 'complete');
  const kpis = report.sections.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'kpis' ? b.items : []));
  assert.deepEqual(
    kpis.map((k) => [k.id, k.value, k.notDefined ?? null, k.previous, k.previousNotDefined ?? null]),
    [
      ['active_users', 0, null, 0, null],
      ['new_users', 0, null, 0, null],
      ['avg_dau', 0, null, 0, null],
      ['stickiness', null, 'no active users', null, 'no active users'],
      ['sessions', 0, null, 0, null],
      ['sessions_per_user', null, 'no sessions', null, 'no sessions'],
      ['median_session', null, 'no session ended', null, 'no session ended'],
      ['p90_session', null, 'no session ended', null, 'no session ended'],
    ],
  );
});
