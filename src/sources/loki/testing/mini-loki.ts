/**
 * A tiny Loki for unit tests of this folder: answers log queries from a list of entries
 * (start inclusive, end exclusive, limit, forward) and metric queries through a callback,
 * in the shapes of the recorded samples. Lines sharing a timestamp come back in a different
 * order on every other request, as nothing in Loki promises their order.
 */
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { reply, startTestServer, type RecordedRequest, type TestServer } from '../../../http/test-server.js';

/** A stored log line. */
export interface MiniEntry {
  labels: Record<string, string>;
  tsNs: bigint;
  line: string;
}

/** An answer: status and body (JSON, or Loki's plain text for errors). */
export interface MiniAnswer {
  status: number;
  body: string;
}

/** Options of the mini Loki. */
export interface MiniLokiOptions {
  entries?: MiniEntry[];
  /** Answers metric queries (`/query`, and `/query_range` with a step). */
  metric?: (req: RecordedRequest) => MiniAnswer;
}

const stats = (JSON.parse(readFileSync(new URL('../__fixtures__/query_range_metric_count_over_time.json', import.meta.url), 'utf8')) as {
  data: { stats: unknown };
}).data.stats;

/** A success body with the samples' envelope and stats. */
export function successBody(resultType: string, result: unknown): string {
  return JSON.stringify({ status: 'success', data: { resultType, result, stats } });
}

/** Starts the mini Loki on 127.0.0.1 with a free port. */
export function startMiniLoki(opts: MiniLokiOptions): Promise<TestServer> {
  let logRequests = 0;
  return startTestServer((req, res) => {
    if (req.query.has('limit') || (req.path.endsWith('/query_range') && !req.query.has('step'))) {
      answerLogs(req, res, opts.entries ?? [], ++logRequests);
      return;
    }
    const answer = opts.metric?.(req) ?? { status: 404, body: '404 page not found\n' };
    writeAnswer(res, answer);
  });
}

function writeAnswer(res: ServerResponse, answer: MiniAnswer): void {
  const plain = answer.status !== 200;
  reply(res, answer.status, answer.body, { 'Content-Type': plain ? 'text/plain; charset=utf-8' : 'application/json; charset=UTF-8' });
}

function answerLogs(req: RecordedRequest, res: ServerResponse, entries: MiniEntry[], n: number): void {
  const start = BigInt(req.query.get('start') ?? '0');
  const end = BigInt(req.query.get('end') ?? '0');
  const limit = Number(req.query.get('limit') ?? '100');
  if (req.query.get('direction') !== 'forward') {
    writeAnswer(res, { status: 400, body: 'this mini Loki only pages forward' });
    return;
  }
  const inRange = entries.filter((e) => e.tsNs >= start && e.tsNs < end);
  const ordered = inRange
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.tsNs < b.e.tsNs ? -1 : a.e.tsNs > b.e.tsNs ? 1 : n % 2 === 0 ? b.i - a.i : a.i - b.i))
    .slice(0, limit)
    .map(({ e }) => e);
  const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
  for (const e of ordered) {
    const key = JSON.stringify(Object.entries(e.labels).sort());
    const stream = streams.get(key) ?? { stream: e.labels, values: [] };
    stream.values.push([e.tsNs.toString(), e.line]);
    streams.set(key, stream);
  }
  writeAnswer(res, { status: 200, body: successBody('streams', [...streams.values()]) });
}
