import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { SmtpConfig } from '../config/schema.js';
import { ObsReportError, OutcomeUnknownError } from '../errors.js';
import { systemClock } from '../schedule/clock.js';
import { reservePort, startSmtp } from '../../test/schedule/smtp-server.js';
import { isTemporarySmtpFailure, retryDelay, SmtpMailer, tlsProblem } from './smtp.js';

const PASSWORD = 's3cret-pa55word';

function settings(port: number, overrides: Partial<SmtpConfig> = {}): SmtpConfig {
  return {
    host: '127.0.0.1',
    port,
    security: 'none',
    auth: { user: 'obs', password: PASSWORD },
    from: 'obs-report <reports@example.com>',
    connectionTimeoutMs: 2000,
    greetingTimeoutMs: 2000,
    socketTimeoutMs: 5000,
    retries: 3,
    retryDelayMs: 300,
    ...overrides,
  };
}

const MAIL = { to: 'dana@example.com', subject: 'Dice — Week 47', html: '<p>hi</p>', text: 'hi', attachments: [] };

describe('which SMTP failures are retried', () => {
  it('4xx replies and connection errors are temporary; 5xx and others are not', () => {
    assert.equal(isTemporarySmtpFailure({ responseCode: 421, code: 'EENVELOPE' }), true);
    assert.equal(isTemporarySmtpFailure({ responseCode: 451 }), true);
    assert.equal(isTemporarySmtpFailure({ responseCode: 550, code: 'EENVELOPE' }), false);
    assert.equal(isTemporarySmtpFailure({ responseCode: 535, code: 'EAUTH' }), false);
    assert.equal(isTemporarySmtpFailure({ code: 'ESOCKET' }), true);
    assert.equal(isTemporarySmtpFailure({ code: 'ETIMEDOUT' }), true);
    assert.equal(isTemporarySmtpFailure({ code: 'ETLS' }), false);
    assert.equal(isTemporarySmtpFailure(new Error('boom')), false);
  });

  it('TLS setup errors are permanent, even when reported as socket errors', () => {
    const wrongVersion = { code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'error:0A00010B:SSL routines:ssl3_get_record:wrong version number' };
    const selfSigned = { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' };
    const altName = { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames" };
    assert.deepEqual([wrongVersion, selfSigned, altName].map(tlsProblem), ['protocol', 'trust', 'host-name']);
    for (const e of [wrongVersion, selfSigned, altName]) assert.equal(isTemporarySmtpFailure(e), false);
    assert.equal(tlsProblem({ code: 'ESOCKET', originalCode: 'ECONNRESET', message: 'read ECONNRESET' }), null);
  });

  it('backs off exponentially with jitter, capped at 60 s', () => {
    assert.equal(retryDelay(1, 1000, () => 1), 1000);
    assert.equal(retryDelay(1, 1000, () => 0), 500);
    assert.equal(retryDelay(3, 1000, () => 1), 4000);
    assert.equal(retryDelay(12, 1000, () => 1), 60_000);
  });
});

describe('sending through a real SMTP server', { timeout: 60_000 }, () => {
  it('retries a 4xx reply and delivers once', async () => {
    const server = await startSmtp({ auth: { user: 'obs', password: PASSWORD }, script: { refuse: (n) => (n < 2 ? { code: 451, text: 'Try again later' } : null) } });
    const mailer = new SmtpMailer(settings(server.port), systemClock);
    try {
      const sent = await mailer.send(MAIL);
      assert.equal(sent.attempts, 3);
      assert.equal(server.attempts, 3);
      assert.equal(server.mails.length, 1);
      assert.deepEqual(server.mails[0]!.to, ['dana@example.com']);
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('never retries a 5xx reply', async () => {
    const server = await startSmtp({ script: { refuse: () => ({ code: 554, text: 'Rejected as spam' }) } });
    const mailer = new SmtpMailer(settings(server.port, { auth: undefined }), systemClock);
    try {
      await assert.rejects(mailer.send(MAIL), (e: unknown) => e instanceof ObsReportError && e.code === 'DELIVERY' && /after 1 attempt: .*Rejected as spam/.test(e.message));
      assert.equal(server.attempts, 1);
      assert.equal(server.mails.length, 0);
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('delivers once when the server is down at first and comes up while retrying', async () => {
    const port = await reservePort();
    const mailer = new SmtpMailer(settings(port, { retries: 6, retryDelayMs: 400 }), systemClock);
    const started = Date.now();
    const sending = mailer.send(MAIL);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const server = await startSmtp({ port, auth: { user: 'obs', password: PASSWORD } });
    try {
      const sent = await sending;
      assert.ok(sent.attempts >= 2, `took ${sent.attempts} attempts`);
      assert.equal(server.mails.length, 1);
      assert.ok(Date.now() - started >= 700);
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('fails at once on a refused login (535), with a message that has no password in it', async () => {
    const server = await startSmtp({ auth: { user: 'obs', password: 'another-one' } });
    const mailer = new SmtpMailer(settings(server.port), systemClock);
    try {
      const error = await mailer.send(MAIL).then(
        () => assert.fail('a wrong password must fail'),
        (e: unknown) => e as ObsReportError,
      );
      assert.match(error.message, /535/);
      assert.ok(!error.message.includes(PASSWORD) && !(error.hint ?? '').includes(PASSWORD));
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('does not retry a mail whose data was sent when the server answers too late: the outcome is unknown', async () => {
    const server = await startSmtp({ script: { delayMs: () => 2500 } });
    const mailer = new SmtpMailer(settings(server.port, { auth: undefined, socketTimeoutMs: 800, retryDelayMs: 10 }), systemClock);
    try {
      const error = await mailer.send(MAIL).then(
        () => assert.fail('must fail'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof OutcomeUnknownError, String(error));
      assert.match(error.message, /outcome unknown, the recipient may have received it: the message was sent in full \(attempt 1\)/);
      assert.match(error.hint ?? '', /socketTimeoutMs \(800 ms\)/);
      assert.equal(server.attempts, 1, 'sent once, not retried');
    } finally {
      mailer.close();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await server.close();
    }
  });

  it('still retries a timeout before the data was sent', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const mailer = new SmtpMailer(settings((silent.address() as AddressInfo).port, { auth: undefined, greetingTimeoutMs: 200, retries: 1, retryDelayMs: 10 }), systemClock);
    try {
      await assert.rejects(mailer.send(MAIL), (e: unknown) => !(e instanceof OutcomeUnknownError) && /after 2 attempts/.test((e as Error).message));
    } finally {
      mailer.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('stops retrying when the run is aborted', async () => {
    const port = await reservePort();
    const mailer = new SmtpMailer(settings(port, { retries: 10, retryDelayMs: 10_000 }), systemClock);
    const controller = new AbortController();
    const sending = mailer.send(MAIL, controller.signal);
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await assert.rejects(sending, /after 1 attempt/);
    assert.ok(Date.now() - started < 5000);
    mailer.close();
  });
});

describe('TLS set up wrongly fails at once, with a hint naming the setting', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-smtp-tls-'));
  const file = (name: string) => join(dir, name);
  const servers: SMTPServer[] = [];
  let tlsPort = 0;
  let plainPort = 0;

  /** Starts a server that accepts every mail; `secure`: implicit TLS with the test certificate. */
  const serve = async (secure: boolean): Promise<number> => {
    const server = new SMTPServer({
      secure,
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.crt')),
      authOptional: true,
      disabledCommands: ['AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    server.on('error', () => undefined);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return (server.server.address() as AddressInfo).port;
  };

  before(async () => {
    // A throw-away CA and a certificate for mail.example.test (not for 127.0.0.1).
    const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', timeout: 20_000 });
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', '1', '-subj', '/CN=obs-report test CA');
    writeFileSync(file('server.ext'), 'subjectAltName=DNS:mail.example.test\n');
    openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=mail.example.test');
    openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.crt'), '-days', '1', '-extfile', file('server.ext'));
    tlsPort = await serve(true);
    plainPort = await serve(false);
  });
  after(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    rmSync(dir, { recursive: true, force: true });
  });

  const failure = async (overrides: Partial<SmtpConfig>): Promise<ObsReportError> => {
    const mailer = new SmtpMailer(settings(0, { auth: undefined, retries: 3, retryDelayMs: 2000, ...overrides }), systemClock);
    try {
      return await mailer.send(MAIL).then(
        () => assert.fail('must fail'),
        (e: unknown) => e as ObsReportError,
      );
    } finally {
      mailer.close();
    }
  };

  it('an untrusted certificate: caFile', async () => {
    const started = Date.now();
    const error = await failure({ port: tlsPort, security: 'tls' });
    assert.match(error.message, /after 1 attempt: TLS: /);
    assert.match(error.hint ?? '', /delivery\.smtp\.tls\.caFile/);
    assert.ok(Date.now() - started < 1500, 'no retry');
  });

  it('a certificate for another name: host', async () => {
    const error = await failure({ port: tlsPort, security: 'tls', tls: { caFile: file('ca.crt'), insecureSkipVerify: false } });
    assert.match(error.message, /after 1 attempt: TLS: .*altnames/);
    assert.match(error.hint ?? '', /delivery\.smtp\.host/);
  });

  it('security: tls against a plain server (wrong version number): security', async () => {
    const error = await failure({ port: plainPort, security: 'tls' });
    assert.match(error.message, /after 1 attempt: TLS: .*wrong version number/);
    assert.match(error.hint ?? '', /delivery\.smtp\.security: tls/);
    assert.doesNotMatch(error.hint ?? '', /could not be reached/);
  });
});
