/**
 * Delivering one generated report of a run: a mail to each recipient with their formats,
 * then the chat webhook, each through the ledger (claim -> send -> mark sent), so a delivery
 * that a previous or concurrent run made is skipped, and a failed one is released for the
 * next run to retry.
 */
import { basename } from 'node:path';
import type { Config } from '../config/schema.js';
import { composeReportMail } from '../delivery/email-body.js';
import type { ClaimRecord, Ledger, DeliveryKey } from '../delivery/ledger.js';
import { linkFor, planFiles } from '../delivery/links.js';
import type { SmtpMailer } from '../delivery/smtp.js';
import { postWebhook } from '../delivery/webhook.js';
import { ObsReportError, OutcomeUnknownError, describeError } from '../errors.js';
import type { GenerateResult } from '../run/generate.js';
import type { Clock } from './clock.js';
import type { EventSink, RunEvent } from './events.js';
import type { PlannedReport, Recipient } from './plan.js';

/** What delivery needs from the run. */
export interface DeliveryContext {
  job: string;
  runId: string;
  config: Config;
  outDir: string;
  ledger: Ledger;
  /** null when delivery.smtp is not configured: mails are skipped and logged. */
  mailer: SmtpMailer | null;
  clock: Clock;
  log: EventSink;
  /** Once aborted, no new delivery starts (one in progress is seen through). */
  signal: AbortSignal;
}

/** Counts of one report's deliveries. */
export interface DeliveryTally {
  delivered: number;
  /** Already sent (the ledger), or nothing to send with (no SMTP configured). */
  skipped: number;
  /** Claimed by another run that may be sending them now: not done by this run, which is partial. */
  elsewhere: number;
  failures: number;
  /** Not sent by this run because the report is partial and the daemon runs the job again. */
  held: number;
}

/** Mails the report to each recipient, then posts it to the webhook. */
export async function deliverReport(ctx: DeliveryContext, item: PlannedReport, result: GenerateResult): Promise<DeliveryTally> {
  const tally = emptyTally();
  const base = eventBase(ctx, item);
  for (const recipient of item.recipients) {
    const event = { ...base, channel: 'email' as const, recipient: recipient.email };
    if (ctx.signal.aborted) {
      ctx.log({ event: 'skipped', ...event, reason: 'the run is stopping' });
      tally.failures++;
      continue;
    }
    tally[await mailOne(ctx, item, result, recipient, event)]++;
  }
  const webhook = ctx.config.delivery.webhook;
  if (webhook && !ctx.signal.aborted) {
    // The report's own files: recipients' template variants are theirs.
    const links = result.files.filter((f) => f.template === undefined).flatMap((f) => {
      const url = linkFor(f.path, { outDir: ctx.outDir, linksBaseUrl: ctx.config.delivery.linksBaseUrl });
      return url ? [{ name: basename(f.path), url }] : [];
    });
    const event = { ...base, channel: 'webhook' as const, recipient: webhook.kind };
    tally[await once(ctx, { ...keyOf(ctx, item), recipient: webhookKey(webhook.kind) }, event, async () => {
      await postWebhook(webhook.kind, webhook.url, result.report, links, ctx.clock, ctx.signal);
      return { links: links.length };
    })]++;
  }
  return tally;
}

/** What every event about one report's deliveries carries. */
function eventBase(ctx: Pick<DeliveryContext, 'job' | 'runId'>, item: PlannedReport): Pick<RunEvent, 'job' | 'runId' | 'period' | 'report'> {
  return { job: ctx.job, runId: ctx.runId, period: item.period.slug, report: item.report.id };
}

/** The webhook's "recipient" in the ledger. */
function webhookKey(kind: string): string {
  return `webhook-${kind}`;
}

function emptyTally(): DeliveryTally {
  return { delivered: 0, skipped: 0, elsewhere: 0, failures: 0, held: 0 };
}

/**
 * Sends nothing of a partial report that the daemon will make again: each delivery not yet
 * done is logged as held, so stakeholders get the report once, complete if it then is.
 */
export async function holdReport(ctx: DeliveryContext, item: PlannedReport): Promise<DeliveryTally> {
  const tally = emptyTally();
  const base = eventBase(ctx, item);
  for (const d of deliveriesOf(ctx, item)) {
    const event = { ...base, channel: d.channel, recipient: d.recipient };
    if (await isSent(ctx, item, d)) {
      ctx.log({ event: 'skipped', ...event, reason: 'already sent for this period (ledger)' });
      tally.skipped++;
      continue;
    }
    ctx.log({ event: 'skipped', ...event, status: 'held', reason: 'held back: the report is partial and the daemon runs the job again; the last run sends what it has' });
    tally.held++;
  }
  return tally;
}

/**
 * Whether every delivery of a report (each recipient, the webhook) was made for this period,
 * by this or an earlier run: then a retry need not make the report again. False for a report
 * with no deliveries, whose files are the point.
 */
export async function deliveredToAll(ctx: Pick<DeliveryContext, 'job' | 'config' | 'ledger'>, item: PlannedReport): Promise<boolean> {
  const deliveries = deliveriesOf(ctx, item);
  for (const d of deliveries) if (!(await isSent(ctx, item, d))) return false;
  return deliveries.length > 0;
}

interface Delivery {
  channel: 'email' | 'webhook';
  /** As events name it: an address, or the webhook's kind. */
  recipient: string;
  /** As the ledger keys it. */
  key: string;
}

