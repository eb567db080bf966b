import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ObsReportError, OutcomeUnknownError } from '../errors.js';
import type { Clock } from '../schedule/clock.js';
import { systemClock } from '../schedule/clock.js';
import { tinyReport } from '../../test/schedule/tiny-report.js';
import { postWebhook, slackPayload, teamsPayload } from './webhook.js';

const LINKS = [{ name: 'weekly-2026-W47.pdf', url: 'https://r.example.com/weekly-2026-W47.pdf' }];

describe('webhook payloads', () => {
  it('Slack: escaped mrkdwn with the figures and links', () => {
    const payload = slackPayload(tinyReport(), LINKS) as { text: string; blocks: { text?: { text: string }; elements?: { text: string }[] }[] };
    assert.equal(payload.text, 'Dice <script>alert(1)</script> — Week 47, 16–22 Nov 2026');
    assert.equal(payload.blocks[1]!.text!.text, '• Weekly users: *1,382 (+12%)*\n• Uptime: *99.9% (\u22120.04 pts)*\n• Sessions: *n/a (unavailable)*');
    assert.equal(payload.blocks[2]!.elements![0]!.text, '<https://r.example.com/weekly-2026-W47.pdf|weekly-2026-W47.pdf>');
    const hostile = slackPayload(tinyReport({ headline: [{ ...tinyReport().headline[0]!, label: '<!channel> & co' }] }), []) as { blocks: { text?: { text: string } }[] };
    assert.match(hostile.blocks[1]!.text!.text, /^• &lt;!channel&gt; &amp; co:/);
  });

  it('Teams: an Adaptive Card with facts and one button per file', () => {
    const payload = teamsPayload(tinyReport(), LINKS) as { attachments: { contentType: string; content: { body: { facts?: { title: string; value: string }[] }[]; actions: { url: string }[] } }[] };
    const card = payload.attachments[0]!;
    assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(card.content.body[2]!.facts![0], { title: 'Weekly users', value: '1,382 (+12%)' });
    assert.equal(card.content.actions[0]!.url, LINKS[0]!.url);
  });
});

describe('posting to a webhook', { timeout: 30_000 }, () => {
  let server: Server;
  let base: string;
  const received: { path: string; body: unknown }[] = [];
  let failuresLeft = 0;
  const hits = new Map<string, number>();
  /** The system clock's time; its waits are recorded and skipped. */
  const recording = (): Clock & { sleeps: number[] } => {
    const sleeps: number[] = [];
    return { sleeps, now: () => Date.now(), sleep: async (ms) => void sleeps.push(ms) };
  };
  const FAST = { timeoutMs: 300, maxRetryAfterMs: 60_000 };

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
        if (req.url?.includes('gone')) return void res.writeHead(404).end('no_service');
        if (req.url?.includes('slow')) return void setTimeout(() => res.writeHead(200).end('ok'), 600);
        if (req.url?.includes('limited') && hits.get(req.url) === 1) return void res.writeHead(429, { 'retry-after': req.url.includes('long') ? '3600' : '1' }).end('rate_limited');
        if (failuresLeft-- > 0) return void res.writeHead(503).end('busy');
        received.push({ path: req.url ?? '', body: JSON.parse(body) });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the payload, retrying a 503', async () => {
    failuresLeft = 1;
    await postWebhook('slack', `${base}/services/T000/B000/XXXXSECRET`, tinyReport(), LINKS, systemClock);
    assert.equal(received.length, 1);
    assert.equal(received[0]!.path, '/services/T000/B000/XXXXSECRET');
    assert.equal((received[0]!.body as { text: string }).text, 'Dice <script>alert(1)</script> — Week 47, 16–22 Nov 2026');
  });

  it('fails without retrying a 404, naming only the host (the path holds the token)', async () => {
    const error = await postWebhook('teams', `${base}/gone/SECRET-TOKEN`, tinyReport(), [], systemClock).then(
      () => assert.fail('must fail'),
      (e: unknown) => e as ObsReportError,
    );
    assert.ok(error instanceof ObsReportError);
    assert.match(error.message, /teams webhook at 127\.0\.0\.1:\d+ failed: HTTP 404: no_service/);
    assert.ok(!error.message.includes('SECRET-TOKEN'));
  });

  it('does not retry a request that timed out after it was sent: it may have been posted', async () => {
    const clock = recording();
    const error = await postWebhook('slack', `${base}/slow/T1`, tinyReport(), [], clock, undefined, FAST).then(
      () => assert.fail('must fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof OutcomeUnknownError, String(error));
    assert.match(error.message, /outcome unknown, it may have been posted/);
    assert.equal(hits.get('/slow/T1'), 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('retries a 429 after its Retry-After, and leaves a longer one to the next run', async () => {
    const clock = recording();
    await postWebhook('slack', `${base}/limited/T2`, tinyReport(), [], clock, undefined, FAST);
    assert.equal(hits.get('/limited/T2'), 2);
    assert.deepEqual(clock.sleeps, [1000]);
    const long = recording();
    await assert.rejects(postWebhook('slack', `${base}/limited-long/T3`, tinyReport(), [], long, undefined, FAST), /HTTP 429: rate_limited, asked to retry after 3600 s, more than the 60 s a run waits/);
    assert.equal(hits.get('/limited-long/T3'), 1);
    assert.deepEqual(long.sleeps, []);
  });
});
