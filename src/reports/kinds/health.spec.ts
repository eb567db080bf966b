import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../config/load.js';
import { DatasourceError } from '../../errors.js';
import { formatKpiChange } from '../../model/format.js';
import { QueryLog } from '../../sources/query-log.js';
import type { LatencyStats, MetricsQuery, MetricsSource } from '../../sources/types.js';
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
  async uptime(q: MetricsQuery): Promise<number | null> {
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
  async latency(q: MetricsQuery): Promise<LatencyStats> {
    this.check(q);
    return { p50Ms: 40, p95Ms: 180, daily: [] };
  }
  async alerts(q: MetricsQuery) {
    this.check(q);
    return [];
  }
}

/** An app that was up all along and served no request: no incidents, nothing to average. */
class QuietMetrics extends FreshInstallMetrics {
  constructor(private readonly upSamples = true) {
    super();
  }
  override async uptime(): Promise<number | null> {
    return this.upSamples ? 1 : null;
  }
  override async downIntervals() {
    return [];
  }
  override async processStarts() {
    return [];
  }
  override async requests() {
    return { total: 0, errors: 0, daily: [] };
  }
  override async latency() {
    return { p50Ms: null, p95Ms: null, daily: [] };
  }
}

/** The period's incident and requests as in FreshInstallMetrics; the previous period was up, without incidents. */
class QuietBeforeMetrics extends FreshInstallMetrics {
  override async uptime(q: MetricsQuery): Promise<number | null> {
    return q.window.from < period.from ? 1 : super.uptime(q);
  }
  override async downIntervals(q: MetricsQuery) {
    return q.window.from < period.from ? [] : super.downIntervals(q);
  }
  override async processStarts(q: MetricsQuery) {
    return q.window.from < period.from ? [] : super.processStarts(q);
  }
  override async requests() {
    return { total: 1000, errors: 20, daily: [] };
  }
  override async latency() {
    return { p50Ms: 40, p95Ms: 180, daily: [] };
  }
  override async alerts() {
    return [];
  }
}

function context(metrics: MetricsSource = new FreshInstallMetrics()): ReportContext {
  return {
    config,
    apps: config.apps,
    period,
    sources: { metrics, missing: { activity: 'none in this test' } },
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

  it('says which figures are not defined (no incidents, no requests) rather than unavailable', async () => {
    const report = await buildReport('health', context(new QuietMetrics()));
    assert.equal(report.status, 'complete');
    const kpis = report.sections.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'kpis' ? b.items : []));
    const shown = (id: string) => {
      const k = kpis.find((item) => item.id === id)!;
      return [k.value, k.notDefined];
    };
    assert.deepEqual(shown('uptime'), [1, undefined]);
    assert.deepEqual(shown('incidents'), [0, undefined]);
    assert.deepEqual(shown('mttr'), [null, 'no incidents']);
    assert.deepEqual(shown('mtbf'), [null, 'no incidents']);
    assert.deepEqual(shown('requests'), [0, undefined]);
    assert.deepEqual(shown('error_ratio'), [null, 'no requests']);
    assert.deepEqual(shown('p50'), [null, 'no requests']);
    assert.deepEqual(shown('p95'), [null, 'no requests']);
    // Unknown, not undefined: crashes without lifecycle logs.
    assert.deepEqual(shown('crashes'), [null, undefined]);
    assert.equal(report.headline.find((k) => k.id === 'mttr')!.notDefined, 'no incidents');
  });

  it('does not call MTTR undefined when there were no up samples to find incidents in', async () => {
    const report = await buildReport('health', context(new QuietMetrics(false)));
    const mttr = report.headline.find((k) => k.id === 'mttr')!;
    assert.deepEqual([mttr.value, mttr.notDefined], [null, undefined]);
  });

  it('says when the previous period had no incidents, so MTTR\'s change is not just n/a', async () => {
    const report = await buildReport('health', context(new QuietBeforeMetrics()));
    const mttr = report.headline.find((k) => k.id === 'mttr')!;
    assert.deepEqual([mttr.value, mttr.previous, mttr.change, mttr.notDefined, mttr.previousNotDefined], [0.5 * H, null, null, undefined, 'no incidents']);
    assert.equal(formatKpiChange(mttr), 'no incidents before');
    const incidents = report.headline.find((k) => k.id === 'incidents')!;
    assert.deepEqual([incidents.value, incidents.previous, incidents.previousNotDefined], [1, 0, undefined]);
  });
});
