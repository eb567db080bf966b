/**
 * The demo apps, the traffic generator and a real Prometheus, natively (no Docker): dice and
 * forecast run as processes, Prometheus scrapes them every second, the generator plays people
 * using both; dice is crashed on purpose, restarted, stopped gracefully and restarted. Then
 * `obs-report generate --kind health --app dice --format json` (the built CLI) must report the
 * starts, restarts, crashes and graceful stops the test caused and the requests it sent. Crashes
 * need app_start/app_stop logs: dice's stdout lines are served by the Loki replay server.
 *
 * Tolerance (requests only, 5% + 3): Prometheus' increase() extrapolates each series half a
 * scrape interval past its first and last samples and towards zero at its start, and a counter
 * that grows past its pre-crash value before its first scrape after a restart is not seen as
 * reset (its pre-crash part is lost); over a run of about a minute scraped every second that is
 * a few percent either way (measured: 1,049 sent, 1,027.7 counted). Each of the three runs is a
 * quarter or more of the total, so a run missed or counted twice still fails. Starts, restarts,
 * crashes and graceful stops are exact.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Kpi, Report } from '../../src/model/report.js';
import { startFakeLoki, type FakeLoki, type FakeLogLine } from '../fakes/loki/index.js';
import { stackPrometheus } from '../harness/prometheus.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { startApp, type AppCommand, type AppProcess, type LoggedLine } from './helpers/app-process.js';
import { instantQuery, startLivePrometheus, type LivePrometheus } from './helpers/live-prometheus.js';
import { PYTHON, runCommand } from './helpers/run.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TSX = ['--import', 'tsx'];
const dice: AppCommand = { cmd: process.execPath, args: [...TSX, 'demo/dice/src/main.ts'], cwd: ROOT, env: { ALLOW_CRASH: '1', EXPORT_ERROR_RATE: '0.3' } };
const forecast: AppCommand = { cmd: PYTHON, args: ['main.py'], cwd: join(ROOT, 'demo', 'forecast'), env: { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' } };

interface Summary {
  requests: Record<string, Record<string, number>>;
  sessions: Record<string, number>;
  transitions: Record<string, number>;
}

/**
 * Dice's requests in the two days before `day`, as an earlier process served them (a sample
 * every 15 s): the health report compares with the same stretch of the previous period, and
 * without two samples there obs-report has no request figures for it and fails the sections.
 */
