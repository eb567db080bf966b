import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { appSchema } from '../../config/schema.js';
import { createHttpClient } from '../../http/client.js';
import type { RecordedRequest, TestServer } from '../../http/test-server.js';
import type { UserDays } from '../types.js';
import { KnownUserDays, spansToRead } from './known-days.js';
import { LokiActivitySource } from './source.js';
import { startMiniLoki, successBody, type MiniAnswer, type MiniEntry } from './testing/mini-loki.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);

describe('spansToRead', () => {
  // Five whole UTC days; u1 has lines on days 1, 2 and 4.
  const window = { from: T0, to: T0 + 5 * DAY, tz: 'UTC' };
  const days: UserDays = { days: [0, 1, 2, 3, 4].map((d) => T0 + d * DAY), users: new Map([['u1', [0, 3, 1, 0, 7]]]) };

  it('reads the runs of active days, from a millisecond before each, within the window', () => {
    assert.deepEqual(spansToRead(days, 'u1', window, window), [
      { from: T0 + DAY - 1, to: T0 + 3 * DAY },
      { from: T0 + 4 * DAY - 1, to: T0 + 5 * DAY },
    ]);
    // A narrower question (the previous period is often asked with the report's own) is cut to it.
    assert.deepEqual(spansToRead(days, 'u1', window, { from: T0 + 2 * DAY, to: T0 + 4 * DAY + 6 * HOUR }), [
      { from: T0 + 2 * DAY, to: T0 + 3 * DAY },
      { from: T0 + 4 * DAY - 1, to: T0 + 4 * DAY + 6 * HOUR },
    ]);
  });

  it('reads whole what the answer does not cover, and nothing of a user without a line', () => {
    // Cut sessions read a margin before and after the window.
    assert.deepEqual(spansToRead(days, 'u1', window, { from: T0 - 2 * HOUR, to: T0 + 5 * DAY + 2 * HOUR }), [
      { from: T0 - 2 * HOUR, to: T0 },
      { from: T0 + DAY - 1, to: T0 + 3 * DAY },
      { from: T0 + 4 * DAY - 1, to: T0 + 5 * DAY + 2 * HOUR },
    ]);
    assert.deepEqual(spansToRead(days, 'nobody', window, window), []);
    assert.deepEqual(spansToRead(days, 'nobody', window, { from: T0 - 2 * HOUR, to: T0 + DAY }), [{ from: T0 - 2 * HOUR, to: T0 }]);
  });

  it('takes local days from the answer, 25 hours long where summer time ends', () => {
    // Europe/Berlin, 2026-10-24 to 2026-10-27: the 25th has 25 hours (CEST ends at 03:00 local).
    const from = Date.UTC(2026, 9, 23, 22); // 2026-10-24 00:00 CEST
    const days25: UserDays = { days: [from, from + DAY, from + 2 * DAY + HOUR], users: new Map([['u1', [0, 2, 0]]]) };
    const w = { from, to: from + 3 * DAY + HOUR, tz: 'Europe/Berlin' };
    assert.deepEqual(spansToRead(days25, 'u1', w, w), [{ from: from + DAY - 1, to: from + 2 * DAY + HOUR }]);
  });

  it('keeps the answer that overlaps the question most, per app and user', () => {
    const known = new KnownUserDays();
    assert.equal(known.spans('dice', 'u1', window), undefined);
    known.remember({ app: 'dice', window, user: 'u1' }, days);
    known.remember({ app: 'dice', window }, { days: days.days, users: new Map() }); // not one user's: not kept
    known.remember({ app: 'wiki', window, user: 'u1' }, { days: days.days, users: new Map() });
    assert.deepEqual(known.spans('dice', 'u1', window), spansToRead(days, 'u1', window, window));
    assert.deepEqual(known.spans('wiki', 'u1', window), []);
    assert.equal(known.spans('dice', 'u2', window), undefined);
    assert.equal(known.spans('dice', 'u1', { from: T0 + 5 * DAY, to: T0 + 6 * DAY }), undefined);
  });
});

