// The push-down facts measured on Loki 3.4.6 with pushdown-lines.ts (README.md, "Counting users on
// the server"). With REAL_LOKI_URL set, the lines are pushed to that Loki and the same assertions
// run against it instead of the fake: they passed on Loki 3.4.6.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeLoki, type FakeLogLine, type FakeLoki } from './index.js';
import { E_MS, pushdownLines } from './pushdown-lines.js';
import { call } from './spec-helpers.js';

const SERIES = 'maximum of series (500) reached for a single query';
const E = String(E_MS / 1000);
const users = (app: string, range: string, offset = ''): string => `count_over_time({app="${app}"} | json user="user" | keep user [${range}]${offset})`;

interface Result {
  status: number;
  body: string;
  /** label string (or key k) -> value, per series; for a matrix the values joined. */
  values: Record<string, string>;
}

/** Pushes the lines to a real Loki (identical lines are stored once, so pushing again changes nothing). */
async function push(url: string, lines: FakeLogLine[]): Promise<void> {
  const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
  for (const l of lines) {
    const key = JSON.stringify(l.labels);
    const s = streams.get(key) ?? { stream: l.labels, values: [] };
    s.values.push([l.tsNs.toString(), l.line]);
    streams.set(key, s);
  }
  const res = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: [...streams.values()] }) });
  assert.equal(res.status, 204, await res.text());
}