function history(day: string): string {
  const end = Date.parse(`${day}T00:00:00Z`) / 1000;
  const lines = ['# TYPE http_requests_total counter'];
  for (let t = end - 2 * 86_400, n = 0; t < end; t += 15, n += 1) {
    lines.push(`http_requests_total{job="dice",instance="127.0.0.1:1",code="200",method="GET",route="/"} ${n} ${t}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** Answers of one app in a generator run, without requests that got no answer. */
function answered(summary: Summary, app: string): number {
  return Object.entries(summary.requests[app] ?? {}).reduce((sum, [code, n]) => sum + (code === 'network' ? 0 : n), 0);
}

// The Prometheus the stack runs (3.x) when it is built, as compose would scrape the apps.
const build = stackPrometheus();

describe(`demo apps, generator, Prometheus ${build.name} and obs-report, natively`, { timeout: 300_000 }, () => {
  const diceLog: LoggedLine[] = [];
  const forecastLog: LoggedLine[] = [];
  let diceProcess: AppProcess;
  let forecastProcess: AppProcess;
  let prometheus: LivePrometheus;
  let loki: FakeLoki;
  let dir: string;
  /** The UTC day the run starts on: the report's first day, and the history ends there. */
  let firstDay: string;

  /** Waits until Prometheus has scraped `job` (up = expectUp) at a time after `after`. */
  async function scraped(job: string, afterMs: number, expectUp: 0 | 1, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await instantQuery(prometheus.url, `timestamp(up{job="${job}"} == ${expectUp})`);
      const ts = Number(body.data?.result[0]?.value[1] ?? 0) * 1000;
      if (ts > afterMs) return;
      if (Date.now() > deadline) throw new Error(`no scrape of ${job} with up=${expectUp} after ${new Date(afterMs).toISOString()}`);
      await sleep(200);
    }
  }

  async function traffic(seconds: number, seed: number): Promise<Summary> {
    const args = [...TSX, 'demo/traffic/src/main.ts', '--app', `dice=http://127.0.0.1:${diceProcess.port}`, '--app', `forecast=http://127.0.0.1:${forecastProcess.port}`];
    const result = await runCommand(process.execPath, [...args, '--users', '8', '--duration', String(seconds), '--pace', '0.02', '--seed', String(seed)], { cwd: ROOT, timeoutMs: (seconds + 30) * 1000 });
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as Summary;
    // Every request was answered before the run ended; now let Prometheus see the final counts.
    const end = Date.now();
    await scraped('dice', end + 1000, 1);
    await scraped('forecast', end + 1000, 1);
    return summary;
  }

  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'build obs-report first: npm run build');
    dir = await mkdtemp(join(tmpdir(), 'obs-stack-e2e-'));
    diceProcess = await startApp(dice, 0, diceLog);
    forecastProcess = await startApp(forecast, 0, forecastLog, 60_000);
    const job = (name: string, port: number) => `  - job_name: ${name}\n    static_configs: [{ targets: ["127.0.0.1:${port}"] }]\n`;
    const config = `global:\n  scrape_interval: 1s\nscrape_configs:\n${job('dice', diceProcess.port)}${job('forecast', forecastProcess.port)}`;
    firstDay = new Date().toISOString().slice(0, 10);
    prometheus = await startLivePrometheus(config, 120_000, history(firstDay), build);
    const lines = (): FakeLogLine[] =>
      diceLog.flatMap(({ text, json }) => (json ? [{ tsNs: BigInt(Date.parse(String(json.ts))) * 1_000_000n, labels: { app: 'dice', env: 'test' }, line: text }] : []));
    loki = await startFakeLoki({ lines: (_m, from, to) => lines().filter((l) => l.tsNs >= from && l.tsNs < to) });
    const started = Date.now();
    await scraped('dice', started, 1);
    await scraped('forecast', started, 1);
  });

  after(async () => {
    await Promise.all([diceProcess?.stop(), forecastProcess?.stop(), prometheus?.stop(), loki?.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports the restarts, crashes, stops and requests the test caused', async () => {
    const first = await traffic(10, 1);

    // Crash: the process exits at once, without app_stop; Prometheus sees it down.
    await fetch(`http://127.0.0.1:${diceProcess.port}/admin/crash`, { method: 'POST' }).then(
      () => assert.fail('the crash request must not be answered'),
      () => undefined,
    );
    assert.equal(await diceProcess.exited, 70);
    await scraped('dice', Date.now(), 0);
    diceProcess = await startApp(dice, diceProcess.port, diceLog);
    await scraped('dice', Date.now(), 1);
    const second = await traffic(6, 2);

    // Graceful stop: app_stop, exit code 0; after a pause (longer than prom-client's rounding of
    // the start time to whole seconds), the next start follows a stop and is no crash.
    assert.equal(await diceProcess.stop(), 0);
    assert.equal(diceLog.at(-1)?.json?.event, 'app_stop');
    await scraped('dice', Date.now(), 0);
    await sleep(1500);
    diceProcess = await startApp(dice, diceProcess.port, diceLog);
    await scraped('dice', Date.now(), 1);
    const third = await traffic(6, 3);

    const sent = [first, second, third].map((s) => answered(s, 'dice'));
    const errors = [first, second, third].reduce((sum, s) => sum + (s.requests.dice?.['500'] ?? 0), 0);
    assert.ok(sent.every((n) => n > 50), `dice answered ${sent.join(', ')} requests per run`);
    assert.ok((first.transitions['dice -> forecast'] ?? 0) > 0, 'people moved from dice to forecast');
    assert.equal(diceLog.filter((l) => l.json?.event === 'app_start').length, 3);
    assert.equal(diceLog.filter((l) => l.json?.event === 'app_stop').length, 1);

    // The report's period ends at --now (to the minute): the next whole minute covers everything.
    const now = Math.ceil((Date.now() + 1000) / 60_000) * 60_000;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const config = join(dir, 'reports.config.yaml');
    await writeFile(
      config,
      `version: 1
timezone: UTC
datasources:
  prometheus: { url: "${prometheus.url}", stepSeconds: 1 }
  loki: { url: "${loki.url}" }
sources: { activity: loki, metrics: prometheus }
apps:
  - { id: dice, name: Dice, loki: { selector: '{app="dice"}', parser: json }, prometheus: { job: dice }, features: [roll, reroll, history, leaderboard, share_result, custom_dice, export_csv] }
`,
    );
    const args = ['generate', '--config', config, '--kind', 'health', '--app', 'dice', '--format', 'json', '--from', firstDay, '--to', day(now - 1), '--now', new Date(now).toISOString(), '--out', join(dir, 'out'), '--no-progress'];
    const result = await runCli(args, { timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(await readFile(result.stdout.trim(), 'utf8')) as Report;
    assert.equal(report.status, 'complete', JSON.stringify(report.appendix.unavailable));
    const kpis = new Map<string, Kpi>(report.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'kpis' ? b.items.map((k): [string, Kpi] => [k.id, k]) : []))));
    const value = (id: string) => kpis.get(id)?.value;

    assert.equal(value('starts'), 3);
    assert.equal(value('restarts'), 2);
    assert.equal(value('crashes'), 1);
    assert.equal(value('graceful_stops'), 1);

    const total = sent.reduce((a, b) => a + b, 0);
    const requests = value('requests');
    assert.ok(typeof requests === 'number');
    const tolerance = Math.ceil(total * 0.05) + 3;
    assert.ok(sent.every((n) => n > 2 * tolerance), 'each run alone is more than the tolerance');
    console.log(`dice: sent ${total} requests (${errors} answered 500); obs-report counts ${requests.toFixed(1)} (tolerance ±${tolerance})`);
    assert.ok(Math.abs(requests - total) <= tolerance, `requests ${requests} vs ${total} sent`);
    const ratio = value('error_ratio');
    assert.ok(typeof ratio === 'number' && Math.abs(ratio - errors / total) <= 0.02, `error ratio ${ratio} vs ${errors / total}`);
  });
});
