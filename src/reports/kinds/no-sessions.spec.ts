import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../config/load.js';
import { buildReportFor } from '../../run/generate.js';
import { createSources } from '../../sources/registry.js';
import { SESSION_LENGTH_BOUNDS_MS, type ActivityQuery, type ActivitySource, type SessionStats } from '../../sources/types.js';
import { resolvePeriod } from '../../time/period.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const PERIOD = resolvePeriod('2026-11-16..2026-11-22', 'UTC', NOW); // the previous period is 9-15 Nov
const NO_SESSIONS: SessionStats = { count: 0, perUser: new Map(), lengths: { bounds: [...SESSION_LENGTH_BOUNDS_MS], counts: SESSION_LENGTH_BOUNDS_MS.map(() => 0).concat(0), count: 0, sum: 0 }, medianMs: null, p90Ms: null };

/**
 * A report of dice on the demo organisation, except that dice logs no session_start events in
 * windows ending at or before `until` and starting at or after `since`.
 */
async function withoutSessions(kind: 'usage' | 'journeys', until: number, apps = ['dice'], since = -Infinity) {
  const { config } = await loadConfig({ allowBuiltin: true });
  const sources = await createSources(config, { demo: true, now: NOW, demoUsers: 200 });
  const demo = sources.activity!;
  const activity: ActivitySource = Object.create(demo);
  const quiet = (q: { window: { from: number; to: number } }) => q.window.to <= until && q.window.from >= since;
  activity.sessions = (q: ActivityQuery) => (quiet(q) ? Promise.resolve(NO_SESSIONS) : demo.sessions(q));
  activity.sessionStarts = async (q) => {
    const starts = await demo.sessionStarts(q);
    return quiet(q) ? starts.filter((s) => s.app !== 'dice') : starts;
  };
  return buildReportFor({ config, kind, apps, period: PERIOD, formats: ['json'], outDir: '', now: NOW }, { ...sources, activity });
}
const usageWithoutSessions = (until: number) => withoutSessions('usage', until);

describe('usage report, an app that logs no sessions', () => {
  it('shows sessions as unavailable with the reason, never as zero, and the report is partial', async () => {
    const report = await usageWithoutSessions(Infinity);
    const section = report.sections.find((s) => s.id === 'sessions')!;
    assert.equal(section.blocks.length, 1);
    const block = section.blocks[0]!;
    assert.equal(block.kind, 'unavailable');
    assert.match(block.kind === 'unavailable' ? block.reason : '', /^Dice logged events of \d+ people in this period but no session_start event\. Sessions are counted from session_start/);
    assert.equal(report.status, 'partial');
    const headline = report.headline.find((k) => k.id === 'sessions')!;
    assert.equal(headline.value, null);
    // The other sections still stand.
    assert.ok(report.headline.find((k) => k.id === 'active_users')!.value! > 0);
  });

  it('with sessions now but none logged before: the changes are n/a, the appendix says why, the report is complete', async () => {
    const report = await usageWithoutSessions(PERIOD.from);
    assert.equal(report.status, 'complete');
    const sessions = report.headline.find((k) => k.id === 'sessions')!;
    assert.ok(sessions.value! > 0);
    assert.equal(sessions.previous, null, 'not a silent zero');
    assert.equal(sessions.change, null);
    assert.deepEqual(
      report.appendix.unavailable.map((u) => [u.what, u.comparisonOnly]),
      [['Sessions in the previous period', true]],
    );
    assert.match(report.appendix.unavailable[0]!.reason, /no session_start event\. Changes against the previous period are n\/a\./);
  });
});

describe('usage report, sessions cut from events (apps[].sessionsFrom: events)', () => {
  it('shows the sessions the events make, says how in the appendix, and asks no session_start', async () => {
    const report = async (sessionsFrom: 'events' | 'session_events') => {
      const { config } = await loadConfig({ allowBuiltin: true });
      config.apps = config.apps.map((a) => (a.id === 'dice' ? { ...a, sessionsFrom } : a));
      const sources = await createSources(config, { demo: true, now: NOW, demoUsers: 200 });
      return buildReportFor({ config, kind: 'usage', apps: ['dice'], period: PERIOD, formats: ['json'], outDir: '', now: NOW }, sources);
    };
    const [logged, cut] = [await report('session_events'), await report('events')];
    const sessions = (r: typeof logged) => r.sections.find((s) => s.id === 'sessions')!.blocks;
    // The demo's events carry their session's id, and a session's first and last events are its
    // session_start and session_end: the sessions cut from them are the logged ones.
    assert.ok((cut.headline.find((k) => k.id === 'sessions')?.value ?? 0) > 0);
    assert.deepEqual(sessions(cut), sessions(logged));
    assert.equal(cut.status, 'complete');
    const term = (r: typeof logged) => r.appendix.definitions.find((d) => d.term === 'Session cut from events')?.text;
    assert.equal(term(logged), undefined);
    assert.match(term(cut) ?? '', /^Dice logs no session_start or session_end: its sessions are cut from its events\. .* more than 30 minutes pass without an event/);
    const asked = cut.appendix.queries.filter((q) => q.usedBy.includes('sessions')).map((q) => q.query);
    assert.ok(asked.some((q) => q.includes('time, user and session')), asked.join('\n'));
    assert.ok(!asked.some((q) => q.includes('session_start')), asked.join('\n'));
  });
});

