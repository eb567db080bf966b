/** A small hand-built Report for delivery tests: known headline figures, hostile strings. */
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/model/report.js';

/** A small report: two headline figures with hand-computed changes, a hostile title and highlight. */
export function tinyReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'usage',
    title: 'Dice <script>alert(1)</script>',
    apps: [{ id: 'dice', name: 'Dice' }],
    period: { from: 0, to: 1, tz: 'Europe/Berlin', label: 'Week 47, 16–22 Nov 2026', slug: '2026-W47', previous: { from: -1, to: 0 } },
    generatedAt: 0,
    status: 'complete',
    notices: [],
    headline: [
      { id: 'users', label: 'Weekly users', value: 1382, unit: 'count', previous: 1234, change: { absolute: 148, relative: 148 / 1234 }, polarity: 'up_is_good', queryRefs: [] },
      { id: 'uptime', label: 'Uptime', value: 0.9987, unit: 'percent', previous: 0.9991, change: { absolute: -0.0004, relative: -0.0004 / 0.9991 }, polarity: 'up_is_good', queryRefs: [] },
      { id: 'sessions', label: 'Sessions', value: null, unit: 'count', previous: null, change: null, polarity: 'neutral', queryRefs: [] },
    ],
    highlights: [
      { text: 'Low one', weight: 1, tone: 'neutral' },
      { text: 'Rolls rose <b>12%</b> & more', weight: 9, tone: 'good' },
    ],
    sections: [],
    appendix: { definitions: [], queries: [], unavailable: [], datasources: [] },
    ...overrides,
  };
}
