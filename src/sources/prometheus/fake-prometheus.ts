/**
 * A stand-in Prometheus for tests: answers /api/v1/query and /api/v1/query_range with what a
 * test function returns for each query, and like the real server answers 400 bad_data otherwise.
 */
import { readFileSync } from 'node:fs';
import { reply, startTestServer, type RecordedRequest, type TestServer } from '../../http/test-server.js';

/** The parameters of one query call (times in epoch ms). */
export interface FakeCall {
  path: string;
  query: string;
  time?: number;
  start?: number;
  end?: number;
  step?: number;
}

/** A test's answer: a status and body, or undefined for "unknown query". */
export type FakeAnswer = { status: number; body: string; headers?: Record<string, string> } | undefined;

/** A recorded Prometheus answer from __fixtures__. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

/** A success body with a vector of one unlabelled sample (or an empty vector). */
export function vectorBody(value: string | undefined, atMs = 0): string {
  const result = value === undefined ? [] : [{ metric: {}, value: [atMs / 1000, value] }];
  return JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });
}

/** A success body with a matrix; points as [ms, value]. */
export function matrixBody(series: { metric: Record<string, string>; points: [number, string][] }[]): string {
  const result = series.map((s) => ({ metric: s.metric, values: s.points.map(([t, v]) => [t / 1000, v]) }));
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result } });
}

const ms = (s: string | null): number | undefined => (s === null ? undefined : Number(s) * 1000);

function call(req: RecordedRequest): FakeCall {
  const p = req.method === 'POST' ? req.form : req.query;
  return { path: req.path, query: p.get('query') ?? '', time: ms(p.get('time')), start: ms(p.get('start')), end: ms(p.get('end')), step: ms(p.get('step')) };
}

/** Starts the fake; `calls` lists every query call received. */
export async function startFakePrometheus(answer: (c: FakeCall) => FakeAnswer): Promise<TestServer & { calls: FakeCall[] }> {
  const calls: FakeCall[] = [];
  const server = await startTestServer((req, res) => {
    const c = call(req);
    calls.push(c);
    const a = answer(c);
    if (a) return reply(res, a.status, a.body, a.headers);
    reply(res, 400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: `fake: no answer for ${c.query}` }));
  });
  return Object.assign(server, { calls });
}
