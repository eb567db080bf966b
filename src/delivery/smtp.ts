/**
 * Sending one mail over SMTP with nodemailer, retried with exponential backoff and jitter on
 * temporary failures only: 4xx replies and connection-level errors (refused, reset, timed
 * out). A 5xx reply is permanent and is never retried (a second try would fail the same way
 * or, worse, be taken as spam). The password never appears in an error.
 */
import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config/schema.js';
import { ObsReportError } from '../errors.js';
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

/** Whether a send failure is temporary: a 4xx reply, or no reply at all because the connection failed. */
export function isTemporarySmtpFailure(error: unknown): boolean {
  const e = error as { responseCode?: unknown; code?: unknown } | null;
  if (typeof e?.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return typeof e?.code === 'string' && TRANSIENT_CODES.has(e.code);
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

/** Sends mails through one SMTP server. */
export class SmtpMailer {
  private readonly transport: Transporter;
  private readonly secrets: string[];

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
      logger: false,
      debug: false,
    });
  }

  /**
   * Sends `mail`, retrying temporary failures. An abort stops the retries, never a send in
   * progress: a mail the server may already have accepted is always seen through.
   */
  async send(mail: OutgoingMail, signal?: AbortSignal): Promise<SentMail> {
    for (let attempt = 1; ; attempt++) {
      try {
        const info = await this.transport.sendMail({ from: this.config.from, ...(this.config.replyTo ? { replyTo: this.config.replyTo } : {}), ...mail });
        return { messageId: String(info.messageId ?? ''), response: String(info.response ?? ''), attempts: attempt };
      } catch (error) {
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
    return new ObsReportError('DELIVERY', `mail to ${to} via ${this.config.host}:${this.config.port} failed after ${tries}: ${reason}`, {
      hint: temporary
        ? 'The mail server could not be reached or asked to try later; the next run retries this recipient (the ledger skips those already sent).'
        : 'The mail server refused the mail permanently: check delivery.smtp (from, auth) and the recipient address.',
    });
  }
}
