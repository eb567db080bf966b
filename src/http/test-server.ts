/**
 * A local HTTP(S) server for tests (a test double beside the real client): binds 127.0.0.1 on a
 * free port, records every request, and answers through a handler.
 */
import http from 'node:http';
import https from 'node:https';
import type { Server } from 'node:net';

/** A request as the test server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Form body parameters (application/x-www-form-urlencoded), else empty. */
  form: URLSearchParams;
}

/** Answers one request; may write the response itself. */
export type TestHandler = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

/** A running test server. */
export interface TestServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** TLS material for an https test server. */
export interface TestTls {
  key: Buffer;
  cert: Buffer;
  /** CA for client certificates; with `requestCert`, clients must present one it signed. */
  ca?: Buffer;
  requestCert?: boolean;
}

/** Adds loopback to NO_PROXY when a proxy is configured, so test traffic never leaves the machine. */
export function bypassProxyForLoopback(): void {
  const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some((name) => process.env[name]);
  if (!proxied) return;
  for (const name of ['NO_PROXY', 'no_proxy']) {
    const current = process.env[name] ?? '';
    if (!/(^|,)\s*127\.0\.0\.1\s*(,|$)/.test(current)) process.env[name] = [current, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  }
}

/** Writes a response with a body and headers. */
export function reply(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
}

/** Starts a server on 127.0.0.1 with a free port. */
export async function startTestServer(handler: TestHandler, tls?: TestTls): Promise<TestServer> {
  bypassProxyForLoopback();
  const requests: RecordedRequest[] = [];
  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      const recorded = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, form: new URLSearchParams(isForm ? body : '') };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) reply(res, 500, JSON.stringify({ error: String(error) }));
        else res.destroy();
      });
    });
  };
  const server = tls ? https.createServer({ ...tls, rejectUnauthorized: tls.requestCert === true }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test server is not listening on a TCP port');
  return address.port;
}
