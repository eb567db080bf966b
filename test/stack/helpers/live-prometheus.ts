/**
 * A real Prometheus (Debian's /usr/bin/prometheus) with a given config, for tests that need it
 * to scrape or to judge PromQL: 127.0.0.1 on a free port, its data in a temporary folder,
 * killed and removed by stop().
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running Prometheus. */
export interface LivePrometheus {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Prometheus with `config` (YAML text) and, when given, `history` (OpenMetrics text ending
 * in `# EOF`) loaded by promtool beforehand; rejects, after cleaning up, if it is not ready within timeoutMs.
 */
export async function startLivePrometheus(config: string, timeoutMs = 60_000, history?: string): Promise<LivePrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'obs-live-prometheus-'));
  await writeFile(join(dir, 'prometheus.yml'), config);
  if (history !== undefined) {
    await writeFile(join(dir, 'history.om'), history);
    await promisify(execFile)('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', join(dir, 'history.om'), join(dir, 'data')], { timeout: timeoutMs }).catch(async (error: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw error;
    });
  }
  const child = spawn(
    '/usr/bin/prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--web.listen-address=127.0.0.1:0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  let log = '';
  try {
    const port = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Prometheus did not listen within ${timeoutMs} ms:\n${log.slice(-2000)}`)), timeoutMs);
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        log = (log + chunk).slice(-20_000);
        // Port 0 picks a free port; Prometheus logs the one it got.
        const match = /msg="Listening on" address=127\.0\.0\.1:(\d+)/.exec(log);
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
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
      if (ready) return { url, stop };
      if (Date.now() > deadline) throw new Error(`Prometheus at ${url} was not ready within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Prometheus' answer to an instant query: the HTTP status and the parsed body. */
export async function instantQuery(url: string, query: string, time?: number): Promise<{ status: number; body: { status: string; errorType?: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } } }> {
  const params = new URLSearchParams({ query, ...(time === undefined ? {} : { time: String(time / 1000) }) });
  const res = await fetch(`${url}/api/v1/query`, { method: 'POST', body: params, signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: (await res.json()) as never };
}
