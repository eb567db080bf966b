/**
 * A small real stack for end-to-end tests: the demo organisation's metrics loaded into a real
 * Prometheus (promtool), its log lines served by the Loki replay server, and a config file
 * pointing obs-report at both, with the same demo settings so `--demo` gives the same org.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_DEMO_APPS, buildDemoOrg, demoLogLines, writeOpenMetrics, type DemoOrg } from '../../src/sources/demo/index.js';
import { startFakeLoki, type FakeLoki, type FakeLokiOptions, type Matcher } from '../fakes/loki/index.js';
import { startPrometheus, type PrometheusBuild, type RunningPrometheus } from '../harness/prometheus.js';

const DAY_MS = 86_400_000;

export interface StackOptions {
  now: number;
  seed: number;
  users: number;
  historyDays: number;
  apps: string[];
  /** Metrics exported to Prometheus for this window; no Prometheus when absent. */
  metricsWindow?: { from: number; to: number };
  /** The Prometheus to load them into; Debian's (PROMETHEUS_BIN) by default. */
  prometheus?: Pick<PrometheusBuild, 'prometheus' | 'promtool'>;
  loki?: Omit<FakeLokiOptions, 'lines'>;
  /** Extra YAML appended to the datasources.loki mapping, e.g. `retries: 0`. */
  lokiSettings?: string;
}

export interface Stack {
  dir: string;
  config: string;
  org: DemoOrg;
  loki: FakeLoki;
  prometheus: RunningPrometheus | undefined;
  stop(): Promise<void>;
}

/** The org the CLI builds for --demo at `now` with these settings (see src/sources/registry.ts). */
export function demoOrgAt(options: Pick<StackOptions, 'now' | 'seed' | 'users' | 'historyDays' | 'apps'>): DemoOrg {
  const end = Math.floor(options.now / DAY_MS) * DAY_MS + DAY_MS;
  const apps = BUILTIN_DEMO_APPS.filter((a) => options.apps.includes(a.id));
  return buildDemoOrg({ seed: options.seed, users: options.users, historyDays: options.historyDays, end, apps });
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), 'obs-stack-'));
  const org = demoOrgAt(options);
  const provider = (matchers: readonly Matcher[], fromNs: bigint, toNs: bigint) => {
    const app = matchers.find((m) => m.name === 'app' && m.op === '=')?.value;
    const from = Number(fromNs / 1_000_000n);
    const to = Number((toNs + 999_999n) / 1_000_000n);
    return demoLogLines(org, { apps: app === undefined ? options.apps : [app], from, to });
  };
  const loki = await startFakeLoki({ ...options.loki, lines: provider, now: () => new Date(options.now) });
  let prometheus: RunningPrometheus | undefined;
  if (options.metricsWindow) {
    const chunks: string[] = [];
    writeOpenMetrics(org, options.metricsWindow, (c) => chunks.push(c));
    prometheus = await startPrometheus(chunks.join(''), options.prometheus ?? {});
  }
  const apps = BUILTIN_DEMO_APPS.filter((a) => options.apps.includes(a.id))
    .map((a) => `  - { id: ${a.id}, name: "${a.name}", features: [${a.features.join(', ')}] }`)
    .join('\n');
  const config = join(dir, 'reports.config.yaml');
  await writeFile(
    config,
    `version: 1
timezone: Europe/Berlin
datasources:
  loki:
    url: ${loki.url}
${options.lokiSettings ? `    ${options.lokiSettings.split('\n').join('\n    ')}\n` : ''}${prometheus ? `  prometheus: { url: "${prometheus.url}" }\n` : ''}  demo: { seed: ${options.seed}, users: ${options.users}, historyDays: ${options.historyDays} }
apps:
${apps}
`,
  );
  return {
    dir,
    config,
    org,
    loki,
    prometheus,
    async stop() {
      await Promise.all([loki.stop(), prometheus?.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
