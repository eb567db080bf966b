import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../config/load.js';
import { listSchedules } from './listing.js';

const { config } = parseConfig(
  `version: 1
timezone: America/New_York
apps: [{ id: dice, name: Dice }]
reports: [{ id: daily-health, kind: health, formats: [html] }]
stakeholders: [{ name: Olu, email: olu@example.com, reports: [health], formats: [pdf] }]
schedules:
  - { id: nightly, preset: daily, at: "02:30", timezone: Europe/Berlin, reports: [daily-health] }
`,
  't.yaml',
  {},
);

describe('schedules list', () => {
  it('gives the next fire times in the zone and in UTC, with the period each covers, across the spring change', () => {
    const [nightly] = listSchedules(config, Date.parse('2026-03-28T00:00:00Z'), 3);
    assert.equal(nightly!.when, 'daily at 02:30');
    assert.equal(nightly!.cron, '30 2 * * *');
    assert.equal(nightly!.tz, 'Europe/Berlin');
    assert.deepEqual(nightly!.next.map((n) => [n.local, n.utc, n.periods[0]!.label]), [
      ['2026-03-28T02:30:00+01:00', '2026-03-28T01:30:00.000Z', '27 Mar 2026'],
      ['2026-03-29T03:00:00+02:00', '2026-03-29T01:00:00.000Z', '28 Mar 2026'],
      ['2026-03-30T02:30:00+02:00', '2026-03-30T00:30:00.000Z', '29 Mar 2026'],
    ]);
    assert.deepEqual(nightly!.reports, [{ id: 'daily-health', kind: 'health', period: 'yesterday', formats: ['html', 'pdf'], recipients: ['Olu <olu@example.com> (pdf)'] }]);
  });
});
