// The file name stems of reports: scope, kind and period; for a user report, the user id.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleReport } from '../../test/fixtures/sample-report.js';
import { reportStem } from './generate.js';

const userStem = (id: string): string => reportStem(sampleReport({ kind: 'user', title: `Activity of user ${id}` }), 3);

describe('report file names', () => {
  it('names scoped reports by apps, kind and period', () => {
    assert.equal(reportStem(sampleReport(), 3), 'all-adoption-2026-W47');
    assert.equal(reportStem(sampleReport({ apps: [{ id: 'dice', name: 'Dice' }] }), 3), 'dice-adoption-2026-W47');
  });

  it('keeps a plain user id as it is', () => {
    assert.equal(userStem('u00042'), 'user-u00042-2026-W47');
    assert.equal(userStem('jane.doe_1'), 'user-jane.doe_1-2026-W47');
  });

  it('gives user ids that share a safe form different names, stable from run to run', () => {
    const ids = ['<img src=x onerror=alert(1)>', '(img src=x onerror=alert(1))', 'img src x onerror alert 1', 'Zoë', 'Zoe\u0308', 'a/b', 'a:b', ''];
    const stems = ids.map(userStem);
    assert.equal(new Set(stems).size, ids.length, stems.join('\n'));
    // sha256('<img src=x onerror=alert(1)>') starts 63b586b4: the same name on every machine and run.
    assert.equal(stems[0], 'user-img-src-x-onerror-alert-1-63b586b4-2026-W47');
  });

  it('cuts a long id but keeps it apart from ids sharing its first 40 characters, and keeps the period', () => {
    const long = 'x'.repeat(60);
    const stems = [userStem(long), userStem(`${long}y`)];
    assert.notEqual(stems[0], stems[1]);
    for (const stem of stems) assert.match(stem, /^user-x{40}-[0-9a-f]{8}-2026-W47$/);
    const monthRange = reportStem(sampleReport({ kind: 'user', title: `Activity of user ${'<'.repeat(99)}`, period: { ...sampleReport().period, slug: '2026-11-01_2026-11-30' } }), 3);
    assert.match(monthRange, /-2026-11-01_2026-11-30$/);
  });
});
