import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { appSchema } from '../../config/schema.js';
import { DatasourceError } from '../../errors.js';
import { createHttpClient } from '../../http/client.js';
import type { RecordedRequest, TestServer } from '../../http/test-server.js';
import { QueryLog, within } from '../query-log.js';
import { LokiActivitySource } from './source.js';
import { startMiniLoki, successBody, type MiniAnswer } from './testing/mini-loki.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
/** Three whole UTC days and half of a fourth. */
const WINDOW = { from: T0, to: T0 + 3.5 * DAY, tz: 'UTC' };

/**
 * Metric answers over a fixed set of users: every user has 1 event per whole day (range
 * queries) and 2 in any instant range. The server applies the query's `user=~` / `user!~`
 * filters and refuses more than `maxSeries` series, as Loki does.
 */
function perUserAnswers(users: string[], maxSeries: number, refused: RecordedRequest[], countLimited: boolean, activeAfterMs = -Infinity): (req: RecordedRequest) => MiniAnswer {
  return (req) => {
    const query = req.query.get('query') ?? '';
    const matchers = [...query.matchAll(/user(=~|!~)"([^"\\]*)"/g)].map((m) => ({ keep: m[1] === '=~', re: new RegExp(`^(?:${m[2]})$`, 'u') }));
    const only = /\| user="([^"\\]*)"/.exec(query)?.[1];
    const t = Number(BigInt(req.query.get('time') ?? req.query.get('end') ?? '0') / 1_000_000n) / 1000;
    // Nobody has a line in a request that ends at or before `activeAfterMs`.
    const active = t * 1000 > activeAfterMs;
    const selected = users.filter((u) => active && (only === undefined || u === only) && matchers.every((m) => m.re.test(u) === m.keep));
    if (query.startsWith('count(') && !(countLimited && selected.length > maxSeries)) return { status: 200, body: successBody('vector', selected.length ? [{ metric: {}, value: [t, String(selected.length)] }] : []) };
    if (selected.length > maxSeries) {
      refused.push(req);
      return { status: 400, body: `maximum of series (${maxSeries}) reached for a single query` };
    }
    if (req.path.endsWith('/query')) return { status: 200, body: successBody('vector', selected.map((user) => ({ metric: { user }, value: [t, '2'] }))) };
    const start = Number(BigInt(req.query.get('start')!) / 1_000_000n) / 1000;
    const step = Number(req.query.get('step'));
    const points: [number, string][] = [];
    for (let s = start; s <= t; s += step) points.push([s, '1']);
    return { status: 200, body: successBody('matrix', selected.map((user) => ({ metric: { user }, values: points }))) };
  };
}

const servers: TestServer[] = [];
after(async () => Promise.all(servers.map((s) => s.close())));

async function sourceFor(users: string[], maxSeries: number, countLimited = false, activeAfterMs?: number): Promise<{ source: LokiActivitySource; server: TestServer; refused: RecordedRequest[] }> {
  const refused: RecordedRequest[] = [];
  const server = await startMiniLoki({ metric: perUserAnswers(users, maxSeries, refused, countLimited, activeAfterMs) });
  servers.push(server);
  const http = createHttpClient({ name: 'loki', type: 'loki', url: server.url, timeoutMs: 5000, retries: 0, concurrency: 4 });
  const apps = [appSchema.parse({ id: 'dice', name: 'Dice' })];
  const limits = { maxEntriesPerQuery: 100, maxSeriesPerQuery: maxSeries, maxQueryLengthHours: 721, maxRawEvents: 1000 };
  return { source: new LokiActivitySource({ name: 'loki', http, apps, limits }), server, refused };
}

const USERS = [
  ...Array.from({ length: 30 }, (_, i) => `u${String(i).padStart(5, '0')}`),
  // Twelve ids ending in 7 overflow their shard, which must then split on the next character.
  ...Array.from({ length: 12 }, (_, i) => `x${i}7`),
  'user_',
  '用户',
  'quote"',
  'a.b',
  'new\nline',
];

