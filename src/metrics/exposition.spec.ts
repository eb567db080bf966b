import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunOutcome } from '../schedule/events.js';
import { escapeLabelValue, toExposition } from './exposition.js';
import { groupingPath } from './pushgateway.js';
import { runGauges } from './run-metrics.js';

const OUTCOME: RunOutcome = {
  runId: 'r', job: 'weekly', slot: 0, status: 'ok', startedAt: 1_700_000_000_000, finishedAt: 1_700_000_042_500,
  reportsWritten: 2, reportsPartial: 0, reportsFailed: 0, filesWritten: 5, delivered: 3, skipped: 1, deliveryFailures: 0, held: 0,
};

describe('the text exposition format', () => {
  it('writes HELP, TYPE and samples, escaping label values', () => {
    assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
    assert.equal(
      toExposition([{ name: 'x_seconds', help: 'A thing.', samples: [{ labels: { k: 'v"1' }, value: 1.5 }, { labels: {}, value: NaN }] }]),
      '# HELP x_seconds A thing.\n# TYPE x_seconds gauge\nx_seconds{k="v\\"1"} 1.5\nx_seconds NaN\n',
    );
  });

  it('puts grouping labels in the path, base64url-encoding values with a slash', () => {
    assert.equal(groupingPath({ job: 'obs-report', schedule: 'dice-weekly' }), 'job/obs-report/schedule/dice-weekly');
    assert.equal(groupingPath({ job: 'a/b' }), `job@base64/${Buffer.from('a/b').toString('base64url')}`);
  });
});

describe('the gauges of a run', () => {
  it('a successful run sends its last-success time; a failed one does not', () => {
    const ok = runGauges(OUTCOME, 604_800);
    const value = (name: string, gauges = ok) => gauges.find((g) => g.name === name)?.samples[0]?.value;
    assert.equal(value('obs_report_last_success_timestamp_seconds'), 1_700_000_042.5);
    assert.equal(value('obs_report_last_run_duration_seconds'), 42.5);
    assert.equal(value('obs_report_last_run_reports_written'), 2);
    assert.equal(value('obs_report_last_run_files_written'), 5);
    assert.equal(value('obs_report_schedule_interval_seconds'), 604_800);
    assert.equal(value('obs_report_last_run_exit_code'), 0);
    const failed = runGauges({ ...OUTCOME, status: 'partial', deliveryFailures: 2, reportsFailed: 1 }, 604_800);
    assert.equal(value('obs_report_last_success_timestamp_seconds', failed), undefined);
    assert.equal(value('obs_report_last_run_failures', failed), 3);
    assert.equal(value('obs_report_last_run_exit_code', failed), 1);
  });
});
