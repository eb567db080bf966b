import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DatasourceError } from '../errors.js';
import { createHttpClient, type HttpClientOptions } from './client.js';
import { closedPort, reply, startTestServer, type TestServer } from './test-server.js';
import { HttpStatusError } from './types.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function server(handler: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const s = await startTestServer(handler);
  servers.push(s);
  return s;
}

function client(url: string, overrides: Partial<HttpClientOptions> = {}) {
  return createHttpClient({
    name: 'prom',
    type: 'prometheus',
    url,
    timeoutMs: 2000,
    retries: 3,
    concurrency: 4,
    backoff: { baseMs: 5, maxMs: 20, maxRetryAfterMs: 2000 },
    ...overrides,
  });
}

describe('retries', { timeout: 30_000 }, () => {
  it('retries a 503 and returns the success that follows', async () => {
    let calls = 0;
    const s = await server((_req, res) => (++calls <= 2 ? reply(res, 503, 'busy') : reply(res, 200, '{"ok":true}')));
    const c = client(s.url);
    const res = await c.request({ path: '/x' });
    assert.equal(res.status, 200);
    assert.equal(res.body, '{"ok":true}');
    assert.equal(s.requests.length, 3);
    assert.deepEqual(c.stats, { requests: 3, retries: 2, cacheHits: 0, bytesReceived: 'busy'.length * 2 + 11 });
  });

  it('waits as long as a 429 Retry-After asks, capped', async () => {
    const times: number[] = [];
    const s = await server((_req, res) => {
      times.push(Date.now());
      if (times.length === 1) return reply(res, 429, 'slow down', { 'Retry-After': '0.3' });
      if (times.length === 2) return reply(res, 429, 'slow down', { 'Retry-After': '3600' });
      reply(res, 200, '{}');
    });
    const res = await client(s.url, { backoff: { baseMs: 1, maxMs: 1, maxRetryAfterMs: 150 } }).request({ path: '/x' });
    assert.equal(res.status, 200);
    assert.equal(times.length, 3);
    // First wait: the server's 300 ms (capped at 150 ms); second: 3600 s capped at 150 ms.
    assert.ok(times[1]! - times[0]! >= 145, `first wait ${times[1]! - times[0]!} ms`);
    assert.ok(times[2]! - times[1]! >= 145 && times[2]! - times[1]! < 1000, `second wait ${times[2]! - times[1]!} ms`);
  });

  it('honours a Retry-After below the cap exactly', async () => {
    const times: number[] = [];
    const s = await server((_req, res) => {
      times.push(Date.now());
      if (times.length === 1) return reply(res, 503, 'later', { 'Retry-After': '0.25' });
      reply(res, 200, '{}');
    });
    await client(s.url).request({ path: '/x' });
    assert.ok(times[1]! - times[0]! >= 245, `waited ${times[1]! - times[0]!} ms`);
  });

  for (const status of [400, 404, 422, 500]) {
    it(`does not retry HTTP ${status} and throws HttpStatusError with the body`, async () => {
      const s = await server((_req, res) => reply(res, status, '{"status":"error","error":"nope"}'));
      const c = client(s.url);
      const error = await c.request({ path: '/api/v1/query', query: { query: 'up' } }).catch((e: unknown) => e);
      assert.ok(error instanceof HttpStatusError);
      assert.equal(error.status, status);
      assert.equal(error.body, '{"status":"error","error":"nope"}');
      assert.equal(error.request, 'GET /api/v1/query?query=up');
      assert.equal(s.requests.length, 1);
      assert.equal(c.stats.retries, 0);
    });
  }

  for (const status of [401, 403]) {
    it(`turns HTTP ${status} into one DATASOURCE_AUTH error, without retrying`, async () => {
      const s = await server((_req, res) => reply(res, status, '{"message":"Invalid API key"}'));
      const error = await client(s.url).request({ path: '/x' }).catch((e: unknown) => e);
      assert.ok(error instanceof DatasourceError);
      assert.equal(error.code, 'DATASOURCE_AUTH');
      assert.equal(error.status, status);
      assert.match(error.hint ?? '', status === 401 ? /token or password/ : /permission/);
      assert.equal(s.requests.length, 1);
    });
  }

  it('stops retrying at the deadline', async () => {
    const s = await server((_req, res) => reply(res, 503, 'down', { 'Retry-After': '0.5' }));
    const started = Date.now();
    const c = client(s.url, { retries: 10, deadlineMs: started + 800 });
    const error = await c.request({ path: '/x' }).catch((e: unknown) => e);
    // Attempt at 0 ms, retry at ~500 ms; the next would start at ~1000 ms, after the deadline.
    assert.ok(error instanceof HttpStatusError);
    assert.equal(error.status, 503);
    assert.equal(s.requests.length, 2);
    assert.ok(Date.now() - started < 1500);
  });

  it('sends nothing once the deadline has passed', async () => {
    const s = await server((_req, res) => reply(res, 200, '{}'));
    const error = await client(s.url, { deadlineMs: Date.now() - 1 }).request({ path: '/x' }).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_LIMIT');
    assert.equal(s.requests.length, 0);
  });
});

describe('connection failures', { timeout: 30_000 }, () => {
  it('times out a request that does not answer, retries once, then says so', async () => {
    const s = await server((_req, res) => void setTimeout(() => reply(res, 200, '{}'), 10_000).unref());
    const started = Date.now();
    // 500 ms, not less: on a loaded machine a shorter timeout can fire before the server has even
    // read the request, and the count of requests below would be wrong for the wrong reason.
    const error = await client(s.url, { timeoutMs: 500, retries: 1 }).request({ path: '/slow' }).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_UNREACHABLE');
    assert.match(error.message, /did not answer GET \/slow within 500 ms/);
    assert.equal(s.requests.length, 2);
    assert.ok(Date.now() - started < 5000);
  });

  it('times out a body that trickles in too slowly', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 30).unref();
      setTimeout(() => {
        clearInterval(timer);
        res.end('{}');
      }, 10_000).unref();
    });
    const started = Date.now();
    const error = await client(s.url, { timeoutMs: 200, retries: 0 }).request({ path: '/trickle' }).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_UNREACHABLE');
    assert.ok(Date.now() - started < 5000);
  });

  it('reports a refused connection with the URL and the --demo hint, after retries', async () => {
    const port = await closedPort();
    const c = client(`http://127.0.0.1:${port}`, { retries: 2 });
    const error = await c.request({ path: '/api/v1/query' }).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_UNREACHABLE');
    assert.match(error.message, new RegExp(`prom \\(http://127\\.0\\.0\\.1:${port}\\) could not be reached \\(ECONNREFUSED`));
    assert.match(error.hint ?? '', /datasources\.prometheus\.url.*--demo/);
    assert.equal(c.stats.requests, 3);
    assert.equal(c.stats.retries, 2);
  });

  it('retries a connection reset (socket hang up)', async () => {
    let calls = 0;
    const s = await server((_req, res) => {
      if (++calls === 1) res.socket?.destroy();
      else reply(res, 200, '{}');
    });
    const res = await client(s.url).request({ path: '/x' });
    assert.equal(res.status, 200);
    assert.equal(s.requests.length, 2);
  });
});
