/**
 * A real SMTP server for tests (npm smtp-server) on 127.0.0.1, receiving mails and parsing
 * them with mailparser. Its answers can be scripted per mail: a 4xx or 5xx reply, a delay
 * before the reply (a slow server), or a hook when a mail's data arrives.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail the server accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  parsed: ParsedMail;
}

/** How the server answers the n-th mail (0-based, counting every DATA it receives). */
export interface SmtpScript {
  /** A reply code and text to refuse the mail with, or null to accept it. */
  refuse?: (n: number) => { code: number; text: string } | null;
  /** Milliseconds to wait before answering. */
  delayMs?: (n: number) => number;
  /** Called when the mail's data has arrived, before the answer. */
  onData?: (n: number) => void;
}

/** A running test server. */
export interface TestSmtp {
  port: number;
  mails: ReceivedMail[];
  /** Mails whose data arrived, accepted or not. */
  readonly attempts: number;
  close(): Promise<void>;
}

/** Starts the server on `port` (default: a free one). With `auth`, clients must log in with it. */
export async function startSmtp(options: { port?: number; auth?: { user: string; password: string }; script?: SmtpScript } = {}): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  let attempts = 0;
  const script = options.script ?? {};
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.password) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const n = attempts++;
        script.onData?.(n);
        const answer = async () => {
          const refusal = script.refuse?.(n) ?? null;
          if (refusal) return callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
          const parsed = await simpleParser(Buffer.concat(chunks));
          const envelope = session.envelope;
          mails.push({ from: envelope.mailFrom ? envelope.mailFrom.address : '', to: envelope.rcptTo.map((r) => r.address), parsed });
          callback();
        };
        setTimeout(() => void answer(), script.delayMs?.(n) ?? 0);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    mails,
    get attempts() {
      return attempts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port that was free a moment ago (for a server that is "down" first and started later). */
export async function reservePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}
