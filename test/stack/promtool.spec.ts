/**
 * Prometheus config and alert rules, checked by promtool (Debian's, or OBS_REPORT_TEST_PROMTOOL): the config with its rule
 * files, the rules, and the rules' unit tests, which cover every alert both firing and not. The
 * rules on obs-report itself are a copy of deploy/prometheus/obs-report-rules.yml, whose own unit
 * tests test/schedule/deploy.spec.ts runs; here the copy is kept equal to it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';
import { prometheusBuilds, skipIfMissing } from '../harness/prometheus.js';
import { runCommand } from './helpers/run.js';

const DIR = join(ROOT, 'stack', 'prometheus');

interface RuleFile {
  groups: { rules: { alert?: string }[] }[];
}
interface RuleTests {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

/** The header the copy has above deploy/prometheus/obs-report-rules.yml. */
const COPY_HEADER = `# A copy of deploy/prometheus/obs-report-rules.yml, the rules shipped for obs-report's own
# health, so the stack alerts on its daemon as a deployment would (test/stack/promtool.spec.ts
# keeps the two equal: edit that file, then copy it here below these lines).
`;

describe('the stack\'s obs-report alert rules', () => {
  it('are deploy/prometheus/obs-report-rules.yml, below a header saying so', () => {
    const shipped = readFileSync(join(ROOT, 'deploy', 'prometheus', 'obs-report-rules.yml'), 'utf8');
    assert.equal(readFileSync(join(DIR, 'rules', 'obs-report.yml'), 'utf8'), COPY_HEADER + shipped);
  });

  it('are the only rules on obs_report_* metrics: none the stack wrote itself', () => {
    // A rule of its own once grouped by a `report` label the pushed metrics do not have.
    assert.doesNotMatch(readFileSync(join(DIR, 'rules', 'apps.yml'), 'utf8'), /obs_report_/);
  });
});

describe('the stack\'s alert rule tests', () => {
  it('the unit tests have every alert firing and not firing', () => {
    const rules = parse(readFileSync(join(DIR, 'rules', 'apps.yml'), 'utf8')) as RuleFile;
    const tests = parse(readFileSync(join(DIR, 'tests', 'alerts.test.yml'), 'utf8')) as RuleTests;
    const alerts = rules.groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
    assert.deepEqual(alerts, ['AppDown', 'AppCrashLooping', 'HeartbeatMissing', 'ErrorRatioHigh', 'LatencyHigh']);
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const alert of alerts) {
      assert.ok(cases.some((c) => c.alertname === alert && c.exp_alerts.length > 0), `${alert} firing`);
      assert.ok(cases.some((c) => c.alertname === alert && c.exp_alerts.length === 0), `${alert} not firing`);
    }
  });
});

// promtool of each Prometheus the tests know: the stack runs 3.x, whose ranges leave out their
// left end, so a rule's unit test can pass on 2.42 and fail on it.
for (const build of prometheusBuilds()) {
  const promtool = (...args: string[]) => runCommand(build.promtool, args, { cwd: DIR, timeoutMs: 120_000 });
  describe(`Prometheus config and alert rules, promtool ${build.name}`, skipIfMissing(build), () => {
    it('promtool check config passes, rule files included', async () => {
      const result = await promtool('check', 'config', 'prometheus.yml');
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /2 rule files found/);
    });

    it('promtool check rules passes', async () => {
      const result = await promtool('check', 'rules', 'rules/apps.yml', 'rules/obs-report.yml');
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.deepEqual(result.stdout.match(/SUCCESS: \d+ rules found/g), ['SUCCESS: 5 rules found', 'SUCCESS: 2 rules found']);
    });

    it('promtool test rules passes', async () => {
      const result = await promtool('test', 'rules', 'tests/alerts.test.yml');
      assert.equal(result.code, 0, result.stdout + result.stderr);
    });

    it('a wrong expectation fails promtool test rules', async () => {
      // The same tests with the dice app up all along: AppDown must then not fire, and promtool says so.
      const text = readFileSync(join(DIR, 'tests', 'alerts.test.yml'), 'utf8').replace("values: '1 1 0 0 0 0'", "values: '1 1 1 1 1 1'");
      const dir = await mkdtemp(join(tmpdir(), 'obs-rules-'));
      try {
        await symlink(join(DIR, 'rules'), join(dir, 'rules'));
        await writeFile(join(dir, 'tests.yml'), text.replace('../rules/apps.yml', 'rules/apps.yml'));
        const result = await runCommand(build.promtool, ['test', 'rules', 'tests.yml'], { cwd: dir, timeoutMs: 120_000 });
        assert.equal(result.code, 1);
        assert.match(result.stdout + result.stderr, /alertname: AppDown/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
