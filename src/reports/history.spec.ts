// Reports on the demo organisation for periods it has no data for: its history is the 120 days
// (datasources.demo.historyDays) up to the end of "today", 29 Jul to 25 Nov 2026 here. A period
// before it is no all-zero report; a previous period that begins before it is no comparison
// against zeros: the changes are n/a and the appendix says why.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../config/load.js';
import type { Kpi, Report, ReportKind } from '../model/report.js';
import { buildReportFor } from '../run/generate.js';
import { createSources } from '../sources/registry.js';
import { resolvePeriod } from '../time/period.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const KINDS: { kind: ReportKind; apps: string[]; user?: string }[] = [
  { kind: 'usage', apps: ['dice'] },
  { kind: 'adoption', apps: [] },
  { kind: 'health', apps: ['dice'] },
  { kind: 'journeys', apps: [] },
  { kind: 'user', apps: [], user: 'u00006' },
];

async function report(spec: (typeof KINDS)[number], period: string): Promise<Report> {
  const { config } = await loadConfig({ allowBuiltin: true });
  const sources = await createSources(config, { demo: true, now: NOW, demoUsers: 100 });
  const { kind, apps, user } = spec;
  return buildReportFor({ config, kind, apps, period: resolvePeriod(period, 'UTC', NOW), formats: ['json'], outDir: '', now: NOW, ...(user ? { user } : {}) }, sources);
}

const kpis = (r: Report): Kpi[] => r.sections.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'kpis' ? b.items : []));

describe('reports on the demo organisation before its history', () => {
  for (const spec of KINDS) {
    it(`${spec.kind}: a period before it is no report of zeros, but says where the data starts and how to get a period that has some`, async () => {
      await assert.rejects(report(spec, '2026-06'), (e: Error & { hint?: string; code?: string }) => {
        assert.equal(e.code, 'DATASOURCE_NO_DATA');
        assert.match(e.message, new RegExp(`^nothing of the ${spec.kind} report could be computed: The demo organisation \\(--demo\\) has data from 2026-07-29 00:00 UTC on, the 120 days of its history \\(datasources\\.demo\\.historyDays\\): `));
        assert.match(e.message, /Choose a later period \(the first whole day with data is 2026-07-29; /);
        // The demo is never unreachable: no advice to check that it is.
        assert.equal(e.hint, undefined);
        return true;
      });
    });

    it(`${spec.kind}: a previous period that begins before it gives no change against zeros; the period's own figures stand`, async () => {
      // 12 Aug to 1 Sep; the previous period, 22 Jul to 11 Aug, begins a week before the data.
      const r = await report(spec, '2026-08-12..2026-09-01');
      assert.equal(r.status, 'complete', JSON.stringify(r.appendix.unavailable));
      assert.ok(r.headline.some((k) => k.value !== null && k.value > 0), JSON.stringify(r.headline));
      for (const k of [...r.headline, ...kpis(r)]) {
        assert.deepEqual([k.id, k.previous, k.change, k.previousNotDefined], [k.id, null, null, undefined]);
      }
      assert.ok(r.appendix.unavailable.length > 0);
      for (const u of r.appendix.unavailable) {
        assert.equal(u.comparisonOnly, true, u.what);
        assert.match(u.reason, /^The demo organisation \(--demo\) has data from 2026-07-29 00:00 UTC on, .*: 2026-07-22 to 2026-\d\d-\d\d begins before it\. Changes against the previous period are n\/a\.$/);
      }
      assert.ok(!r.highlights.some((h) => /previous period/.test(h.text)), JSON.stringify(r.highlights));
      const cells = (table: string, column: string) =>
        r.sections.flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'table' && b.id === table ? b.rows.map((row) => row[column]) : []));
      if (spec.kind === 'usage') {
        assert.ok(cells('features', 'previous').length > 0);
        assert.ok(cells('features', 'previous').every((v) => v === null));
      }
      if (spec.kind === 'adoption') {
        assert.deepEqual(cells('apps', 'change'), [null, null, null, null, null]);
      }
    });
  }
});
