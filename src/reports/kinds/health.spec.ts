import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../config/load.js';
import { DatasourceError } from '../../errors.js';
import { QueryLog } from '../../sources/query-log.js';
import type { MetricsQuery, MetricsSource } from '../../sources/types.js';
import { resolvePeriod } from '../../time/period.js';
import { buildReport } from '../build.js';
import type { ReportContext } from '../context.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const { config } = parseConfig('version: 1\ntimezone: UTC\napps:\n  - { id: dice, name: Dice }\n', 'test.yaml', {});
const period = resolvePeriod('2026-11-23..2026-11-24', 'UTC', NOW); // 2 days; the previous period is 21-22 Nov
const H = 3_600_000;

/** Metrics with one 30-minute incident and a restart in the period; nothing at all before it. */
class FreshInstallMetrics implements MetricsSource {
  readonly name = 'prometheus';
  readonly type = 'prometheus';
  private check(q: MetricsQuery): void {
    if (q.window.from < period.from) throw new DatasourceError('DATASOURCE_QUERY', 'prometheus', 'no series of http_requests_total{job="dice"} in the window');
  }
  async uptime(q: MetricsQuery) {
    this.check(q);
    return 1 - 0.5 / 48; // 30 min down in 48 h
  }
  async downIntervals(q: MetricsQuery) {
    this.check(q);
    return [{ start: period.from + 10 * H, end: period.from + 10.5 * H }];
  }
  async processStarts(q: MetricsQuery) {
    this.check(q);
    return [
      { instance: 'dice:8080', ts: period.from + H },
      { instance: 'dice:8080', ts: period.from + 10.5 * H },
    ];
  }
  async requests(q: MetricsQuery) {
    this.check(q);
    return { total: 1000, errors: 20, daily: [] };
  }
  async latency(q: MetricsQuery) {
    this.check(q);
    return { p50Ms: 40, p95Ms: 180, daily: [] };
  }
  async alerts(q: MetricsQuery) {
    this.check(q);
    return [];
  }
}

function context(): ReportContext {
  return {
    config,
    apps: config.apps,
    period,
    sources: { metrics: new FreshInstallMetrics(), missing: { activity: 'none in this test' } },
    queries: new QueryLog(),
    dashboards: [],
    now: NOW,
    unavailable: [],
    highlights: [],
    showUser: (u) => u,
  };
}

describe('health report', () => {
  it('with no previous-period data: the period\'s figures stand, the changes are n/a, the report is not partial', async () => {
    const report = await buildReport('health', context());
    assert.deepEqual(report.appendix.unavailable.map((u) => u.what), ['Previous period of dice']);
    assert.equal(report.status, 'complete');
    const uptime = report.headline.find((k) => k.id === 'uptime')!;
    assert.equal(uptime.value, 1 - 0.5 / 48);
    assert.equal(uptime.previous, null);
    assert.equal(uptime.change, null);
    const incidents = report.headline.find((k) => k.id === 'incidents')!;
    assert.equal(incidents.value, 1);
    assert.equal(incidents.previous, null, 'not a silent zero');
    assert.equal(report.headline.find((k) => k.id === 'mttr')!.value, 0.5 * H);
    assert.equal(report.headline.find((k) => k.id === 'error_ratio')!.value, 0.02);
    assert.deepEqual(
      report.appendix.unavailable.map((u) => [u.what, u.comparisonOnly]),
      [['Previous period of dice', true]],
    );
    const restarts = report.sections.find((s) => s.id === 'restarts')!;
    const kpis = restarts.blocks.find((b) => b.kind === 'kpis');
    assert.ok(kpis?.kind === 'kpis');
    // Two starts, one restart; crashes are unknown without lifecycle logs (no activity source), not 0.
    assert.deepEqual(kpis.items.map((k) => [k.id, k.value, k.previous]), [
      ['starts', 2, null],
      ['restarts', 1, null],
      ['crashes', null, null],
      ['graceful_stops', null, null],
    ]);
    assert.match(report.highlights[0]!.text, /Dice was down for 30 min/);
  });
});
