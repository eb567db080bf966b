/**
 * Raw lines read from a Loki that leaves lines out of split pages (Loki 3.4.6, as the fake
 * reproduces it: test/fakes/loki/split-merge.spec.ts): the Loki source reads in windows that
 * hold about half a page, keeps no full page that spans several split intervals, and so loses
 * no line; where the split interval is set wrong and a kept page falls short of Loki's count,
 * the answer is an error, never a smaller figure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appSchema } from '../src/config/schema.js';
import { DatasourceError } from '../src/errors.js';
import { createHttpClient } from '../src/http/client.js';
import { bypassProxyForLoopback } from '../src/http/test-server.js';
import { LokiActivitySource } from '../src/sources/loki/index.js';
import type { ActivityEvent } from '../src/sources/types.js';
import { startFakeLoki, type FakeLogLine } from './fakes/loki/index.js';

const FROM = Date.UTC(2026, 10, 20, 1);
const TO = Date.UTC(2026, 10, 20, 7);
// Three users, 60 lines each, spread over six hours (deterministic), one stream per user once parsed.
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const EVENTS: ActivityEvent[] = [];
for (let u = 0; u < 3; u++) for (let k = 0; k < 60; k++) EVENTS.push({ ts: FROM + Math.floor(rnd() * (TO - FROM)), user: `user${u}`, session: '' });
EVENTS.sort((a, b) => a.ts - b.ts || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
const LINES: FakeLogLine[] = EVENTS.map((e, n) => ({ tsNs: BigInt(e.ts) * 1_000_000n, labels: { app: 'dice', env: 'prod' }, line: JSON.stringify({ event: 'page_view', user: e.user, n }) }));

async function withLoki(
  splitMinutes: number | undefined,
  check: (source: LokiActivitySource, requests: () => { start: string; end: string; query: string }[], counts: () => number) => Promise<void>,
  pageSize = 20,
): Promise<void> {
  bypassProxyForLoopback();
  const fake = await startFakeLoki({ lines: LINES, now: () => new Date(TO + 86_400_000) });
  try {
    const http = createHttpClient({ name: 'loki', type: 'loki', url: fake.url, timeoutMs: 60_000, retries: 0, concurrency: 2 });
    const limits = { maxEntriesPerQuery: pageSize, maxSeriesPerQuery: 500, maxQueryLengthHours: 721, maxRawEvents: 100_000, ...(splitMinutes ? { splitQueriesByIntervalMinutes: splitMinutes } : {}) };
    const source = new LokiActivitySource({ name: 'loki', http, apps: [appSchema.parse({ id: 'dice', name: 'Dice', sessionsFrom: 'events' })], limits });
    await check(
      source,
      () => fake.requests.filter((r) => r.path.endsWith('/query_range') && r.query.limit === String(pageSize)).map((r) => ({ start: r.query.start!, end: r.query.end!, query: r.query.query! })),
      () => fake.requests.filter((r) => (r.query.query ?? '').includes('count_over_time')).length,
    );
  } finally {
    await fake.stop();
  }
}

const window = { from: FROM - 3_600_000, to: TO + 3_600_000, tz: 'UTC' };
const HOUR_NS = 3_600_000_000_000n;

describe('raw lines from a Loki that leaves lines out of split pages', () => {
  it('reads every line without a count: a full page across split intervals is not kept, the window shrinks', async () => {
    await withLoki(undefined, async (source, pages, counts) => {
      assert.deepEqual(await source.userEvents({ app: 'dice', window }), EVENTS);
      const all = pages();
      const across = all.filter((p) => BigInt(p.start) / HOUR_NS !== (BigInt(p.end) - 1n) / HOUR_NS);
      assert.ok(across.length > 0, 'the first window spans several hours (and comes back full)');
      assert.ok(
        all.some((p, i) => across.includes(p) && all[i + 1]?.start === p.start && BigInt(all[i + 1]!.end) < BigInt(p.end)),
        'a full window is asked again, shorter, from the same start (not paged on from its last line)',
      );
      // A page full within one hour (which Loki does not split) is kept and checked against a
      // count: with 20-line pages over ~30 lines an hour that happens here at most once or twice.
      assert.ok(counts() <= 2, `${counts()} counts`);
    });
  });

  it('counts nothing when no page came back full: Loki merges split pages wrongly only when they hold more lines than asked for', async () => {
    await withLoki(
      undefined,
      async (source, pages, counts) => {
        assert.deepEqual(await source.userEvents({ app: 'dice', window }), EVENTS);
        assert.equal(pages().length, 1);
        assert.equal(counts(), 0);
      },
      500,
    );
  });

  it('is an error, not fewer lines, when pages full within what the config calls one interval lose lines (split interval set wrong)', async () => {
    // A day in the config, an hour in Loki: the day's first window is paged through as if Loki
    // did not split it, its full pages lose lines, the count shows it, and so does the re-read.
    await withLoki(1440, async (source, _pages, counts) => {
      await assert.rejects(source.userEvents({ app: 'dice', window }), (error: Error) => {
        assert.ok(error instanceof DatasourceError);
        assert.ok(counts() > 0);
        assert.match(error.message, /^Loki returned \d+ of the 180 log lines it counted for events of dice to cut sessions from \(apps\[\]\.sessionsFrom: events\), even read one 1440-minute interval at a time$/);
        return true;
      });
    });
  });
});
