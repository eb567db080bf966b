/**
 * Chat delivery: a report's headline figures and the links to its files, posted to a Slack
 * incoming webhook (mrkdwn text and blocks) or a Microsoft Teams incoming webhook (an
 * Adaptive Card, which Teams Workflows webhooks accept). The URL carries the token, so
 * errors name only its host.
 */
import { ObsReportError, OutcomeUnknownError } from '../errors.js';
import { parseRetryAfter } from '../http/retry.js';
import { formatKpiChange, formatValue } from '../model/format.js';
import type { Report } from '../model/report.js';
import type { Clock } from '../schedule/clock.js';

/** A file to link from the message. */
export interface WebhookLink {
  name: string;
  url: string;
}

/** Which chat the webhook belongs to. */
export type WebhookKind = 'slack' | 'teams';

const RETRIES = 2;
const RETRY_DELAY_MS = 2000;

/** Timeouts and limits of a post (tests shorten them). */
export interface WebhookOptions {
  /** Time for one request, answer included. */
  timeoutMs: number;
  /** Longest Retry-After of a 429 waited for; a longer one is left to the next run. */
  maxRetryAfterMs: number;
}

const DEFAULTS: WebhookOptions = { timeoutMs: 15_000, maxRetryAfterMs: 60_000 };

function facts(report: Report): { label: string; value: string }[] {
  return report.headline.map((k) => ({ label: k.label, value: `${formatValue(k.value, k.unit)} (${formatKpiChange(k)})` }));
}

/** Slack's three control characters in mrkdwn. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Slack message of a report. */
export function slackPayload(report: Report, links: readonly WebhookLink[]): Record<string, unknown> {
  const title = `${report.title} — ${report.period.label}${report.status === 'partial' ? ' (partial)' : ''}`;
  const lines = facts(report).map((f) => `• ${slackEscape(f.label)}: *${slackEscape(f.value)}*`);
  const files = links.map((l) => `<${l.url}|${slackEscape(l.name)}>`).join('  ');
  return {
    text: title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') || '_no headline figures_' } },
      ...(files ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: files }] }] : []),
    ],
  };
}

/** The Teams message of a report: an Adaptive Card with the figures as facts and one button per file. */
export function teamsPayload(report: Report, links: readonly WebhookLink[]): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: report.title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: `${report.period.label}${report.status === 'partial' ? ' (partial)' : ''}`, isSubtle: true, wrap: true },
            { type: 'FactSet', facts: facts(report).map((f) => ({ title: f.label, value: f.value })) },
          ],
          actions: links.map((l) => ({ type: 'Action.OpenUrl', title: l.name, url: l.url })),
        },
      },
    ],
  };
}

/**
 * Posts a report's summary; retries 5xx and connection errors twice, after 2 s then 4 s, and a
 * 429 after its Retry-After when that is at most maxRetryAfterMs. A request that timed out was
 * sent and may have been posted: it is not retried (OutcomeUnknownError).
 */
export async function postWebhook(kind: WebhookKind, url: string, report: Report, links: readonly WebhookLink[], clock: Clock, signal?: AbortSignal, options: WebhookOptions = DEFAULTS): Promise<void> {
  const body = JSON.stringify(kind === 'slack' ? slackPayload(report, links) : teamsPayload(report, links));
  const where = `${kind} webhook at ${new URL(url).host}`;
  for (let attempt = 1; ; attempt++) {
    let problem: string;
    let temporary: boolean;
    let delayMs = RETRY_DELAY_MS * attempt;
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(options.timeoutMs) });
      if (response.ok) return;
      problem = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
      temporary = response.status === 429 || response.status >= 500;
      const asked = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after') ?? undefined, clock.now()) : undefined;
      if (asked !== undefined && asked > options.maxRetryAfterMs) {
        throw new ObsReportError('DELIVERY', `posting to the ${where} failed: ${problem}, asked to retry after ${Math.ceil(asked / 1000)} s, more than the ${options.maxRetryAfterMs / 1000} s a run waits`, {
          hint: 'The chat service is rate-limiting this webhook; the next run posts it.',
        });
      }
      if (asked !== undefined) delayMs = asked;
    } catch (error) {
      if (error instanceof ObsReportError) throw error;
      // The time ran out while waiting: the request went out and may have been posted.
      if ((error as Error).name === 'TimeoutError') {
        throw new OutcomeUnknownError('DELIVERY', `posting to the ${where}: outcome unknown, it may have been posted: no answer within ${options.timeoutMs / 1000} s`, {
          hint: 'Not posted again in this run, so as not to post it twice; the next run posts it again. Check the channel.',
        });
      }
      // fetch's messages do not include the URL; the cause's code says what happened.
      problem = String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name);
      temporary = true;
    }
    if (!temporary || attempt > RETRIES || signal?.aborted) {
      throw new ObsReportError('DELIVERY', `posting to the ${where} failed: ${problem}`, {
        hint: 'Check delivery.webhook.url (the webhook may have been removed or its token revoked).',
      });
    }
    await clock.sleep(delayMs, signal);
  }
}