function deliveriesOf(ctx: Pick<DeliveryContext, 'config'>, item: PlannedReport): Delivery[] {
  const webhook = ctx.config.delivery.webhook;
  return [
    ...item.recipients.map((r): Delivery => ({ channel: 'email', recipient: r.email, key: r.email })),
    ...(webhook ? [{ channel: 'webhook' as const, recipient: webhook.kind, key: webhookKey(webhook.kind) }] : []),
  ];
}

async function isSent(ctx: Pick<DeliveryContext, 'job' | 'ledger'>, item: PlannedReport, d: Delivery): Promise<boolean> {
  return (await ctx.ledger.status({ ...keyOf(ctx, item), recipient: d.key }).catch(() => 'open')) === 'sent';
}

async function mailOne(ctx: DeliveryContext, item: PlannedReport, result: GenerateResult, recipient: Recipient, event: Omit<RunEvent, 'event'>): Promise<keyof DeliveryTally> {
  const key = { ...keyOf(ctx, item), recipient: recipient.email };
  // Their files: in their formats, made with their own template if they have one.
  const theirs = result.files.filter((f) => f.template === recipient.template);
  const missing = recipient.formats.filter((format) => !theirs.some((f) => f.format === format));
  if (missing.length > 0 && (await ctx.ledger.status(key).catch(() => 'open')) === 'sent') {
    ctx.log({ event: 'skipped', ...event, reason: 'already sent for this period (ledger)' });
    return 'skipped';
  }
  if (missing.length > 0) {
    ctx.log({ event: 'failed', ...event, code: 'RENDER', reason: `${missing.join(', ')} could not be produced, so nothing was sent` });
    return 'failures';
  }
  const mailer = ctx.mailer;
  if (!mailer) {
    ctx.log({ event: 'skipped', ...event, reason: 'delivery.smtp is not configured' });
    return 'skipped';
  }
  const files = theirs.filter((f) => recipient.formats.includes(f.format));
  return once(ctx, key, event, async () => {
    const plan = planFiles(files, { outDir: ctx.outDir, maxAttachmentBytes: ctx.config.delivery.maxAttachmentBytes, linksBaseUrl: ctx.config.delivery.linksBaseUrl });
    const content = composeReportMail(result.report, plan.files, { job: ctx.job, runId: ctx.runId });
    const attachments = plan.mode === 'attach' ? plan.files.map((f) => ({ filename: f.name, path: f.path })) : [];
    const sent = await mailer.send({ to: recipient.email, ...content, attachments }, ctx.signal);
    return { messageId: sent.messageId, attempts: sent.attempts, mode: plan.mode, files: plan.files.map((f) => f.name) };
  });
}

function keyOf(ctx: Pick<DeliveryContext, 'job'>, item: PlannedReport): Omit<DeliveryKey, 'recipient'> {
  return { job: ctx.job, period: item.ledgerPeriod, report: item.report.id };
}

/** Claim -> send -> mark sent (or release on failure), logging the outcome. */
async function once(ctx: DeliveryContext, key: DeliveryKey, event: Omit<RunEvent, 'event'>, send: () => Promise<Record<string, unknown>>): Promise<keyof DeliveryTally> {
  let claimed;
  try {
    claimed = await ctx.ledger.claim(key, ctx.runId);
  } catch (error) {
    ctx.log({ event: 'failed', ...event, ...errorFields(error) });
    return 'failures';
  }
  if (claimed.status === 'sent') {
    ctx.log({ event: 'skipped', ...event, reason: 'already sent for this period (ledger)' });
    return 'skipped';
  }
  if (claimed.status === 'busy') {
    ctx.log({ event: 'failed', ...event, code: 'DELIVERY', ...busyFields(claimed.holder, claimed.expiresAt) });
    return 'elsewhere';
  }
  try {
    const details = await send();
    await ctx.ledger.markSent(claimed.claim, details);
    ctx.log({ event: 'delivered', ...event, ...(typeof details.attempts === 'number' ? { attempts: details.attempts } : {}) });
    return 'delivered';
  } catch (error) {
    await ctx.ledger.release(claimed.claim).catch(() => undefined);
    // status 'unknown': it may have arrived (see OutcomeUnknownError).
    ctx.log({ event: 'failed', ...event, ...errorFields(error), ...(error instanceof OutcomeUnknownError ? { status: 'unknown' } : {}) });
    return 'failures';
  }
}

/**
 * Why a delivery claimed by another run was not sent by this one. That run may be sending it
 * now or may have died on another host; this run cannot tell, so it answers partial.
 */
export function busyFields(holder: ClaimRecord, expiresAt: number): Pick<RunEvent, 'reason' | 'hint'> {
  return {
    reason: `not sent by this run: run ${holder.runId} (pid ${holder.pid} on ${holder.host}) holds the claim since ${new Date(holder.at).toISOString()} and may be sending it now`,
    hint: `A run on ${holder.host} takes the claim over once that process is gone; any run does after delivery.ledger.claimTimeoutMinutes, at ${new Date(expiresAt).toISOString()}. Run the job again then (the ledger skips recipients already mailed).`,
  };
}

/** An error as event fields: code, message and hint (ObsReportError messages carry no secrets). */
export function errorFields(error: unknown): Pick<RunEvent, 'code' | 'reason' | 'hint'> {
  if (error instanceof ObsReportError) return { code: error.code, reason: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { code: 'UNEXPECTED', reason: describeError(error) };
}