describe('sharding by user', () => {
  it('asks the user count, shards under the series limit, splits an overflowing shard, and loses no one', async () => {
    const { source, server, refused } = await sourceFor(USERS, 8);
    const log = new QueryLog();
    const days = await within(log, 'usage', () => source.userDays({ app: 'dice', window: WINDOW }));
    assert.deepEqual(days.days, [T0, T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY]);
    assert.deepEqual(new Set(days.users.keys()), new Set(USERS));
    // Whole days come from one range query per shard (1 each), the half day from an instant one (2).
    for (const [user, counts] of days.users) assert.deepEqual(counts, [1, 1, 1, 2], user);

    const queries = server.requests.map((r) => r.query.get('query') ?? '');
    // Asked unsharded first (refused: 47 users, 8 allowed), then counted, then sharded.
    assert.equal(queries[0], 'sum by (user) (count_over_time({app="dice"} | json user="user" | __error__="" | user!="" [1d] offset 1ms)) or vector(0)');
    assert.equal(queries[1], 'count(count_over_time({app="dice"} | json user="user" | __error__="" | user!="" | keep user [3d12h]))');
    assert.ok(queries.some((q) => /user=~"\.\*\[[^\]]+\]\[[^\]]+\]"/.test(q)), 'no shard was split by the second-to-last character');
    // 47 users / 4 per shard: 12 shards, 4 groups of the last character x 3 of the one before.
    // Only the shard taking "any other" character at both positions is refused: 9 users (the
    // id with a newline too, as `.` stops at a newline, as in RE2); it is then split again.
    assert.equal(refused.length, 2);
    assert.equal(refused[0]!.query.get('query'), queries[0]);
    assert.equal(refused[1]!.query.get('query')!.match(/user!~"/g)?.length, 2);
    // One record for the logical query, unsharded and unsplit, with every request counted.
    const [record] = log.all();
    assert.equal(log.all().length, 1);
    assert.equal(record!.query, 'sum by (user) (count_over_time({app="dice"} | json user="user" | __error__="" | user!="" [1d]))');
    assert.equal(record!.purpose, `events per user per local day (${server.requests.length} requests)`);
    assert.deepEqual(record!.usedBy, ['usage']);

    // The next per-user question about dice, over a piece of the same length, starts in shards
    // fitted to the users answered: nothing unsharded, nothing refused.
    const sent = server.requests.length;
    const totals = await source.userTotals({ app: 'dice', window: WINDOW });
    assert.deepEqual(new Set(totals.keys()), new Set(USERS));
    const later = server.requests.slice(sent).map((r) => r.query.get('query') ?? '');
    assert.ok(later.length > 1 && later.every((q) => /user[!=]~"/.test(q)), later.join('\n'));
    assert.equal(refused.length, 2);
  });

  it('asks weeks from the newest, each in the shards fitted to the week after it, and weeks before the first line once', async () => {
    // Four weeks; lines only in the last two, as in a lookback reaching back before the app's first line.
    const { source, server, refused } = await sourceFor(USERS, 8, false, T0 + 14 * DAY);
    const window = { from: T0, to: T0 + 28 * DAY, tz: 'UTC' };
    const days = await source.userDays({ app: 'dice', window });
    assert.deepEqual(new Set(days.users.keys()), new Set(USERS));
    for (const [user, counts] of days.users) assert.deepEqual(counts, [...new Array(14).fill(0), ...new Array(14).fill(1)], user);
    const week = (k: number) => server.requests.filter((r) => (r.query.get('end') ?? r.query.get('time')) === `${BigInt(T0 + 7 * (k + 1) * DAY) * 1_000_000n}`);
    const sharded = (r: RecordedRequest) => /user[=!]~/.test(r.query.get('query')!);
    // The last week, with nothing answered yet: asked whole first, refused, then sharded. Only
    // its requests are refused.
    assert.ok(!sharded(week(3)[0]!));
    assert.ok(refused.length > 0 && refused.every((r) => week(3).includes(r) || r.query.has('time')));
    // The third week: in the shards fitted to the last week's 47 ids, at most 6 each (0.8 of 8).
    assert.ok(week(2).length >= 8 && week(2).every(sharded) && !refused.some((r) => week(2).includes(r)), `${week(2).length} requests`);
    // The second, without a line: in the third week's shards. The first, next to an empty week: once, whole.
    assert.equal(week(1).length, week(2).length);
    assert.equal(week(0).length, 1);
    assert.ok(!sharded(week(0)[0]!));
  });

  it('asks per-user days in shards a week at a time, a shorter piece in the shards of the longer one before it', async () => {
    const { source, server, refused } = await sourceFor(USERS, 8);
    const window = { from: T0, to: T0 + 10 * DAY, tz: 'UTC' };
    const days = await source.userDays({ app: 'dice', window });
    assert.deepEqual(new Set(days.users.keys()), new Set(USERS));
    for (const [user, counts] of days.users) assert.deepEqual(counts, new Array(10).fill(1), user);
    const spans = server.requests
      .filter((r) => r.query.has('step'))
      .map((r) => (Number(BigInt(r.query.get('end')!) - BigInt(r.query.get('start')!)) / 1e6 + DAY) / DAY);
    // Range queries of the first week (7 days) and of the 3 days after it, never longer.
    assert.deepEqual([...new Set(spans)].sort(), [3, 7]);
    // Only the first week is asked whole (and refused); the 3 days after it, with at most the
    // week's users, are asked in shards fitted to them, and none is refused.
    const whole = server.requests.filter((r) => r.query.has('step') && !/user[=!]~/.test(r.query.get('query')!));
    assert.equal(whole.length, 1);
    const tail = server.requests.filter((r) => r.query.get('end') === `${BigInt(T0 + 10 * DAY) * 1_000_000n}`);
    assert.ok(tail.length > 1 && tail.every((r) => !refused.includes(r)), `${tail.length} requests`);
  });

  it('cuts blindly when Loki refuses even to count, then sizes each part', async () => {
    const { source, refused } = await sourceFor(USERS, 8, true);
    const totals = await source.userTotals({ app: 'dice', window: WINDOW });
    assert.deepEqual(new Set(totals.keys()), new Set(USERS));
    for (const [user, total] of totals) assert.equal(total, 2, user);
    // The unsharded answer is refused, then the root count; of the 8 parts, the last (ids ending
    // in 7 or in no named group: 19) too.
    assert.deepEqual(
      refused.map((r) => r.query.get('query')!.startsWith('count(')),
      [false, true, true],
    );
  });

  it('sends range queries at step multiples with a one-millisecond offset, instants at end - 1 ns', async () => {
    const { source, server } = await sourceFor(['u1'], 8);
    await source.userDays({ app: 'dice', window: WINDOW, user: 'u1' });
    // No count query for one user, no shard filters.
    assert.deepEqual(
      server.requests.map((r) => Object.fromEntries(r.query)),
      [
        {
          query: 'sum by (user) (count_over_time({app="dice"} |= "u1" | json user="user" | __error__="" | user!="" | user="u1" [1d] offset 1ms))',
          start: `${BigInt(T0 + DAY) * 1_000_000n}`,
          end: `${BigInt(T0 + 3 * DAY) * 1_000_000n}`,
          step: '86400',
        },
        {
          query: 'sum by (user) (count_over_time({app="dice"} |= "u1" | json user="user" | __error__="" | user!="" | user="u1" [12h]))',
          time: `${BigInt(WINDOW.to) * 1_000_000n - 1n}`,
        },
      ],
    );
  });

  it('gives up with DATASOURCE_LIMIT when ids share too long a suffix for sharding to help', async () => {
    const same = Array.from({ length: 12 }, (_, i) => `${i}-same-suffix`);
    const { source } = await sourceFor(same, 8);
    await assert.rejects(source.userTotals({ app: 'dice', window: WINDOW }), (error: unknown) => {
      assert.ok(error instanceof DatasourceError);
      assert.equal(error.code, 'DATASOURCE_LIMIT');
      assert.match(error.message, /max_query_series/);
      return true;
    });
  });
});
