/**
 * The HTTP side of the fake: routing (GET, and POST with a form body where Loki accepts it), the
 * tenant header, fault injection, Loki's status codes and plain-text error bodies, the 4 MiB answer
 * limit and the request log a test inspects.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PipelineError, QueryError, SeriesLimitError } from '../engine/errors.js';
import { QueryLengthError } from '../engine/plan.js';
import { LineSource } from '../engine/source.js';
import { parseLogqlDuration } from '../logql/duration.js';
import { ParseError } from '../logql/errors.js';
import type { LokiLimits } from '../limits.js';
import { QUERY_TIMEOUT_BODY, type FaultState, type Fault } from './faults.js';
import { BUILD_INFO, indexStats, labels, labelValues, series } from './meta.js';
import { BadRequest } from './params.js';
import { answerBody, queryInstant, queryRange, type QueryContext } from './query.js';

/** One request as the fake saw it. */
export interface RecordedRequest {
  path: string;
  query: Record<string, string>;
  status: number;
  bytes: number;
}

/** Server options after defaults. */
export interface ServerOptions {
  source: LineSource;
  limits: LokiLimits;
  requireTenant?: string;
  now: () => bigint;
}

/** A 200 whose Content-Type differs from the query endpoints'. */
class JsonAnswer extends Error {
  constructor(readonly body: string, readonly type: string, readonly status = 200) {
    super('json');
  }
}

