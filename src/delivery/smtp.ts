/**
 * Sending one mail over SMTP with nodemailer, retried with exponential backoff and jitter on
 * temporary failures only: 4xx replies and connection-level errors (refused, reset, timed
 * out). A 5xx reply, and a TLS setup error (untrusted or mismatched certificate, TLS against
 * a plain server), is permanent and is never retried (a second try would fail the same way
 * or, worse, be taken as spam). The password never appears in an error.
 */
import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { SmtpConfig } from '../config/schema.js';
import { ObsReportError, OutcomeUnknownError } from '../errors.js';
import { redactSecrets } from '../http/redact.js';
import type { Clock } from '../schedule/clock.js';

/** A mail ready to send. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; path: string }[];
}

/** What the server answered. */
export interface SentMail {
  messageId: string;
  response: string;
  attempts: number;
}

/** Connection-level failures worth another try (nodemailer's codes and the socket's). */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const MAX_DELAY_MS = 60_000;

/** OpenSSL's and Node's codes of a TLS handshake that cannot succeed as configured. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

/** What is wrong with the TLS setup, by what to change. */
export type TlsProblem = 'protocol' | 'host-name' | 'trust' | 'other';

/**
 * The TLS configuration problem behind a send failure, or null when it is not one. nodemailer
 * reports these as ESOCKET (a connection error) with the TLS code in originalCode, or as ETLS;
 * they fail the same way every time, so they are never retried.
 */
export function tlsProblem(error: unknown): TlsProblem | null {
  const e = error as { code?: unknown; originalCode?: unknown; message?: unknown } | null;
  const original = typeof e?.originalCode === 'string' ? e.originalCode : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (/WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG/.test(original) || /wrong version number|packet length too long/i.test(message)) return 'protocol';
  if (/ALTNAME|HOSTNAME_MISMATCH/.test(original)) return 'host-name';
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(original)) return 'trust';
  if (e?.code === 'ETLS' || TLS_CODES.test(original)) return 'other';
  return null;
}

/** Whether a send failure is temporary: a 4xx reply, or no reply at all because the connection failed (TLS setup errors are not). */
export function isTemporarySmtpFailure(error: unknown): boolean {
  const e = error as { responseCode?: unknown; code?: unknown } | null;
  if (typeof e?.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  if (tlsProblem(error) !== null) return false;
  return typeof e?.code === 'string' && TRANSIENT_CODES.has(e.code);
}

/** Whether the server answered the failed command (a reply code), as opposed to the connection failing. */
function hasReply(error: unknown): boolean {
  return typeof (error as { responseCode?: unknown } | null)?.responseCode === 'number';
}

/** Wait before retry `attempt` (1-based): base doubled each time, capped, with jitter in [50%, 100%]. */
export function retryDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ObsReportError('DELIVERY', `cannot read delivery.smtp.tls.caFile ${path}: ${(error as Error).message}`, {
      hint: 'Point caFile at a readable PEM file with the CA certificates of the mail server.',
      cause: error,
    });
  }
}

/** Sends mails through one SMTP server, one at a time. */
export class SmtpMailer {
  private readonly transport: Transporter;
  private readonly secrets: string[];
  /** Whether the current attempt's message data went out in full (see the transport's logger). */
  private dataSent = false;

