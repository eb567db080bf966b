import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
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
  return createHttpClient({ name: 'prom', type: 'prometheus', url, timeoutMs: 2000, retries: 2, concurrency: 4, backoff: { baseMs: 1, maxMs: 5 }, ...overrides });
}

const okSchema = z.object({ status: z.literal('success'), data: z.object({ result: z.array(z.object({ value: z.tuple([z.number(), z.string()]) })) }) });

describe('getJson', { timeout: 30_000 }, () => {
  it('parses and validates a body', async () => {
    const s = await server((_req, res) => reply(res, 200, '{"status":"success","data":{"result":[{"value":[1,"2"]}]}}'));
    assert.deepEqual(await client(s.url).getJson({ path: '/q' }, okSchema), { status: 'success', data: { result: [{ value: [1, '2'] }] } });
  });

  for (const [label, body] of [['malformed', '<html>login</html>'], ['truncated', '{"status":"success","data":{"resu']] as const) {
    it(`turns ${label} JSON into DATASOURCE_RESPONSE naming the request`, async () => {
      const s = await server((_req, res) => reply(res, 200, body));
      const error = await client(s.url).getJson({ path: '/api/v1/query', query: { query: 'up' } }, okSchema).catch((e: unknown) => e);
      assert.ok(error instanceof DatasourceError);
      assert.equal(error.code, 'DATASOURCE_RESPONSE');
      assert.match(error.message, /GET \/api\/v1\/query\?query=up with a body that is not valid JSON/);
    });
  }

  it('names the zod path of a body in the wrong shape', async () => {
    const s = await server((_req, res) => reply(res, 200, '{"status":"success","data":{"result":[{"value":[1,2]}]}}'));
    const error = await client(s.url).getJson({ path: '/q' }, okSchema).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_RESPONSE');
    assert.match(error.message, /at data\.result\[0\]\.value\[1\]: /);
  });
});

describe('cache', { timeout: 30_000 }, () => {
  it('sends the same request once per run, whatever the parameter order', async () => {
    const s = await server((_req, res) => reply(res, 200, '{"n":1}'));
    const c = client(s.url);
    await c.request({ path: '/q', method: 'POST', form: { query: 'up', time: 5 } });
    const again = await c.request({ path: '/q', method: 'POST', form: { time: '5', query: 'up' } });
    assert.equal(again.body, '{"n":1}');
    assert.equal(s.requests.length, 1);
    assert.equal(c.stats.cacheHits, 1);
  });

  it('shares one in-flight request between concurrent identical calls', async () => {
    const s = await server(async (_req, res) => {
      await sleep(50);
      reply(res, 200, '{}');
    });
    const c = client(s.url);
    await Promise.all([1, 2, 3].map(() => c.request({ path: '/q', query: { a: 1 } })));
    assert.equal(s.requests.length, 1);
    assert.equal(c.stats.cacheHits, 2);
  });

  it('tells different requests apart and honours noCache', async () => {
    const s = await server((_req, res) => reply(res, 200, '{}'));
    const c = client(s.url);
    await c.request({ path: '/q', query: { a: 1 } });
    await c.request({ path: '/q', query: { a: 2 } });
    await c.request({ path: '/q', json: { a: 1 } });
    await c.request({ path: '/q', query: { a: 1 }, headers: { 'X-Flag': 'on' } });
    await c.request({ path: '/q', query: { a: 1 }, noCache: true });
    assert.equal(s.requests.length, 5);
    assert.equal(c.stats.cacheHits, 0);
  });
});

describe('concurrency', { timeout: 30_000 }, () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let max = 0;
    const s = await server(async (_req, res) => {
      inFlight++;
      max = Math.max(max, inFlight);
      await sleep(40);
      inFlight--;
      reply(res, 200, '{}');
    });
    const c = client(s.url, { concurrency: 2 });
    await Promise.all([1, 2, 3, 4, 5, 6].map((i) => c.request({ path: '/q', query: { i } })));
    assert.equal(s.requests.length, 6);
    assert.equal(max, 2);
  });
});

