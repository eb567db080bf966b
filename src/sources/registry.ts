/**
 * Creates the sources a run uses from the config: which datasource answers activity,
 * metrics and annotation questions. `--demo` answers everything from the simulated
 * organisation; otherwise real datasources are used (real.ts, loaded only then) and never
 * silently replaced by the demo.
 */
import type { Config, DemoConfig } from '../config/schema.js';
import type { HttpTransport } from '../http/types.js';
import type { Sources } from '../reports/context.js';
import { withCutSessions } from './cut-sessions.js';
import { BUILTIN_DEMO_APPS, buildDemoOrg, DemoActivitySource, DemoAnnotationSource, DemoMetricsSource } from './demo/index.js';

const DAY_MS = 86_400_000;

export interface SourceOptions {
  demo: boolean;
  now: number;
  /** Overrides datasources.demo.users (--scale). */
  demoUsers?: number;
  /** Epoch ms after which no request or retry starts. */
  deadlineMs?: number;
}

/** The sources plus the HTTP clients behind them (for stats and doctor). */
export interface SourceSet extends Sources {
  http: Map<string, HttpTransport>;
}

export async function createSources(config: Config, options: SourceOptions): Promise<SourceSet> {
  let set: SourceSet;
  if (options.demo) set = demoSources(config, config.datasources.demo, options);
  else {
    const { realSources } = await import('./real.js');
    set = await realSources(config, options);
  }
  if (set.activity) set.activity = withCutSessions(set.activity, config.apps, config.analytics.sessionTimeoutMinutes, options.now);
  return set;
}

function demoSources(config: Config, demo: DemoConfig, options: SourceOptions): SourceSet {
  // Data exists up to the end of today (UTC), so a run at any hour of a day sees the same org.
  const end = Math.floor(options.now / DAY_MS) * DAY_MS + DAY_MS;
  const org = buildDemoOrg({
    seed: demo.seed,
    users: options.demoUsers ?? demo.users,
    historyDays: demo.historyDays,
    end,
    apps: config.apps.map((app) => ({
      id: app.id,
      name: app.name,
      features: app.features.length > 0 ? app.features : (BUILTIN_DEMO_APPS.find((b) => b.id === app.id)?.features ?? []),
    })),
  });
  return {
    activity: new DemoActivitySource(org),
    metrics: new DemoMetricsSource(org),
    annotations: new DemoAnnotationSource(org),
    missing: {},
    http: new Map(),
  };
}
