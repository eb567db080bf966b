// The manifest's `sections`, applied once before any renderer, on small hand-made reports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '../../../test/fixtures/sample-report.js';
import type { Report, Section } from '../../model/report.js';
import type { Renderer } from '../types.js';
import { loadTemplate } from './load.js';
import { patternsFor, pickSections, selectSections, withTemplateSections } from './sections.js';

const section = (id: string): Section => ({ id, title: id, question: `${id}?`, blocks: [] });
const ids = (report: Report): string[] => report.sections.map((s) => s.id);

describe('section selection', () => {
  it('keeps the named sections in the order named, with * matching any characters', () => {
    const sections = ['overview', 'availability-dice', 'errors-dice', 'availability-wiki', 'errors-wiki'].map(section);
    assert.deepEqual(pickSections(sections, ['errors-*', 'overview']).map((s) => s.id), ['errors-dice', 'errors-wiki', 'overview']);
    assert.deepEqual(pickSections(sections, ['availability-*', 'availability-dice']).map((s) => s.id), ['availability-dice', 'availability-wiki'], 'no section twice');
    assert.deepEqual(pickSections(sections, ['avail.*']).map((s) => s.id), [], 'a dot is a dot, not a regex');
  });

  it('applies a list to every kind, and a map per kind', () => {
    assert.deepEqual(patternsFor('health', ['a']), ['a']);
    assert.deepEqual(patternsFor('health', { adoption: ['a'] }), null);
    assert.deepEqual(patternsFor('adoption', { adoption: ['a'] }), ['a']);
    assert.equal(patternsFor('adoption', undefined), null);
  });

  it('filters and reorders a report, dropping queries no kept section uses', () => {
    const report = sampleReport();
    const picked = selectSections(report, { adoption: ['health', 'features'] });
    assert.deepEqual(ids(picked), ['health', 'features']);
    // q1 stays (the headline uses it), q2 (features), q4 and q5 (health); q3 served only journeys.
    assert.deepEqual(picked.appendix.queries.map((q) => q.id), ['q1', 'q2', 'q4', 'q5']);
    assert.deepEqual(picked.appendix.queries[0]?.usedBy, [], 'usedBy names kept sections only');
    assert.equal(picked.appendix.unavailable.length, 1, 'unavailable data is always listed');
    assert.deepEqual(ids(report), ['adoption', 'lifecycle', 'features', 'journeys', 'health'], 'the input is not changed');
  });

  it('leaves the report whole when the selection names none of its sections', () => {
    const report = sampleReport();
    assert.equal(selectSections(report, ['overview', 'trend']), report);
    assert.equal(selectSections(report, { health: ['overview'] }), report);
  });

  it('wraps a renderer so it sees the selected report', async () => {
    let seen: string[] = [];
    const inner: Renderer = { format: 'x', render: async (r) => ((seen = ids(r)), []) };
    const template = { ...(await loadTemplate('default')), sections: ['journeys'] };
    await withTemplateSections(inner).render(sampleReport(), { template, browser: null as never, pageSize: 'A4', orientation: 'portrait' });
    assert.deepEqual(seen, ['journeys']);
    assert.equal(withTemplateSections(inner).format, 'x');
  });
});