  constructor(
    private readonly config: SmtpConfig,
    private readonly clock: Clock,
  ) {
    this.secrets = config.auth ? [config.auth.password] : [];
    this.transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.password } } : {}),
      connectionTimeout: config.connectionTimeoutMs,
      greetingTimeout: config.greetingTimeoutMs,
      socketTimeout: config.socketTimeoutMs,
      tls: {
        rejectUnauthorized: !(config.tls?.insecureSkipVerify ?? false),
        ...(config.tls?.caFile ? { ca: readCa(config.tls.caFile) } : {}),
      },
      // nodemailer logs, at info level, when a message's data stream has been written to the
      // server in full (tnx 'message', with its byte counts): from then on, a failure without
      // a reply leaves the outcome unknown. Nothing else is logged.
      logger: {
        info: (entry: { tnx?: unknown; outByteCount?: unknown } | undefined) => {
          if (entry?.tnx === 'message' && typeof entry.outByteCount === 'number') this.dataSent = true;
        },
        debug: () => undefined,
        trace: () => undefined,
        warn: () => undefined,
        error: () => undefined,
        fatal: () => undefined,
      } as unknown as NonNullable<SMTPTransport.Options['logger']>,
      debug: false,
    });
  }

  /**
   * Sends `mail`, retrying temporary failures. An abort stops the retries, never a send in
   * progress: a mail the server may already have accepted is always seen through.
   */
  async send(mail: OutgoingMail, signal?: AbortSignal): Promise<SentMail> {
    for (let attempt = 1; ; attempt++) {
      this.dataSent = false;
      try {
        const info = await this.transport.sendMail({ from: this.config.from, ...(this.config.replyTo ? { replyTo: this.config.replyTo } : {}), ...mail });
        return { messageId: String(info.messageId ?? ''), response: String(info.response ?? ''), attempts: attempt };
      } catch (error) {
        if (this.dataSent && !hasReply(error)) throw this.unknownOutcome(mail.to, error, attempt);
        const temporary = isTemporarySmtpFailure(error);
        if (!temporary || attempt > this.config.retries || signal?.aborted) throw this.failure(mail.to, error, attempt, temporary);
        await this.clock.sleep(retryDelay(attempt, this.config.retryDelayMs), signal);
        if (signal?.aborted) throw this.failure(mail.to, error, attempt, temporary);
      }
    }
  }

  close(): void {
    this.transport.close();
  }

  private failure(to: string, error: unknown, attempts: number, temporary: boolean): ObsReportError {
    const reason = redactSecrets((error as Error)?.message ?? String(error), this.secrets);
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    const tls = tlsProblem(error);
    return new ObsReportError('DELIVERY', `mail to ${to} via ${this.config.host}:${this.config.port} failed after ${tries}: ${tls ? 'TLS: ' : ''}${reason}`, {
      hint: tls
        ? this.tlsHint(tls)
        : temporary
          ? 'The mail server could not be reached or asked to try later; the next run retries this recipient (the ledger skips those already sent).'
          : 'The mail server refused the mail permanently: check delivery.smtp (from, auth) and the recipient address.',
    });
  }

  private unknownOutcome(to: string, error: unknown, attempts: number): OutcomeUnknownError {
    const reason = redactSecrets((error as Error)?.message ?? String(error), this.secrets);
    return new OutcomeUnknownError('DELIVERY', `mail to ${to} via ${this.config.host}:${this.config.port}: outcome unknown, the recipient may have received it: the message was sent in full (attempt ${attempts}) but the server did not confirm it (${reason})`, {
      hint: `Not sent again in this run, so as not to send a second copy; the next run sends it again. Check the mail server's log for it, and raise delivery.smtp.socketTimeoutMs (${this.config.socketTimeoutMs} ms) if the server is slow to answer.`,
    });
  }

  /** What to change in delivery.smtp for a TLS problem. */
  private tlsHint(problem: TlsProblem): string {
    const { host, port, security } = this.config;
    switch (problem) {
      case 'protocol':
        return `The server on ${host}:${port} does not speak TLS the way delivery.smtp.security: ${security} expects: use security: tls only for implicit TLS (port 465), starttls for port 587 (or 25), none for a trusted relay without TLS.`;
      case 'host-name':
        return `The server's certificate is not issued for ${host}: set delivery.smtp.host to a name the certificate names (not an IP address or alias).`;
      case 'trust':
        return "The server's certificate is not signed by a trusted CA (self-signed or a private CA): set delivery.smtp.tls.caFile to the PEM file of the CA that signed it.";
      default:
        return `TLS with ${host}:${port} failed: check delivery.smtp.security (${security}), delivery.smtp.tls.caFile and delivery.smtp.host.`;
    }
  }
}
