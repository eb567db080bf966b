/**
 * Deterministic fault injection: the next N requests matching a rule get a fault instead of (or
 * before) the real answer. Rules are consumed in order; a request uses the first rule with turns left.
 */

/** What happens to a faulted request. */
export type Fault =
  /** Answer this status and body (text/plain unless headers say otherwise). */
  | { kind: 'status'; status: number; body: string; headers?: Record<string, string> }
  /** Wait, then answer normally (to trigger client timeouts). */
  | { kind: 'delay'; ms: number }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed-json' }
  /** 200 with the real JSON body cut in half. */
  | { kind: 'truncated-json' }
  /** Destroy the connection without answering. */
  | { kind: 'close' };

/** One rule of a fault plan. */
export interface FaultRule {
  fault: Fault;
  /** How many matching requests get it (default 1). */
  times?: number;
  /** Only requests whose path contains this (e.g. `query_range`). */
  path?: string;
  /** Only requests whose `query` parameter matches. */
  query?: RegExp;
}

/** Faults to inject, in order. */
export type FaultPlan = FaultRule[];

/** Loki's answer to a query cancelled at `query_timeout` (recorded: err_query_timeout_*.body). */
export const QUERY_TIMEOUT_BODY = 'Request timed out, decrease the duration of the request or add more label matchers (prefer exact match over regex match) to reduce the amount of data processed.';

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };

/** Faults with the bodies a real Loki 3.4.6 answers. */
export const lokiFaults = {
  /** The query timeout (recorded: err_query_timeout_*.body). */
  timeout504: (): Fault => ({ kind: 'status', status: 504, headers: TEXT, body: QUERY_TIMEOUT_BODY }),
  /** The query scheduler's queue limit (`too many outstanding requests`), optionally with Retry-After. */
  tooManyRequests429: (retryAfterSeconds?: number): Fault => ({
    kind: 'status', status: 429, body: 'too many outstanding requests',
    headers: retryAfterSeconds === undefined ? TEXT : { ...TEXT, 'Retry-After': String(retryAfterSeconds) },
  }),
  /** No querier or ingester available (Loki's ring error). */
  unavailable503: (): Fault => ({ kind: 'status', status: 503, headers: TEXT, body: 'empty ring' }),
  /** A proxy in front of Loki failing. */
  badGateway502: (): Fault => ({ kind: 'status', status: 502, headers: TEXT, body: 'Bad Gateway' }),
  /** The gRPC size limit (recorded: err_response_too_large_grpc_4mb.body). */
  responseTooLarge500: (size = 6003773): Fault => ({
    kind: 'status', status: 500, headers: TEXT,
    body: `rpc error: code = ResourceExhausted desc = trying to send message larger than max (${size} vs. 4194304)`,
  }),
};

/** Mutable fault state of a server. */
export class FaultState {
  private rules: { rule: FaultRule; left: number }[] = [];

  set(plan: FaultPlan): void {
    this.rules = plan.map((rule) => ({ rule, left: rule.times ?? 1 }));
  }

  /** The fault for this request, consuming one turn, or undefined. */
  take(path: string, query: string | undefined): Fault | undefined {
    for (const r of this.rules) {
      if (r.left <= 0) continue;
      if (r.rule.path !== undefined && !path.includes(r.rule.path)) continue;
      if (r.rule.query && !r.rule.query.test(query ?? '')) continue;
      r.left--;
      return r.rule.fault;
    }
    return undefined;
  }
}
