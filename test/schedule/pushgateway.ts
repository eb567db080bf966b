/**
 * A real Prometheus Pushgateway for tests (Debian package prometheus-pushgateway) on
 * 127.0.0.1, metrics in memory only, killed on stop.
 */
import { spawn } from 'node:child_process';
import { reservePort } from './smtp-server.js';

/** Debian's binary. */
export const PUSHGATEWAY_BIN = '/usr/bin/prometheus-pushgateway';

/** A running Pushgateway. */
export interface TestPushgateway {
  url: string;
  /** The exposition text of GET /metrics. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts it and waits (at most 20 s) until /-/ready answers. */
export async function startPushgateway(): Promise<TestPushgateway> {
  const port = await reservePort();
  const child = spawn(PUSHGATEWAY_BIN, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file=', '--log.level=warn'], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`the Pushgateway did not become ready on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, metrics: () => fetch(`${url}/metrics`).then((r) => r.text()), stop };
}

/** The value of a sample whose name and labels match (labels given must all be present), or undefined. */
export function sampleValue(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}
