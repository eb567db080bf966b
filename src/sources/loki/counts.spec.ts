import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { appSchema } from '../../config/schema.js';
import { createHttpClient } from '../../http/client.js';
import type { RecordedRequest, TestServer } from '../../http/test-server.js';
import { pack } from './counts.js';
import { LokiActivitySource } from './source.js';
import { startMiniLoki, successBody } from './testing/mini-loki.js';
import { activeIn, unless } from './user-sets.js';

const H = 3_600_000;
const D = 24 * H;
const T = Date.UTC(2026, 10, 25);
const SERIES = 'maximum of series (500) reached for a single query';

describe('packing counts into requests', () => {
  const term = (key: string, from: number, to: number) => ({ key, set: activeIn(from, to)! });

  it('fills a request up to the budget of log time x apps and of sets', () => {
    const terms = [term('a', T - 10 * D, T), term('b', T - 10 * D, T), term('c', T - 10 * D, T), term('d', T - D, T)];
    // 2 apps: each 10-day set costs 20 days; 45 days hold two.
    assert.deepEqual(pack(terms, 30 * D, { rangeMs: 45 * D, terms: 10 }, 2).map((r) => r.map((t) => t.key)), [['a', 'b'], ['c', 'd']]);
    assert.deepEqual(pack(terms, 30 * D, { rangeMs: 1000 * D, terms: 3 }, 1).map((r) => r.map((t) => t.key)), [['a', 'b', 'c'], ['d']]);
  });

  it('asks a set with a range of 1 h or less on its own (Loki would not split anything packed with it)', () => {
    const short = { key: 's', set: unless(activeIn(T - 30 * 60_000, T), activeIn(T - 5 * D, T - 30 * 60_000))! };
    const terms = [term('a', T - D, T), short, term('b', T - D, T)];
    assert.deepEqual(pack(terms, 30 * D, { rangeMs: 1000 * D, terms: 10 }, 1).map((r) => r.map((t) => t.key)), [['s'], ['a', 'b']]);
  });
});

describe('counting sets on a Loki that refuses them', () => {
  const servers: TestServer[] = [];
  after(async () => Promise.all(servers.map((s) => s.close())));

  /** A Loki whose pieces are too big for one selector over both apps, and for all users: 10 users per key and shard. */
  async function refusingLoki(): Promise<{ source: LokiActivitySource; requests: RecordedRequest[] }> {
    const requests: RecordedRequest[] = [];
    const server = await startMiniLoki({
      metric: (req) => {
        requests.push(req);
        const query = req.form.get('query') ?? req.query.get('query') ?? '';
        if (query.includes('app=~') || !/user[=!]~"/.test(query)) return { status: 400, body: SERIES };
        const t = Number(BigInt(req.form.get('time') ?? req.query.get('time') ?? '0') / 1_000_000n) / 1000;
        const keys = [...query.matchAll(/"k", "([a-z0-9_]+)"/g)].map((m) => m[1]!);
        const result = keys.length ? keys.map((k) => ({ metric: { k }, value: [t, '10'] })) : [{ metric: {}, value: [t, '10'] }];
        return { status: 200, body: successBody('vector', result) };
      },
    });
    servers.push(server);
    const http = createHttpClient({ name: 'loki', type: 'loki', url: server.url, timeoutMs: 5000, retries: 0, concurrency: 4 });
    const apps = ['dice', 'wiki'].map((id) => appSchema.parse({ id, name: id }));
    const limits = { maxEntriesPerQuery: 100, maxSeriesPerQuery: 500, maxQueryLengthHours: 721, maxRawEvents: 1000, countUsers: 'on-server' as const };
    return { source: new LokiActivitySource({ name: 'loki', http, apps, limits }), requests };
  }

  it('asks the apps apart, then in user shards whose counts add up, and starts there next time', async () => {
    const { source, requests } = await refusingLoki();
    const window = { from: T - 3 * D, to: T, tz: 'UTC' };
    assert.equal(await source.distinctUsers({ apps: ['dice', 'wiki'], window }), 4 * 10);
    const queries = requests.map((r) => r.query.get('query') ?? '');
    assert.match(queries[0]!, /^count\(count_over_time\(\{app=~"dice\|wiki"\} .* \[3d\] offset 1ns\)\)$/);
    assert.match(queries[1]!, /^count\(\(count_over_time\(\{app="dice"\} .* or count_over_time\(\{app="wiki"\} .*\)\)$/);
    assert.equal(queries.slice(2).filter((q) => /user[=!]~"/.test(q)).length, 4);
    assert.equal(requests[0]!.query.get('time'), `${T}000000`);

    // The next question starts per app and in four shards: nothing refused. Its packs are long, so POSTed.
    const before = requests.length;
    const counts = await source.activeUsers({ apps: ['dice', 'wiki'], window });
    assert.deepEqual(counts, { days: [T - 3 * D, T - 2 * D, T - D], dau: [40, 40, 40], wau: [40, 40, 40], mau: [40, 40, 40] });
    const later = requests.slice(before);
    assert.ok(later.every((r) => r.method === 'POST' && (r.form.get('query') ?? '').startsWith('count by (k) (label_replace(')));
    assert.equal(later.length % 4, 0);
  });
});