describe('one user\'s raw lines, read on the days the user was active', () => {
  const servers: TestServer[] = [];
  after(async () => Promise.all(servers.map((s) => s.close())));
  /** Three whole UTC days and half of a fourth; u1 was active on the second and the fourth. */
  const WINDOW = { from: T0, to: T0 + 3.5 * DAY, tz: 'UTC' };
  const COUNTS = [0, 2, 0, 1];
  const start = (ms: number, session: string): MiniEntry => ({
    labels: { app: 'dice' },
    tsNs: BigInt(ms) * 1_000_000n,
    line: JSON.stringify({ event: 'session_start', user: 'u1', session }),
  });
  const ENTRIES = [start(T0 + DAY + 9 * HOUR, 's1'), start(T0 + DAY + 15 * HOUR, 's2'), start(T0 + 3 * DAY + 2 * HOUR, 's3')];

  /** u1's lines per day: a range query's points are the whole days in order, the instant one the half day. */
  function metric(req: RecordedRequest): MiniAnswer {
    if (req.path.endsWith('/query')) {
      return { status: 200, body: successBody('vector', [{ metric: { user: 'u1' }, value: [Number(req.query.get('time')) / 1e9, String(COUNTS[3])] }]) };
    }
    const first = Number(BigInt(req.query.get('start')!) / 1_000_000n) / 1000;
    // Loki leaves out the steps without a line.
    const values = COUNTS.slice(0, 3).map((c, i): [number, string] => [first + i * 86_400, String(c)]);
    return { status: 200, body: successBody('matrix', [{ metric: { user: 'u1' }, values: values.filter(([, c]) => c !== '0') }]) };
  }

  async function source(): Promise<{ source: LokiActivitySource; server: TestServer }> {
    const server = await startMiniLoki({ entries: ENTRIES, metric });
    servers.push(server);
    const http = createHttpClient({ name: 'loki', type: 'loki', url: server.url, timeoutMs: 5000, retries: 0, concurrency: 4 });
    const limits = { maxEntriesPerQuery: 100, maxSeriesPerQuery: 50, maxQueryLengthHours: 721, maxRawEvents: 1000 };
    return { source: new LokiActivitySource({ name: 'loki', http, apps: [appSchema.parse({ id: 'dice', name: 'Dice' })], limits }), server };
  }
  const logReads = (server: TestServer) =>
    server.requests.filter((r) => r.query.has('limit')).map((r) => ({ from: Number(BigInt(r.query.get('start')!) / 1_000_000n), to: Number(BigInt(r.query.get('end')!) / 1_000_000n) }));

  it('scans only those days once the source has counted them, with the same answer', async () => {
    const whole = await source();
    const expected = await whole.source.sessionStarts({ apps: ['dice'], window: WINDOW, user: 'u1' });
    assert.deepEqual(expected.map((s) => s.session), ['s1', 's2', 's3']);
    assert.equal(logReads(whole.server)[0]!.from, WINDOW.from);

    const { source: known, server } = await source();
    const days = await known.userDays({ app: 'dice', window: WINDOW, user: 'u1' });
    assert.deepEqual(days.users.get('u1'), COUNTS);
    assert.deepEqual(await known.sessionStarts({ apps: ['dice'], window: WINDOW, user: 'u1' }), expected);
    const spans = [
      { from: T0 + DAY - 1, to: T0 + 2 * DAY },
      { from: T0 + 3 * DAY - 1, to: WINDOW.to },
    ];
    const reads = logReads(server);
    assert.ok(reads.length >= 2);
    for (const read of reads) assert.ok(spans.some((s) => s.from <= read.from && read.to <= s.to), `read ${JSON.stringify(read)} outside the active days`);
    for (const span of spans) assert.ok(reads.some((r) => r.from === span.from) && reads.some((r) => r.to === span.to), `span ${JSON.stringify(span)} not read`);
    // The same for the events sessions are cut from.
    const before = server.requests.length;
    assert.equal((await known.userEvents({ app: 'dice', window: WINDOW, user: 'u1' })).length, 3);
    for (const read of logReads({ ...server, requests: server.requests.slice(before) })) assert.ok(spans.some((s) => s.from <= read.from && read.to <= s.to));
  });

  it('reads nothing for a user with no line in the app', async () => {
    const { source: known, server } = await source();
    // This Loki answers u1's counts whoever is asked for: u2 has none.
    assert.equal((await known.userDays({ app: 'dice', window: WINDOW, user: 'u2' })).users.has('u2'), false);
    const sent = server.requests.length;
    assert.deepEqual(await known.sessionStarts({ apps: ['dice'], window: WINDOW, user: 'u2' }), []);
    assert.equal(server.requests.length, sent);
  });
});
