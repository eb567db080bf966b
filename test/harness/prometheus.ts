/**
 * A real Prometheus for tests, loaded with given history: the OpenMetrics text is turned into
 * TSDB blocks by promtool, then Prometheus serves them on 127.0.0.1 at a free port, with no
 * scrape targets, until stop() kills it and removes its files.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The binaries tests run: Debian's by default (Prometheus 2.42), or others named by
 * OBS_REPORT_TEST_PROMETHEUS and OBS_REPORT_TEST_PROMTOOL, e.g. a Prometheus 3 like the stack's.
 */
export const PROMETHEUS_BIN = process.env.OBS_REPORT_TEST_PROMETHEUS ?? '/usr/bin/prometheus';
export const PROMTOOL_BIN = process.env.OBS_REPORT_TEST_PROMTOOL ?? 'promtool';

/** The Prometheus of the stack (stack/compose.yml), which `scripts/setup.sh --tests` builds. */
export const STACK_PROMETHEUS_VERSION = '3.5.0';

/** A Prometheus the tests can run: its binaries, or why it is not on this machine. */
export interface PrometheusBuild {
  name: string;
  prometheus: string;
  promtool: string;
  /** Set when it is not here: the reason its tests are skipped. */
  missing?: string;
}

/**
 * The Prometheus builds that tests of PromQL semantics, configs and rules run against: Debian's
 * (2.42) and the stack's (3.x: ranges leave out their left end, and more). The second is built
 * from the Go module proxy by `scripts/setup.sh --tests` into .cache/, as CI does.
 */
export function prometheusBuilds(): PrometheusBuild[] {
  const dir = fileURLToPath(new URL(`../../.cache/prometheus-${STACK_PROMETHEUS_VERSION}/`, import.meta.url));
  const stack = { name: `${STACK_PROMETHEUS_VERSION} (the stack's)`, prometheus: join(dir, 'prometheus'), promtool: join(dir, 'promtool') };
  const built = existsSync(stack.prometheus) && existsSync(stack.promtool);
  return [
    { name: process.env.OBS_REPORT_TEST_PROMETHEUS === undefined ? 'Debian\'s' : PROMETHEUS_BIN, prometheus: PROMETHEUS_BIN, promtool: PROMTOOL_BIN },
    built ? stack : { ...stack, missing: `Prometheus ${STACK_PROMETHEUS_VERSION} is not built here: run ./scripts/setup.sh --tests` },
  ];
}

/** node:test options for a suite or test of one build: skipped, with the reason, when it is missing. */
export function skipIfMissing(build: PrometheusBuild): { skip?: string } {
  return build.missing === undefined ? {} : { skip: build.missing };
}

/** For tests of the stack itself: the stack's Prometheus when it is built, else Debian's. */
export function stackPrometheus(): PrometheusBuild {
  const [debian, stack] = prometheusBuilds() as [PrometheusBuild, PrometheusBuild];
  return stack.missing === undefined ? stack : debian;
}

/** Options of startPrometheus. */
export interface PrometheusOptions {
  /** Binaries; PROMETHEUS_BIN and PROMTOOL_BIN by default. */
  prometheus?: string;
  promtool?: string;
  /** Longest wait for promtool and for /-/ready, each (ms). */
  timeoutMs?: number;
}

/** A running Prometheus. */
export interface RunningPrometheus {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus over the samples in `openMetrics`: OpenMetrics text (anything containing a
 * newline) or the path of a file holding it.
 */
export async function startPrometheus(openMetrics: string, opts: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const dir = await mkdtemp(join(tmpdir(), 'obs-report-prometheus-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    let input = openMetrics;
    if (openMetrics.includes('\n')) {
      input = join(dir, 'input.om');
      await writeFile(input, openMetrics);
    }
    const data = join(dir, 'data');
    await run(opts.promtool ?? PROMTOOL_BIN, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, data], {
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    const config = join(dir, 'prometheus.yml');
    // No scrape_configs: the only data is the loaded history.
    await writeFile(config, 'global:\n  scrape_interval: 1m\n  evaluation_interval: 1m\n');
    return await launchPrometheus(opts.prometheus ?? PROMETHEUS_BIN, data, config, timeoutMs, cleanup);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Runs Prometheus on `data` with `config` at a free 127.0.0.1 port and waits until it is ready;
 * stop() (or a failure to start) kills it and then runs `cleanup`.
 */
export async function launchPrometheus(bin: string, data: string, config: string, timeoutMs: number, cleanup: () => Promise<void>): Promise<RunningPrometheus> {
  const child = spawn(
    bin,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=100y',
      '--web.listen-address=127.0.0.1:0',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test process dies first, do not leave Prometheus behind.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let log = '';
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await cleanup();
  };
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Prometheus did not listen within ${timeoutMs} ms:\n${log.slice(-2000)}`)), timeoutMs);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        log = (log + chunk).slice(-20_000);
        // Port 0 picks a free port; Prometheus logs the one it got (3.x with a component between).
        const match = /msg="Listening on" (?:component=web )?address=127\.0\.0\.1:(\d+)/.exec(log);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Prometheus exited with ${code}:\n${log.slice(-2000)}`));
      });
    });
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, timeoutMs);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/-/ready`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not accepting connections yet.
    }
    if (Date.now() > deadline) throw new Error(`Prometheus at ${url} was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
