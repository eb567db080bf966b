/**
 * A small world for Grafana tests: a real Prometheus (test/harness/prometheus.ts) loaded with two
 * days of request counters, the fake Loki with app log lines (some sharing one nanosecond, some
 * within one millisecond), and the fake Grafana fronting both with the samples' datasource uids.
 */
import { startPrometheus, type RunningPrometheus } from '../../harness/prometheus.js';
import { startFakeLoki, type FakeLogLine, type FakeLoki } from '../loki/index.js';
import { startFakeGrafana, type FakeGrafana, type FakeGrafanaOptions } from './index.js';

/** 2026-03-09T00:00:00Z: the scenario's data covers two days from here. */
export const T0 = Date.UTC(2026, 2, 9);
/** One minute and one day, in ms. */
export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** The samples' datasource uids. */
export const PROMETHEUS_UID = 'P1809F7CD0C75ACF3';
export const LOKI_UID = 'ddq4e9xsqnuo0c';
/** The token the fake accepts. */
export const TOKEN = 'glsa_test_0123456789abcdef';

/** Request counters per minute (checkout 10 ok + 1 error, payments 4 ok), NaN and +Inf gauges, as OpenMetrics. */
export function scenarioOpenMetrics(): string {
  const lines = ['# TYPE http_requests counter'];
  for (const [app, code, perMinute] of [['checkout', '200', 10], ['checkout', '500', 1], ['payments', '200', 4]] as const) {
    for (let i = 0; i <= 2 * 1440; i++) lines.push(`http_requests_total{app="${app}",code="${code}",env="prod",job="${app}"} ${i * perMinute} ${(T0 + i * MINUTE) / 1000}`);
  }
  lines.push('# TYPE odd_gauge gauge');
  for (const [kind, value] of [['nan', 'NaN'], ['inf', '+Inf']]) {
    for (let i = 0; i <= 60; i++) lines.push(`odd_gauge{kind="${kind}"} ${value} ${(T0 + i * MINUTE) / 1000}`);
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;

/**
 * Log lines of checkout and payments on day one: an event every 7 minutes per app, errors every
 * 5th; five lines sharing one nanosecond at 10:00; three lines within the millisecond 11:00:00.000.
 */
export function scenarioLogLines(): FakeLogLine[] {
  const lines: FakeLogLine[] = [];
  for (const app of ['checkout', 'payments']) {
    for (let i = 0; i < 200; i++) {
      const level = i % 5 === 0 ? 'error' : 'info';
      const tsNs = ns(T0 + i * 7 * MINUTE) + BigInt(app === 'checkout' ? 123_456 : 654_321);
      lines.push({ tsNs, labels: { app, env: 'prod', job: 'app-logs' }, line: JSON.stringify({ level, event: 'page_view', user: `u${i % 13}`, n: i }) });
    }
  }
  const tie = ns(T0 + 10 * 3_600_000) + 777n;
  for (let i = 0; i < 5; i++) lines.push({ tsNs: tie, labels: { app: 'checkout', env: 'prod', job: 'app-logs' }, line: JSON.stringify({ level: 'info', event: 'session_start', user: `tie${i}` }) });
  const milli = ns(T0 + 11 * 3_600_000);
  for (const offset of [100n, 200n, 300n]) lines.push({ tsNs: milli + offset, labels: { app: 'checkout', env: 'prod', job: 'app-logs' }, line: JSON.stringify({ level: 'info', event: 'feature_used', user: `m${offset}` }) });
  return lines.sort((a, b) => (a.tsNs < b.tsNs ? -1 : a.tsNs > b.tsNs ? 1 : 0));
}

/** The running scenario. */
export interface GrafanaScenario {
  grafana: FakeGrafana;
  loki: FakeLoki;
  prometheus: RunningPrometheus | undefined;
  stop(): Promise<void>;
}

/** Starts the backends (Prometheus only when asked: it takes a few seconds) and the fake Grafana in front. */
export async function startGrafanaScenario(opts: { prometheus: boolean; grafana?: Partial<FakeGrafanaOptions> }): Promise<GrafanaScenario> {
  const loki = await startFakeLoki({ lines: scenarioLogLines(), now: () => new Date(T0 + 3 * DAY) });
  let prometheus: RunningPrometheus | undefined;
  try {
    prometheus = opts.prometheus ? await startPrometheus(scenarioOpenMetrics()) : undefined;
    const grafana = await startFakeGrafana({ token: TOKEN, prometheusUrl: prometheus?.url, lokiUrl: loki.url, ...opts.grafana });
    return {
      grafana,
      loki,
      prometheus,
      stop: async () => {
        await grafana.stop();
        await prometheus?.stop();
        await loki.stop();
      },
    };
  } catch (error) {
    await prometheus?.stop();
    await loki.stop();
    throw error;
  }
}
