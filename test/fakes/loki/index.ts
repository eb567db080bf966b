/**
 * A local stand-in for Loki 3.4.6 for tests: answers in the real shapes, status codes, headers and
 * error bodies (recorded in /work/shared/samples/loki and measured against a real Loki, see
 * README.md), evaluates a real LogQL subset and enforces Loki's default limits, so a client's
 * paging, splitting and sharding are exercised for real. Never more forgiving than Loki.
 */
import type { Server } from 'node:http';
import type { Matcher } from './logql/ast.js';
import { LineSource, type FakeLogLine, type LineProvider } from './engine/source.js';
import { FaultState, type FaultPlan } from './http/faults.js';
import { portOf, startServer, type RecordedRequest } from './http/server.js';
import { DEFAULT_LIMITS, type LokiLimits } from './limits.js';

export type { FakeLogLine, LineProvider, Matcher, LokiLimits, FaultPlan, RecordedRequest };
export { DEFAULT_LIMITS } from './limits.js';
export { lokiFaults, type Fault, type FaultRule } from './http/faults.js';

/** Options of startFakeLoki. */
export interface FakeLokiOptions {
  /** The lines to serve, or a generator of them (in time order). */
  lines: FakeLogLine[] | LineProvider;
  /** Limits to change; the rest are Loki's defaults. */
  limits?: Partial<LokiLimits>;
  /** Require this X-Scope-OrgID; without it Loki answers 401 `no org id`, another tenant sees no data. */
  requireTenant?: string;
  /** Faults for the first matching requests. */
  faults?: FaultPlan;
  /** The server's "now" (default and `since` bounds, instant query time); defaults to the clock. */
  now?: () => Date;
}

/** A running fake. */
export interface FakeLoki {
  /** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
  url: string;
  stop(): Promise<void>;
  /** Every request answered so far, in order. */
  requests: RecordedRequest[];
  /** Total body bytes sent. */
  readonly bytesSent: number;
  /** Replaces the fault plan. */
  setFaults(plan: FaultPlan): void;
}

/** Starts a fake Loki on 127.0.0.1 with a free port. */
export async function startFakeLoki(opts: FakeLokiOptions): Promise<FakeLoki> {
  const faults = new FaultState();
  faults.set(opts.faults ?? []);
  const requests: RecordedRequest[] = [];
  const sent = { bytes: 0 };
  const clock = opts.now ?? (() => new Date());
  const server: Server = await startServer(
    {
      source: new LineSource(opts.lines),
      limits: { ...DEFAULT_LIMITS, ...opts.limits },
      requireTenant: opts.requireTenant,
      now: () => BigInt(clock().getTime()) * 1_000_000n,
    },
    faults,
    requests,
    sent,
  );
  return {
    url: `http://127.0.0.1:${portOf(server)}`,
    requests,
    get bytesSent() {
      return sent.bytes;
    },
    setFaults: (plan) => faults.set(plan),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
