/**
 * The one HTTP client every networked source uses: axios plus per-request timeouts, retries
 * with backoff up to the run's deadline, auth, tenant header, TLS, environment proxies
 * (HTTP(S)_PROXY / NO_PROXY: axios reads them because `proxy` is left unset), a concurrency
 * limit per datasource and an in-run cache.
 */
import axios, { type AxiosInstance } from 'axios';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ZodType } from 'zod';
import { deadlineError, isCut, statusError, unreachableError, type FailureContext } from './failures.js';
import { resolveBase, type HttpAuthOptions } from './base.js';
import { decodeJson } from './json.js';
import { attemptOnce, type Outcome } from './attempt.js';
import { redactSecrets } from './redact.js';
import { describeRequest, encodeParams, requestKey } from './request.js';
import { DEFAULT_BACKOFF, isRetryableStatus, parseRetryAfter, retryDelayMs, type BackoffPolicy } from './retry.js';
import { Semaphore } from './semaphore.js';
import { createAgents, type HttpTlsOptions } from './tls.js';
import type { HttpRequest, HttpResponse, HttpStats, HttpTransport } from './types.js';

export type { HttpAuthOptions } from './base.js';
export type { HttpTlsOptions } from './tls.js';

/** How to reach one datasource; auth and tls have the shapes of the config file. */
export interface HttpClientOptions {
  /** Datasource name from the config, used in errors. */
  name: string;
  /** Datasource type (prometheus, loki, grafana), used for config paths in hints. */
  type: string;
  url: string;
  auth?: HttpAuthOptions;
  tls?: HttpTlsOptions;
  timeoutMs: number;
  /** Retries after the first attempt, for 429/502/503/504 and connection errors only. */
  retries: number;
  concurrency: number;
  /** Sent as X-Scope-OrgID (Mimir, Cortex, Loki). */
  tenant?: string;
  /** Epoch ms of the run's overall deadline: no request or retry starts after it. */
  deadlineMs?: number;
  userAgent?: string;
  /** Backoff tuning (tests use small values). */
  backoff?: Partial<BackoffPolicy>;
  /** Largest response body accepted, in bytes (default 256 MiB). */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** Creates the client of one datasource. Reads TLS files now, so a bad path fails at start. */
export function createHttpClient(opts: HttpClientOptions): HttpTransport {
  return new HttpClient(opts);
}

class HttpClient implements HttpTransport {
  readonly name: string;
  readonly baseUrl: string;
  readonly stats: HttpStats = { requests: 0, retries: 0, cacheHits: 0, bytesReceived: 0 };
  private readonly axios: AxiosInstance;
  private readonly base: ReturnType<typeof resolveBase>;
  private readonly slots: Semaphore;
  private readonly backoff: BackoffPolicy;
  /** Settled failures stay cached too: one run asks a broken backend once, not once per section. */
  private readonly cache = new Map<string, Promise<HttpResponse>>();
  private readonly redact: (text: string) => string;

  constructor(private readonly opts: HttpClientOptions) {
    this.name = opts.name;
    this.base = resolveBase(opts.url, opts.auth, opts.tenant, opts.userAgent);
    this.baseUrl = this.base.displayUrl;
    this.redact = (text) => redactSecrets(text, this.base.secrets);
    this.slots = new Semaphore(opts.concurrency);
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    const agents = createAgents(opts.type, opts.tls);
    this.axios = axios.create({
      httpAgent: agents.http,
      httpsAgent: agents.https,
      maxContentLength: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxRedirects: 3,
    });
  }

  request(req: HttpRequest): Promise<HttpResponse> {
    if (req.noCache) return this.send(req);
    const key = requestKey(req);
    const cached = this.cache.get(key);
    if (cached) {
      this.stats.cacheHits++;
      return cached;
    }
    const pending = this.send(req);
    this.cache.set(key, pending);
    return pending;
  }

  async getJson<T>(req: HttpRequest, schema: ZodType<T>): Promise<T> {
    const res = await this.request(req);
    return decodeJson(this.name, this.redact(describeRequest(req)), res.body, schema, this.redact);
  }

  private context(req: HttpRequest): FailureContext {
    const request = this.redact(describeRequest(req));
    return { datasource: this.name, type: this.opts.type, baseUrl: this.baseUrl, request, redact: this.redact };
  }

  private async send(req: HttpRequest): Promise<HttpResponse> {
    const deadline = this.opts.deadlineMs ?? Infinity;
    let cuts = 0;
    for (let attempt = 0; ; attempt++) {
      const timeoutMs = Math.min(this.opts.timeoutMs, deadline - Date.now());
      if (timeoutMs <= 0) throw deadlineError(this.context(req));
      const outcome = await this.attempt(req, timeoutMs);
      const res = outcome.response;
      if (res && res.status >= 200 && res.status <= 299) return res;
      // A server that cut a long request (see LONG_REQUEST_RESET_MS) may have been busy with others:
      // worth one more try, not one per retry, each as long as the first.
      if (outcome.failure && isCut(outcome.failure)) cuts++;
      const retryable = (outcome.response ? isRetryableStatus(outcome.response.status) : outcome.failure.retryable) && cuts < 2;
      const delay = retryDelayMs(attempt, parseRetryAfter(res?.headers['retry-after'], Date.now()), this.backoff);
      // A retry that could only start after the deadline is not worth waiting for.
      if (!retryable || attempt >= this.opts.retries || Date.now() + delay >= deadline) throw this.failure(req, outcome, timeoutMs);
      this.stats.retries++;
      await sleep(delay);
    }
  }

  private failure(req: HttpRequest, outcome: Outcome, timeoutMs: number): Error {
    const ctx = this.context(req);
    return outcome.failure ? unreachableError(ctx, outcome.failure, timeoutMs) : statusError(ctx, outcome.response);
  }

  private attempt(req: HttpRequest, timeoutMs: number): Promise<Outcome> {
    return this.slots.run(async () => {
      this.stats.requests++;
      const outcome = await attemptOnce(this.axios, this.url(req), req, this.base.headers, timeoutMs);
      this.stats.bytesReceived += outcome.response?.bytes ?? 0;
      return outcome;
    });
  }

  private url(req: HttpRequest): string {
    const params = [this.base.params, encodeParams(req.query)].filter((p) => p !== '').join('&');
    return `${this.base.url}${req.path}${params === '' ? '' : `?${params}`}`;
  }
}
