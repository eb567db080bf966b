import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Report } from '../../model/report.js';
import { sampleReport } from '../../../test/fixtures/sample-report.js';
import { jsonRenderer, reportToJson } from './index.js';

/** The same value with every object's keys in reverse order, as another producer might build it. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
}

describe('json renderer', () => {
  it('writes the report as pretty JSON that parses back to the same report', async () => {
    const report = sampleReport();
    const [file] = await jsonRenderer.render(report);
    assert.equal(file?.ext, 'json');
    const text = String(file?.data);
    assert.deepEqual(JSON.parse(text), report);
    assert.ok(text.endsWith('}\n'), 'ends with a newline');
    assert.ok(text.startsWith('{\n  "schemaVersion": 1,\n  "kind": "adoption",\n  "title": "Adoption and health",'), 'model order, two-space indent');
  });

  it('writes keys in model order whatever order they were built in', () => {
    const report = sampleReport();
    assert.equal(reportToJson(reversed(report) as Report), reportToJson(report));
    const kpi = JSON.parse(reportToJson(reversed(report) as Report)).headline[0];
    assert.deepEqual(Object.keys(kpi), ['id', 'label', 'value', 'unit', 'previous', 'change', 'polarity', 'note', 'queryRefs']);
  });

  it('orders table rows by their columns and keeps null (unavailable) values', () => {
    const parsed = JSON.parse(reportToJson(reversed(sampleReport()) as Report));
    const table = parsed.sections.flatMap((s: { blocks: { kind: string; id?: string }[] }) => s.blocks).find((b: { id?: string }) => b.id === 'top_users');
    assert.deepEqual(Object.keys(table.rows[0]), ['user', 'events', 'activeDays', 'sessions', 'lastSeen']);
    assert.equal(table.rows.length, 150);
    assert.equal(table.rows[17].sessions, null);
    const crashes = parsed.sections.at(-1).blocks[0].items[2];
    assert.deepEqual([crashes.value, crashes.change], [null, null]);
  });

  it('keeps fields the model does not list yet, after the known ones, sorted', () => {
    const report = { ...sampleReport(), zeta: 1, alpha: 2 } as Report;
    const keys = Object.keys(JSON.parse(reportToJson(report)));
    assert.deepEqual(keys.slice(-3), ['appendix', 'alpha', 'zeta']);
  });
});
