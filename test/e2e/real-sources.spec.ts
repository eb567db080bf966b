/**
 * The same reports from real servers and from the demo: the demo organisation's metrics are
 * loaded into a real Prometheus and its log lines served by the Loki replay server; every
 * report kind generated against them must show exactly the figures `--demo` shows.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/cli.js';
import { prometheusBuilds, skipIfMissing } from '../harness/prometheus.js';
import { startStack, type Stack } from '../helpers/stack.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const ALL_APPS = ['dice', 'forecast', 'tickets', 'wiki', 'catalog'];

/**
 * The report without what legitimately differs between sources: query texts, their ids,
 * datasources, and the last bits of floating point (Prometheus computes avg_over_time as a
 * running mean, so 0.99884259259259259 may come back as ...23): numbers to 12 significant digits.
 */
function figures(report: Report): unknown {
  const strip = (value: unknown): unknown => {
    if (typeof value === 'number') return Number(value.toPrecision(12));
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'queryRefs').map(([k, v]) => [k, strip(v)]));
    }
    return value;
  };
  return strip({ ...report, appendix: { ...report.appendix, queries: [], datasources: [] } });
}

async function generate(args: string[], dir: string): Promise<Report> {
  const result = await runCli(['generate', ...args, '--format', 'json', '--now', new Date(NOW).toISOString(), '--out', dir], { timeoutMs: 240_000 });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(await readFile(result.stdout.trim(), 'utf8')) as Report;
}

describe('reports from Loki equal the demo', { timeout: 900_000 }, () => {
  let stack: Stack;
  before(async () => {
    // History enough for every period read, the previous ones included (a month's reaches 60
    // days back): the demo refuses a window before its data, which Loki cannot know of.
    stack = await startStack({ now: NOW, seed: 5, users: 80, historyDays: 75, apps: ALL_APPS });
  });
  after(() => stack.stop());

  for (const [name, args] of [
    ['usage of dice', ['--app', 'dice', '--period', 'last-week']],
    ['adoption', ['--kind', 'adoption', '--period', 'last-30d']],
    ['journeys', ['--kind', 'journeys', '--period', 'last-week']],
    ['one user', ['--kind', 'user', '--user', 'u00007', '--period', 'last-30d']],
  ] as const) {
    it(name, async () => {
      const real = await generate(['--config', stack.config, ...args], join(stack.dir, `real-${name}`));
      const demo = await generate(['--config', stack.config, '--demo', ...args], join(stack.dir, `demo-${name}`));
      assert.equal(real.status, 'complete', JSON.stringify(real.appendix.unavailable));
      assert.ok(real.appendix.queries.every((q) => q.datasourceType === 'loki'), 'every figure came from Loki');
      assert.ok(real.appendix.queries.some((q) => /count_over_time|session_start/.test(q.query)), 'LogQL in the appendix');
      if ((args as readonly string[]).includes('--user')) {
        // One user's lines are found by a line filter before Loki parses them.
        const own = real.appendix.queries.filter((q) => q.query.includes('user="u00007"'));
        assert.ok(own.length > 0 && own.every((q) => q.query.includes('|= "u00007" |')), JSON.stringify(own.map((q) => q.query)));
      }
      assert.deepEqual(figures(real), figures(demo));
    });
  }
});

// On Debian's 2.42 and on the stack's 3.x, whose ranges leave out their left end.
for (const build of prometheusBuilds()) {
  describe(`the health report from Prometheus ${build.name} and Loki equals the demo`, { timeout: 900_000, ...skipIfMissing(build) }, () => {
    let stack: Stack;
    before(async () => {
      // Dice only, and only the days the report reads (the period and the one before it), so
      // promtool loads a few MB.
      stack = await startStack({
        now: NOW,
        seed: 9,
        users: 60,
        historyDays: 40,
        apps: ['dice'],
        metricsWindow: { from: Date.parse('2026-11-16T12:00:00Z'), to: Date.parse('2026-11-23T12:00:00Z') },
        prometheus: build,
      });
    });
    after(() => stack.stop());

    it('gives the same uptime, incidents, restarts, crashes, errors, latency and alerts', async () => {
      const args = ['--kind', 'health', '--app', 'dice', '--from', '2026-11-20', '--to', '2026-11-22'];
      const real = await generate(['--config', stack.config, ...args], join(stack.dir, 'real-health'));
      const demo = await generate(['--config', stack.config, '--demo', ...args], join(stack.dir, 'demo-health'));
      assert.equal(real.status, 'complete', JSON.stringify(real.appendix.unavailable));
      assert.ok(real.appendix.queries.some((q) => q.datasourceType === 'prometheus' && /avg_over_time\(up/.test(q.query)));
      // Whole local days on the scrape grid: PromQL's increase() extrapolates over 1 ms only (see
      // `closed`), so even requests and latency are exact (a window off the grid is covered by
      // test/prometheus-equality).
      assert.deepEqual(figures(real), figures(demo));
    });
  });
}