/** A 4xx/5xx answer with a plain-text body. */
class HttpAnswer extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(body);
  }
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const TEXT_HEADERS = { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' };
const EMPTY = new LineSource([]);

/** Starts the server on 127.0.0.1, a free port. */
export async function startServer(opts: ServerOptions, faults: FaultState, requests: RecordedRequest[], sent: { bytes: number }): Promise<Server> {
  // The fake evaluates a query synchronously, so with big data its event loop stalls for longer
  // than Node's 300 s request timeout, which would answer queued requests 408: a real Loki reads
  // requests while it evaluates. Idle connections are kept 120 s, Loki's http_server_idle_timeout.
  const server = createServer({ requestTimeout: 0, keepAliveTimeout: 120_000 }, (req, res) => {
    void handle(req, res, opts, faults).then((r) => {
      if (!r) return;
      requests.push({ ...r.record, status: r.status, bytes: r.bytes });
      sent.bytes += r.bytes;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** The port a started server listens on. */
export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

async function readForm(req: IncomingMessage, url: URL): Promise<URLSearchParams> {
  const form = new URLSearchParams(url.search);
  if (req.method !== 'POST') return form;
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/x-www-form-urlencoded')) return form;
  // Go's ParseForm: body values come before URL values, so Get() prefers them.
  const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const merged = new URLSearchParams(body);
  for (const [k, v] of form) merged.append(k, v);
  return merged;
}

interface Handled {
  status: number;
  bytes: number;
  record: Omit<RecordedRequest, 'status' | 'bytes'>;
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: ServerOptions, faults: FaultState): Promise<Handled | undefined> {
  // Loki's clocks start when the request's header has been read: Go's write deadline is set then.
  const started = process.hrtime.bigint();
  const url = new URL(req.url ?? '/', 'http://fake');
  const form = await readForm(req, url);
  const record = { path: url.pathname, query: Object.fromEntries(form) };
  const fault = faults.take(url.pathname, form.get('query') ?? undefined);
  if (fault?.kind === 'close') return hangUp(req, record);
  if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
  if (fault?.kind === 'status') return send(res, fault.status, fault.body, fault.headers ?? TEXT_HEADERS, record);
  let status = 200;
  let body: string;
  let headers: Record<string, string> = { 'Content-Type': JSON_TYPE };
  try {
    body = route(req, url, form, opts);
  } catch (e) {
    if (e instanceof JsonAnswer) return send(res, e.status, e.body, e.type ? { 'Content-Type': e.type } : {}, record);
    const a = toAnswer(e);
    status = a.status;
    body = a.body;
    headers = TEXT_HEADERS;
  }
  if (status === 200 && body.length > opts.limits.maxResponseBytes) {
    const size = Buffer.byteLength(body);
    if (size > opts.limits.maxResponseBytes) {
      status = 500;
      body = `rpc error: code = ResourceExhausted desc = trying to send message larger than max (${size} vs. ${opts.limits.maxResponseBytes})`;
      headers = TEXT_HEADERS;
    }
  }
  // A real Loki cancels a query at query_timeout and answers 504; past the write deadline (set when
  // the request was read) Go's server drops any answer and closes the connection: with the
  // defaults, 1 min against 30 s, a slow query never gets its 504. The fake evaluates to the end,
  // then answers what Loki would have answered when it did.
  const tookNs = process.hrtime.bigint() - started;
  const queryTimeout = parseLogqlDuration(opts.limits.queryTimeout);
  const writeTimeout = parseLogqlDuration(opts.limits.httpServerWriteTimeout);
  const answeredAt = tookNs > queryTimeout ? queryTimeout : tookNs;
  if (answeredAt > writeTimeout) return hangUp(req, record);
  if (tookNs > queryTimeout) return send(res, 504, QUERY_TIMEOUT_BODY, TEXT_HEADERS, record);
  return send(res, status, mangle(body, status, fault), headers, record);
}

function hangUp(req: IncomingMessage, record: Handled['record']): Handled {
  req.socket.destroy();
  return { status: 0, bytes: 0, record };
}

function mangle(body: string, status: number, fault: Fault | undefined): string {
  if (status !== 200 || !fault) return body;
  if (fault.kind === 'malformed-json') return '<html><body>upstream answered garbage</body></html>';
  if (fault.kind === 'truncated-json') return body.slice(0, Math.floor(body.length / 2));
  return body;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>, record: Handled['record']): Handled {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Length': String(buf.length) });
  res.end(buf);
  return { status, bytes: buf.length, record };
}

function toAnswer(e: unknown): HttpAnswer {
  if (e instanceof HttpAnswer) return e;
  if (e instanceof BadRequest || e instanceof ParseError || e instanceof QueryLengthError || e instanceof SeriesLimitError || e instanceof PipelineError || e instanceof QueryError) {
    return new HttpAnswer(400, e.message);
  }
  return new HttpAnswer(500, `fake Loki internal error: ${(e as Error).message}`);
}

function route(req: IncomingMessage, url: URL, form: URLSearchParams, opts: ServerOptions): string {
  const path = url.pathname;
  if (path === '/ready') throw new HttpAnswer(200, 'ready\n');
  if (path === '/loki/api/v1/status/buildinfo') throw new JsonAnswer(BUILD_INFO, 'application/json');
  const ctx = context(req, opts);
  const post = req.method === 'POST';
  if (req.method !== 'GET' && !post) throw new JsonAnswer('', '', 405);
  const started = process.hrtime.bigint();
  const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  switch (path) {
    case '/loki/api/v1/query_range':
      return answerBody(queryRange(form, ctx), elapsed());
    case '/loki/api/v1/query':
      return answerBody(queryInstant(form, ctx), elapsed());
    case '/loki/api/v1/labels':
      return labels(form, ctx);
    case '/loki/api/v1/series':
      return series(form, ctx);
    case '/loki/api/v1/index/stats':
      return indexStats(form, ctx);
  }
  const values = /^\/loki\/api\/v1\/label\/([^/]+)\/values$/.exec(path);
  if (values) return labelValues(decodeURIComponent(values[1] ?? ''), form, ctx);
  throw new HttpAnswer(404, '404 page not found\n');
}

function context(req: IncomingMessage, opts: ServerOptions): QueryContext {
  const tenant = req.headers['x-scope-orgid'];
  let source = opts.source;
  if (opts.requireTenant !== undefined) {
    if (tenant === undefined || tenant === '') throw new HttpAnswer(401, 'no org id\n');
    // Loki is multi-tenant: another tenant is not refused, it simply has no data.
    if (tenant !== opts.requireTenant) source = EMPTY;
  }
  const flags = String(req.headers['x-loki-response-encoding-flags'] ?? '');
  return { source, limits: opts.limits, nowNs: opts.now(), categorize: flags.split(',').map((f) => f.trim()).includes('categorize-labels') };
}