describe('headers and secrets', { timeout: 30_000 }, () => {
  it('sends bearer, tenant, user agent and extra headers', async () => {
    const s = await server((_req, res) => reply(res, 200, '{}'));
    await client(s.url, { auth: { bearer: 'tok-123', headers: { 'X-Team': 'blue' } }, tenant: 'acme', userAgent: 'obs-report/test' }).request({ path: '/q' });
    const h = s.requests[0]!.headers;
    assert.equal(h.authorization, 'Bearer tok-123');
    assert.equal(h['x-scope-orgid'], 'acme');
    assert.equal(h['user-agent'], 'obs-report/test');
    assert.equal(h['x-team'], 'blue');
  });

  it('sends basic auth, from the config or from the URL', async () => {
    const s = await server((_req, res) => reply(res, 200, '{}'));
    await client(s.url, { auth: { basic: { username: 'ann', password: 'p:w' } } }).request({ path: '/q' });
    await client(s.url.replace('http://', 'http://bob:s%40cret@')).request({ path: '/q' });
    assert.equal(s.requests[0]!.headers.authorization, `Basic ${Buffer.from('ann:p:w').toString('base64')}`);
    assert.equal(s.requests[1]!.headers.authorization, `Basic ${Buffer.from('bob:s@cret').toString('base64')}`);
    assert.equal(s.requests[0]!.headers['x-scope-orgid'], undefined);
  });

  it('keeps a base path and sends form bodies for POST', async () => {
    const s = await server((_req, res) => reply(res, 200, '{}'));
    await client(`${s.url}/prometheus/`).request({ path: '/api/v1/query', form: { query: 'up{job="a b"}' } });
    const r = s.requests[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/prometheus/api/v1/query');
    assert.equal(r.form.get('query'), 'up{job="a b"}');
  });

  it('never puts a secret in errors, hints, causes or base URLs', async () => {
    const token = 'sekret-token-0123456789';
    const s = await server((req, res) => reply(res, req.path === '/auth' ? 401 : 500, `echo: ${req.headers.authorization ?? ''} ${req.query.get('api_key') ?? ''}`));
    const bearer = client(s.url, { auth: { bearer: token } });
    const basic = client(s.url.replace('http://', 'http://ann:pw-sekret-42@'));
    const dead = client(`http://ann:pw-sekret-42@127.0.0.1:${await closedPort()}/?api_key=${token}`, { retries: 0 });
    const errors = await Promise.all([
      bearer.request({ path: '/auth' }).catch((e: unknown) => e),
      bearer.request({ path: '/boom', query: { api_key: token } }).catch((e: unknown) => e),
      basic.request({ path: '/boom' }).catch((e: unknown) => e),
      bearer.getJson({ path: '/auth2', query: { token } }, okSchema).catch((e: unknown) => e),
      dead.request({ path: '/q' }).catch((e: unknown) => e),
    ]);
    assert.ok(errors[0] instanceof DatasourceError && errors[1] instanceof HttpStatusError && errors[4] instanceof DatasourceError);
    for (const error of errors) {
      assert.ok(error instanceof Error);
      const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
      const text = [error.message, JSON.stringify(error), cause, error instanceof DatasourceError ? error.hint : ''].join('\n');
      for (const secret of [token, 'pw-sekret-42', Buffer.from('ann:pw-sekret-42').toString('base64')]) assert.ok(!text.includes(secret), `${secret} leaked in: ${text}`);
      // The server echoed the credentials in the first four: they must show up masked.
      if (error !== errors[4]) assert.match(text, /\*\*\*/);
    }
    assert.ok(!dead.baseUrl.includes('pw-sekret') && !basic.baseUrl.includes('pw-sekret'));
  });
});
