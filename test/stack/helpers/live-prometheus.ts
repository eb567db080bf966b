/**
 * A real Prometheus (Debian's, or the one OBS_REPORT_TEST_PROMETHEUS names) with a given config, for tests that need it
 * to scrape or to judge PromQL: 127.0.0.1 on a free port, its data in a temporary folder,
 * killed and removed by stop().
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROMETHEUS_BIN, PROMTOOL_BIN, launchPrometheus, type PrometheusBuild } from '../../harness/prometheus.js';

/** A running Prometheus. */
export interface LivePrometheus {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus with `config` (YAML text) and, when given, `history` (OpenMetrics text ending
 * in `# EOF`) loaded by promtool beforehand, with `build`'s binaries (Debian's by default); rejects, after cleaning up, if it is not ready within timeoutMs.
 */
export async function startLivePrometheus(
  config: string,
  timeoutMs = 60_000,
  history?: string,
  build: Pick<PrometheusBuild, 'prometheus' | 'promtool'> = { prometheus: PROMETHEUS_BIN, promtool: PROMTOOL_BIN },
): Promise<LivePrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'obs-live-prometheus-'));
  await writeFile(join(dir, 'prometheus.yml'), config);
  if (history !== undefined) {
    await writeFile(join(dir, 'history.om'), history);
    await promisify(execFile)(build.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', join(dir, 'history.om'), join(dir, 'data')], { timeout: timeoutMs }).catch(async (error: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw error;
    });
  }
  return launchPrometheus(build.prometheus, join(dir, 'data'), join(dir, 'prometheus.yml'), timeoutMs, () => rm(dir, { recursive: true, force: true }));
}

/** Prometheus' answer to an instant query: the HTTP status and the parsed body. */
export async function instantQuery(url: string, query: string, time?: number): Promise<{ status: number; body: { status: string; errorType?: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } } }> {
  const params = new URLSearchParams({ query, ...(time === undefined ? {} : { time: String(time / 1000) }) });
  const res = await fetch(`${url}/api/v1/query`, { method: 'POST', body: params, signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: (await res.json()) as never };
}
