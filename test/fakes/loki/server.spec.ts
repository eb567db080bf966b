// The HTTP side: tenants, POST forms, faults, the request log.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { lokiFaults, startFakeLoki, type FakeLogLine } from './index.js';
import { call, sample } from './spec-helpers.js';

const LINES: FakeLogLine[] = [{ tsNs: 1795000000000000000n, labels: { app: 'dice' }, line: '{"user":"a"}' }];
const Q = { query: 'sum(count_over_time({app="dice"}[1h]))', time: '1795000001' };

describe('fake Loki server', () => {
  it('requires the tenant when asked: 401 without it, no data for another tenant', async () => {
    const loki = await startFakeLoki({ lines: LINES, requireTenant: 'team-a' });
    try {
      const none = await call(loki.url, '/loki/api/v1/query', Q);
      assert.deepEqual([none.status, none.body, none.headers['content-type']], [401, 'no org id\n', 'text/plain; charset=utf-8']);
      const other = await call(loki.url, '/loki/api/v1/query', Q, { headers: { 'X-Scope-OrgID': 'team-b' } });
      assert.equal(other.status, 200);
      assert.match(other.body, /"result":\[\]/);
      const own = await call(loki.url, '/loki/api/v1/query', Q, { headers: { 'X-Scope-OrgID': 'team-a' } });
      assert.match(own.body, /"value":\[1795000001,"1"\]/);
    } finally {
      await loki.stop();
    }
  });

  it('accepts POST with a form body and records every request', async () => {
    const loki = await startFakeLoki({ lines: LINES });
    try {
      const r = await call(loki.url, '/loki/api/v1/query', Q, { post: true });
      assert.match(r.body, /"value":\[1795000001,"1"\]/);
      await call(loki.url, '/loki/api/v1/nope');
      assert.deepEqual(loki.requests.map((x) => [x.path, x.status]), [['/loki/api/v1/query', 200], ['/loki/api/v1/nope', 404]]);
      assert.equal(loki.requests[0]?.query.query, Q.query);
      assert.equal(loki.bytesSent, loki.requests.reduce((n, x) => n + x.bytes, 0));
      assert.equal(loki.requests[0]?.bytes, Buffer.byteLength(r.body));
    } finally {
      await loki.stop();
    }
  });

  it('injects faults for the next matching requests only', async () => {
    const loki = await startFakeLoki({
      lines: LINES,
      faults: [
        { fault: lokiFaults.tooManyRequests429(3), path: 'query', times: 2 },
        { fault: lokiFaults.unavailable503(), path: 'query' },
      ],
    });
    try {
      const first = await call(loki.url, '/loki/api/v1/query', Q);
      assert.deepEqual([first.status, first.headers['retry-after'], first.body], [429, '3', 'too many outstanding requests']);
      assert.equal((await call(loki.url, '/loki/api/v1/query', Q)).status, 429);
      assert.equal((await call(loki.url, '/loki/api/v1/query', Q)).status, 503);
      assert.equal((await call(loki.url, '/loki/api/v1/query', Q)).status, 200);

      loki.setFaults([{ fault: { kind: 'malformed-json' } }, { fault: { kind: 'truncated-json' } }]);
      const bad = await call(loki.url, '/loki/api/v1/query', Q);
      assert.throws(() => JSON.parse(bad.body));
      const cut = await call(loki.url, '/loki/api/v1/query', Q);
      assert.equal(cut.status, 200);
      assert.throws(() => JSON.parse(cut.body));
      assert.equal(Number(cut.headers['content-length']), Buffer.byteLength(cut.body));

      loki.setFaults([{ fault: { kind: 'delay', ms: 300 } }]);
      const t0 = Date.now();
      assert.equal((await call(loki.url, '/loki/api/v1/query', Q)).status, 200);
      assert.ok(Date.now() - t0 >= 280);

      loki.setFaults([{ fault: { kind: 'close' }, query: /count_over_time/ }]);
      await assert.rejects(call(loki.url, '/loki/api/v1/query', Q));
      assert.equal((await call(loki.url, '/loki/api/v1/query', Q)).status, 200);
    } finally {
      await loki.stop();
    }
  });

  it('answers 504 past query_timeout and hangs up past the write deadline, as Loki does', async () => {
    const recorded = sample('err_query_timeout_metric.body');
    // query_timeout shorter than the write deadline: the 504 is sent.
    const short = await startFakeLoki({ lines: LINES, limits: { queryTimeout: '1s', httpServerWriteTimeout: '10s' } });
    try {
      assert.equal((await call(short.url, '/loki/api/v1/query', Q)).status, 200);
      // Deadlines of 1 s against a 1.5 s delay: a loaded machine cannot make the plain query late.
      short.setFaults([{ fault: { kind: 'delay', ms: 1500 } }]);
      const slow = await call(short.url, '/loki/api/v1/query', Q);
      assert.deepEqual([slow.status, slow.body, slow.headers['content-type']], [504, recorded, 'text/plain; charset=utf-8']);
      assert.deepEqual(short.requests.map((r) => r.status), [200, 504]);
    } finally {
      await short.stop();
    }
    // Loki's defaults order (write deadline before query_timeout): no answer at all.
    const loki = await startFakeLoki({ lines: LINES, limits: { queryTimeout: '1m', httpServerWriteTimeout: '1s' } });
    try {
      loki.setFaults([{ fault: { kind: 'delay', ms: 1500 } }]);
      await assert.rejects(call(loki.url, '/loki/api/v1/query', Q), /socket hang up|ECONNRESET/);
      assert.equal((await call(loki.url, '/loki/api/v1/query', Q)).status, 200);
    } finally {
      await loki.stop();
    }
  });

  it('stop() closes the port', async () => {
    const loki = await startFakeLoki({ lines: [] });
    await loki.stop();
    await assert.rejects(
      new Promise((resolve, reject) => {
        const req = request(`${loki.url}/ready`, resolve);
        req.on('error', reject);
        req.end();
      }),
    );
  });
});
