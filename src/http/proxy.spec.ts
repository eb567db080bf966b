import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createHttpClient } from './client.js';
import { reply, startTestServer, type TestServer } from './test-server.js';

const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
const saved = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]));

let backend: TestServer;
let proxy: TestServer;
const proxied: string[] = [];

before(async () => {
  backend = await startTestServer((_req, res) => reply(res, 200, '{"via":"direct"}'));
  // A forward proxy sees absolute URLs; this one answers itself instead of forwarding.
  proxy = await startTestServer((req, res) => {
    proxied.push(`${req.method} ${req.headers.host ?? ''}${req.path}`);
    reply(res, 200, '{"via":"proxy"}');
  });
});

afterEach(() => {
  for (const name of PROXY_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

after(() => Promise.all([backend.close(), proxy.close()]));

function get(url: string): Promise<string> {
  const client = createHttpClient({ name: 'prom', type: 'prometheus', url, timeoutMs: 2000, retries: 0, concurrency: 1 });
  return client.request({ path: '/api/v1/query', query: { query: 'up' } }).then((res) => res.body);
}

describe('environment proxies', { timeout: 30_000 }, () => {
  it('sends requests through HTTP_PROXY', async () => {
    for (const name of PROXY_VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    // localhost, not 127.0.0.1: the point is a host that NO_PROXY does not name.
    const host = `localhost:${backend.port}`;
    assert.equal(await get(`http://${host}`), '{"via":"proxy"}');
    assert.deepEqual(proxied, [`GET ${host}/api/v1/query`]);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    for (const name of PROXY_VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = 'example.org,127.0.0.1';
    proxied.length = 0;
    assert.equal(await get(backend.url), '{"via":"direct"}');
    assert.deepEqual(proxied, []);
  });
});
