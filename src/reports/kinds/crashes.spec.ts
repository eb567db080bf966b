import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../config/load.js';
import { DatasourceError } from '../../errors.js';
import type { Report } from '../../model/report.js';
import { buildReportFor } from '../../run/generate.js';
import { createSources } from '../../sources/registry.js';
import type { ActivityQuery, ActivitySource } from '../../sources/types.js';
import { resolvePeriod } from '../../time/period.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
// The demo's catalog (Product Catalog), whose app_start/app_stop events are (UTC): 3 Nov stop 09:23:35, start
// 09:25:04; 10 Nov stop 09:56:03, start 09:57:21; 17 Nov start 07:49:53 with no stop before it.
// Its previous period is 9-15 Nov.
const WEEK = resolvePeriod('2026-11-16..2026-11-22', 'Europe/Berlin', NOW);
// 17 Nov alone: its previous period (16 Nov) has no event, so the start of 10 Nov is found only
// in the look back beyond one period's length.
const DAY = resolvePeriod('2026-11-17..2026-11-17', 'Europe/Berlin', NOW);

/** Catalog's health report; lifecycle events from before `unreadableBefore` cannot be read, as from a Kafka topic whose retention deleted them. */
async function catalogHealth(period: typeof WEEK, unreadableBefore = -Infinity): Promise<Report> {
  const { config } = await loadConfig({ allowBuiltin: true });
  const sources = await createSources(config, { demo: true, now: NOW, demoUsers: 200 });
  const demo = sources.activity!;
  const activity: ActivitySource = Object.create(demo);
  activity.lifecycle = (q: ActivityQuery) =>
    q.window.from < unreadableBefore
      ? Promise.reject(new DatasourceError('DATASOURCE_LIMIT', 'kafka', 'Kafka topic app-events may no longer hold the events'))
      : demo.lifecycle(q);
  return buildReportFor({ config, kind: 'health', apps: ['catalog'], period, formats: ['json'], outDir: '', now: NOW }, { ...sources, activity });
}

function restartKpis(report: Report): Record<string, [number | null, number | null]> {
  const section = report.sections.find((s) => s.id === 'restarts')!;
  const kpis = section.blocks.find((b) => b.kind === 'kpis');
  assert.ok(kpis?.kind === 'kpis');
  return Object.fromEntries(kpis.items.map((k) => [k.id, [k.value, k.previous]]));
}

describe('health report, crashes', () => {
  it('counts the period\'s first start as a crash when the process before it (started the week before) never stopped gracefully', async () => {
    const report = await catalogHealth(WEEK);
    assert.equal(report.status, 'complete');
    // This period: one start (17 Nov), no restart; its instance's last event before it is the
    // start of 10 Nov: a crash. The previous period: the start of 10 Nov follows a graceful stop.
    assert.deepEqual(restartKpis(report), { starts: [1, 1], restarts: [0, 0], crashes: [1, 0], graceful_stops: [0, 1] });
    const definition = report.appendix.definitions.find((d) => d.term === 'Start, restart, crash')!;
    assert.match(definition.text, /the period's first included.*looking back up to 90 days/);
    // One day: the start of 10 Nov is a week before it, beyond one period's length; the previous
    // day has no start.
    assert.deepEqual(restartKpis(await catalogHealth(DAY)), { starts: [1, 0], restarts: [0, 0], crashes: [1, 0], graceful_stops: [0, 0] });
  });

  it('has crashes n/a, not 0, when the events before the period cannot be read; the report is partial', async () => {
    // Readable: the previous day (one period's length back), not what is before it.
    const report = await catalogHealth(DAY, DAY.previous.from);
    assert.equal(report.status, 'partial');
    assert.deepEqual(restartKpis(report), { starts: [1, 0], restarts: [0, 0], crashes: [null, 0], graceful_stops: [0, 0] });
    assert.deepEqual(report.appendix.unavailable.map((u) => [u.what, u.comparisonOnly ?? false, u.section]), [['Crashes of Product Catalog', false, 'restarts']]);
    assert.match(report.appendix.unavailable[0]!.reason, /^Kafka topic app-events may no longer hold the events\. Whether Product Catalog's first start in the period followed a crash cannot be told/);
    // A week: the start of 10 Nov is within one period's length before it, which is readable.
    assert.equal((await catalogHealth(WEEK, WEEK.previous.from)).status, 'complete');
  });
});
