import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DatasourceError, ObsReportError } from '../errors.js';
import { createHttpClient } from './client.js';
import type { HttpTlsOptions } from './tls.js';
import { reply, startTestServer, type TestServer } from './test-server.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-report-tls-'));
const file = (name: string) => join(dir, name);

/** A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function makeCertificates(): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', timeout: 20_000 });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1', '-subj', '/CN=obs-report test CA');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const who of ['server', 'client']) {
    openssl('req', ...ec, '-keyout', file(`${who}.key`), '-out', file(`${who}.csr`), '-subj', `/CN=${who}`);
    const ext = who === 'server' ? ['-extfile', file('server.ext')] : [];
    openssl('x509', '-req', '-in', file(`${who}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file(`${who}.crt`), '-days', '1', ...ext);
  }
}

let server: TestServer;
let mutual: TestServer;

before(async () => {
  makeCertificates();
  const tls = { key: readFileSync(file('server.key')), cert: readFileSync(file('server.crt')) };
  server = await startTestServer((_req, res) => reply(res, 200, '{"tls":true}'), tls);
  mutual = await startTestServer((_req, res) => reply(res, 200, '{"mtls":true}'), { ...tls, ca: readFileSync(file('ca.crt')), requestCert: true });
});

after(async () => {
  await Promise.all([server.close(), mutual.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function client(url: string, tls?: HttpTlsOptions) {
  return createHttpClient({ name: 'prom', type: 'prometheus', url, tls, timeoutMs: 3000, retries: 0, concurrency: 1 });
}

describe('TLS', { timeout: 30_000 }, () => {
  it('trusts a server signed by the CA in caFile', async () => {
    const res = await client(server.url, { caFile: file('ca.crt') }).request({ path: '/' });
    assert.equal(res.body, '{"tls":true}');
  });

  it('refuses an unknown CA with a hint about caFile', async () => {
    const error = await client(server.url).request({ path: '/' }).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_UNREACHABLE');
    assert.match(error.message, /TLS handshake failed/);
    assert.match(error.hint ?? '', /tls\.caFile/);
  });

  it('accepts an unknown CA with insecureSkipVerify', async () => {
    const res = await client(server.url, { insecureSkipVerify: true }).request({ path: '/' });
    assert.equal(res.status, 200);
  });

  it('presents a client certificate for mutual TLS, and is refused without one', async () => {
    const withCert = { caFile: file('ca.crt'), certFile: file('client.crt'), keyFile: file('client.key') };
    assert.equal((await client(mutual.url, withCert).request({ path: '/' })).body, '{"mtls":true}');
    const error = await client(mutual.url, { caFile: file('ca.crt') }).request({ path: '/' }).catch((e: unknown) => e);
    assert.ok(error instanceof DatasourceError);
    assert.equal(error.code, 'DATASOURCE_UNREACHABLE');
  });

  it('fails at creation when a TLS file cannot be read', () => {
    assert.throws(() => client(server.url, { caFile: file('missing.pem') }), (e: unknown) => e instanceof ObsReportError && e.code === 'CONFIG_INVALID' && /tls\.caFile/.test(e.message));
    assert.throws(() => client(server.url, { certFile: file('client.crt') }), /both certFile and keyFile/);
  });
});