describe('journeys through an app that logs no sessions', () => {
  it('is an error with the reason, never zero journeys: every section needs session starts', async () => {
    await assert.rejects(withoutSessions('journeys', Infinity), (error: Error) => {
      assert.equal(
        error.message,
        'nothing of the journeys report could be computed: Dice logged events of 43 people in this period but no session_start event. Journeys are built from session_start events, in the JSON field named by apps[].fields.event; for an app that logs none, set its sessionsFrom: events to cut sessions from its events.',
      );
      return true;
    });
  });

  it('with none logged in the previous period only: the changes are n/a, the appendix says why, the report is complete', async () => {
    const report = await withoutSessions('journeys', PERIOD.from);
    assert.equal(report.status, 'complete');
    const journeys = report.headline.find((k) => k.id === 'journeys')!;
    assert.ok(journeys.value! > 0);
    assert.equal(journeys.previous, null, 'not a silent zero');
    assert.equal(report.headline.find((k) => k.id === 'transitions')!.previous, null);
    assert.deepEqual(
      report.appendix.unavailable.map((u) => [u.what, u.comparisonOnly]),
      [['Journeys in the previous period', true]],
    );
  });

  for (const [scope, apps] of [['all apps', []], ['Dice and Sales Forecast', ['dice', 'forecast']]] as const) {
    it(`of ${scope}: the journeys of the others, and the report says Dice cannot appear (partial)`, async () => {
      const report = await withoutSessions('journeys', Infinity, [...apps]);
      assert.equal(report.status, 'partial');
      assert.deepEqual(report.appendix.unavailable.map((u) => [u.what, u.comparisonOnly ?? false]), [['Journeys through Dice', false]]);
      assert.match(report.appendix.unavailable[0]!.reason, /^Dice logged events of 43 people in this period but no session_start event\. It cannot appear in the journeys\./);
      const rows = (id: string) => report.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'table' && b.id === id);
      const moves = rows('transitions');
      assert.ok(moves?.kind === 'table' && moves.rows.length > 0);
      assert.ok(moves.rows.every((m) => m.from !== 'Dice' && m.to !== 'Dice'));
      const drop = rows('drop-off');
      assert.ok(drop?.kind === 'table' && !drop.rows.some((d) => d.app === 'Dice'));
      assert.ok(report.headline.every((k) => k.value !== null));
      // Dice is in neither period's journeys: the two count the same apps, and compare.
      assert.ok(report.headline.every((k) => k.previous !== null));
    });
  }

  it('of all apps, Dice without session starts in the previous period only: the changes are n/a (not the same apps), the report is complete', async () => {
    const report = await withoutSessions('journeys', PERIOD.from, []);
    assert.equal(report.status, 'complete');
    assert.ok(report.headline.every((k) => k.value !== null && k.previous === null && k.change === null));
    assert.deepEqual(report.appendix.unavailable.map((u) => [u.what, u.comparisonOnly]), [['Journeys in the previous period', true]]);
    assert.match(
      report.appendix.unavailable[0]!.reason,
      /^Dice logged events of \d+ people in the previous period but no session_start event, and session starts in this one\. The two periods' journeys do not count the same apps\. Changes against the previous period are n\/a\.$/,
    );
  });

  it('of Sales Forecast, Dice (outside the report) without session starts in the previous period only: the changes are n/a, the report is complete', async () => {
    // Journeys through Forecast are cut from every app's sessions: moves between Forecast and
    // Dice count in this period and could not in the previous one.
    const report = await withoutSessions('journeys', PERIOD.from, ['forecast']);
    assert.equal(report.status, 'complete');
    assert.ok(report.headline.every((k) => k.value !== null && k.previous === null && k.change === null));
    assert.deepEqual(report.appendix.unavailable.map((u) => [u.what, u.comparisonOnly]), [['Journeys in the previous period', true]]);
    assert.match(report.appendix.unavailable[0]!.reason, /^Dice logged events of \d+ people in the previous period but no session_start event, and session starts in this one\. The two periods' journeys do not count the same apps\./);
    // Dice without session starts in both periods: the two count the same apps, and compare.
    const both = await withoutSessions('journeys', Infinity, ['forecast']);
    assert.equal(both.status, 'complete');
    assert.ok(both.headline.every((k) => k.value !== null && k.previous !== null));
    assert.deepEqual(both.appendix.unavailable, []);
  });

  it('of all apps, Dice without session starts in this period only: Dice cannot appear (partial) and the changes are n/a', async () => {
    const report = await withoutSessions('journeys', Infinity, [], PERIOD.from);
    assert.equal(report.status, 'partial');
    assert.ok(report.headline.every((k) => k.value !== null && k.previous === null));
    const unavailable = report.appendix.unavailable.map((u) => [u.what, u.comparisonOnly ?? false, u.reason] as const).sort();
    assert.deepEqual(unavailable.map(([what, only]) => [what, only]), [['Journeys in the previous period', true], ['Journeys through Dice', false]]);
    assert.match(unavailable[0]![2], /^Dice logged events of 43 people in this period but no session_start event, and session starts in the previous one\. The two periods' journeys do not count the same apps\./);
  });
});
