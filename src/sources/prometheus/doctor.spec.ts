import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createHttpClient } from '../../http/client.js';
import { reply, startTestServer, type TestHandler, type TestServer } from '../../http/test-server.js';
import { fixture } from './fake-prometheus.js';
import { jobExists, prometheusBuildInfo } from './doctor.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function client(handler: TestHandler) {
  const server = await startTestServer(handler);
  servers.push(server);
  return { server, http: createHttpClient({ name: 'prom', type: 'prometheus', url: server.url, timeoutMs: 2000, retries: 0, concurrency: 2 }) };
}

describe('doctor checks', { timeout: 60_000 }, () => {
  it('reads the build info, or null where the server has none', async () => {
    const { http } = await client((req, res) => (req.path === '/api/v1/status/buildinfo' ? reply(res, 200, fixture('buildinfo.json')) : reply(res, 404, 'not found')));
    assert.deepEqual(await prometheusBuildInfo(http), { version: '2.42.0+ds', revision: '2.42.0+ds-5+deb12u1', branch: 'debian/sid', goVersion: 'go1.19.8' });
    const { http: bare } = await client((_req, res) => reply(res, 404, '404 page not found'));
    assert.equal(await prometheusBuildInfo(bare), null);
  });

  it('finds a job among the job label values', async () => {
    const { http } = await client((req, res) => (req.path === '/api/v1/label/job/values' ? reply(res, 200, fixture('label-values.json')) : reply(res, 404, '')));
    assert.equal(await jobExists(http, 'dice'), true);
    assert.equal(await jobExists(http, 'shop'), false);
  });

  it('falls back to /api/v1/series when label values are not offered', async () => {
    const { http, server } = await client((req, res) => {
      if (req.path !== '/api/v1/series') return reply(res, 404, '');
      reply(res, 200, req.form.get('match[]') === '{job="dice"}' ? fixture('series.json') : '{"status":"success","data":[]}');
    });
    assert.equal(await jobExists(http, 'dice'), true);
    assert.equal(await jobExists(http, 'shop'), false);
    assert.equal(server.requests.filter((r) => r.path === '/api/v1/series').length, 2);
  });
});