describe('counting users on the server (measured on Loki 3.4.6)', () => {
  let loki: FakeLoki | undefined;
  let base = process.env.REAL_LOKI_URL ?? '';
  before(async () => {
    if (base) return push(base, pushdownLines());
    loki = await startFakeLoki({ lines: pushdownLines() });
    base = loki.url;
  });
  after(() => loki?.stop());

  const ask = async (path: string, params: Record<string, string>): Promise<Result> => {
    const a = await call(base, path, params, { timeoutMs: 60_000 });
    if (a.status !== 200) return { status: a.status, body: a.body, values: {} };
    const data = (JSON.parse(a.body) as { data: { result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] } }).data;
    const values = Object.fromEntries(data.result.map((s) => [s.metric.k ?? JSON.stringify(s.metric), s.value?.[1] ?? (s.values ?? []).map((v) => `${v[0]}=${v[1]}`).join(' ')]));
    return { status: 200, body: '', values };
  };
  const instant = (query: string, time = E): Promise<Result> => ask('/loki/api/v1/query', { query, time });
  const range = (query: string, start: string, end: string, step: string): Promise<Result> => ask('/loki/api/v1/query_range', { query, start, end, step });

  it('splits an instant count into 1 h pieces and limits the users of each piece, not of the whole range', async () => {
    // 600 users over 2 days, 15 an hour: counted.
    assert.deepEqual((await instant(`count(${users('pd-many', '2d')})`)).values, { '{}': '600' });
    // 501 users in one hour: refused, although counting their lines is fine.
    assert.deepEqual(await instant(`count(${users('pd-peak', '2d')})`), { status: 400, body: SERIES, values: {} });
    assert.deepEqual((await instant(`sum(${users('pd-peak', '2d')})`)).values, { '{}': '501' });
  });

  it('puts the users of apps sharing a selector into one piece, while `or` keeps each app apart', async () => {
    assert.equal((await instant(`count(count_over_time({app=~"pd-a|pd-b"} | json user="user" | keep user [1d]))`)).status, 400);
    assert.deepEqual((await instant(`count(${users('pd-a', '1d')} or ${users('pd-b', '1d')})`)).values, { '{}': '600' });
  });

  it('splits a binary operation only when both sides split: a range of 1 h or less takes the other side whole', async () => {
    // [30m] is not split, so neither is [2d]: its 600 users are one piece.
    assert.equal((await instant(`count(${users('pd-many', '2d')} unless ${users('pd-many', '30m', ' offset 1d')})`)).status, 400);
    // [2h] splits: 600 users less the 31 with a line in (E - 26 h, E - 24 h] (m330's warn line is at E - 26 h + 1 s).
    assert.deepEqual((await instant(`count(${users('pd-many', '2d')} unless ${users('pd-many', '2h', ' offset 1d')})`)).values, { '{}': '569' });
  });

  it('counts several sets in one answer with label_replace, to the nanosecond with sub-millisecond offsets', async () => {
    const day = (k: number, offset: string): string => `label_replace(${users('pd-many', '1d', ` offset ${offset}`)}, "k", "${k}", "", "")`;
    // [E - 1 d, E): users 360..599; [E - 2 d, E - 1 d): users 0..359.
    assert.deepEqual((await instant(`count by (k) (${day(0, '1ns')} or ${day(1, '24h1ns')})`)).values, { '0': '240', '1': '360' });
  });

  it('expands label_replace like Go, removes the label for an empty result and refuses a bad regex at parse time', async () => {
    const base = 'count_over_time({app="pd-peak"} | json user="user" | user="p000" | keep user [2d])';
    assert.deepEqual((await instant(`label_replace(${base}, "d", "a$1-\${2}b$$", "user", "(p)(0)00")`)).values, { '{"d":"ap-0b$","user":"p000"}': '1' });
    assert.deepEqual((await instant(`label_replace(${base}, "user", "", "user", "p.*")`)).values, { '{}': '1' });
    const bad = await instant(`label_replace(${base}, "d", "x", "", "(")`);
    assert.deepEqual([bad.status, bad.body], [400, 'parse error : invalid regex in label_replace: error parsing regexp: missing closing ): `^(?:()$`']);
  });

  it('limits a range query by the users of each step when count consumes a range with `keep`', async () => {
    // No 1 h pieces in a range query: the 600 users of the 2-day range are one answer.
    assert.deepEqual(await range(`count(${users('pd-many', '2d')})`, E, E, '86400'), { status: 400, body: SERIES, values: {} });
    // (E - 2 d, E] holds 1,199 lines: m000's info line is at E - 2 d exactly.
    assert.deepEqual((await range(`sum(${users('pd-many', '2d')})`, E, E, '86400')).values, { '{}': `${E}=1199` });
    // Without `keep`, count is sharded instead, and each user is a series per detected_level (info, warn).
    assert.deepEqual((await range(`count(count_over_time({app="pd-many"} | json user="user" [2d]))`, E, E, '86400')).values, { '{}': `${E}=1199` });
  });

  it('loses samples of a range query split by step when, backward (the default), a later part is merged first', async () => {
    // Steps E - 2 d, E - 1 d, E; parts [E - 2 d, E - 1 d] and [E - 1 d, E], each sorted by the first
    // sample of its first series: both start at E - 1 d (user a has no sample at E - 2 d), so the
    // later part (first when backward) stays first and b's sample at E - 2 d is dropped as overlap.
    const [t0, t1] = [E_MS / 1000 - 2 * 86400, E_MS / 1000 - 86400];
    const start = String(t0);
    const byUser = 'sum by (user) (count_over_time({app="pd-days"} | json user="user" [1d]))';
    const lost = await range(byUser, start, E, '86400');
    assert.deepEqual(lost.values, { '{"user":"a"}': `${t1}=1`, '{"user":"b"}': `${t1}=1` });
    const forward = await ask('/loki/api/v1/query_range', { query: byUser, start, end: E, step: '86400', direction: 'forward' });
    assert.deepEqual(forward.values, { '{"user":"a"}': `${t1}=1`, '{"user":"b"}': `${t0}=1 ${t1}=1` });
    // A series with a sample at every step that sorts first makes every part start at its own start.
    const anchored = await range(`${byUser} or vector(0)`, start, E, '86400');
    assert.deepEqual(anchored.values, { '{}': `${t0}=0 ${t1}=0 ${E}=0`, '{"user":"a"}': `${t1}=1`, '{"user":"b"}': `${t0}=1 ${t1}=1` });
  });

  it('answers a range query with a sub-millisecond offset with nothing', async () => {
    const start = String(E_MS / 1000 - 86400);
    assert.deepEqual((await range('sum(count_over_time({app="pd-many"} [1d] offset 1ns))', start, E, '86400')).values, {});
    assert.deepEqual((await range('sum(count_over_time({app="pd-many"} [1d] offset 1ms))', start, E, '86400')).values, { '{}': `${start}=720 ${E}=480` });
  });
});
