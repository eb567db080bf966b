/** Helpers shared by the fake Loki's specs: HTTP calls and the recorded samples. */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { FakeLogLine } from './index.js';

/** Where the recorded Loki 3.4.6 answers live. */
export const SAMPLES = '/work/shared/samples/loki';

/** The body of a log query's answer (resultType streams), uncategorized. */
export interface StreamsAnswer {
  data: { result: { stream: Record<string, string>; values: [string, string][] }[] };
}

/** One HTTP answer. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** GET (or POST with a form body) against the fake. */
export function call(base: string, path: string, params: Record<string, string> = {}, opts: { headers?: Record<string, string>; post?: boolean; timeoutMs?: number } = {}): Promise<Answer> {
  const qs = new URLSearchParams(params).toString();
  const url = new URL(opts.post ? path : `${path}${qs ? `?${qs}` : ''}`, base);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.post ? 'POST' : 'GET', headers: { ...(opts.post ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) headers[k] = String(v);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
    if (opts.post) req.write(qs);
    req.end();
  });
}

/** A sample file's text. */
export function sample(name: string): string {
  return readFileSync(`${SAMPLES}/${name}`, 'utf8');
}

/** Status and headers of a recorded `.headers` file (the last response in it). */
export function sampleHeaders(name: string): { status: number; headers: Record<string, string> } {
  const blocks = sample(name).trim().split(/\r?\n\r?\n/);
  const lines = (blocks[blocks.length - 1] ?? '').split(/\r?\n/);
  const status = Number(/HTTP\/1\.1 (\d+)/.exec(lines[0] ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status, headers };
}

/** `data` of a JSON body without its stats. */
export function dataOf(body: string): Record<string, unknown> {
  const parsed = JSON.parse(body) as { data: Record<string, unknown> };
  const { stats: _stats, ...rest } = parsed.data;
  return rest;
}

/** The three lines of the recorded push requests (push_request_1/2.json), with their metadata. */
export function recordedDiceLines(): FakeLogLine[] {
  const out: FakeLogLine[] = [];
  for (const f of ['push_request_1.json', 'push_request_2.json']) {
    const req = JSON.parse(sample(f)) as { streams: { stream: Record<string, string>; values: [string, string, Record<string, string>?][] }[] };
    for (const s of req.streams) {
      for (const [ts, line, meta] of s.values) out.push({ tsNs: BigInt(ts), labels: s.stream, line, ...(meta ? { structuredMetadata: meta } : {}) });
    }
  }
  return out;
}

/** Nanoseconds of a UTC date string. */
export function ns(iso: string): bigint {
  return BigInt(Date.parse(iso)) * 1_000_000n;
}
