/**
 * The log lines the simulated apps would have written, lazily and in timestamp order: the raw
 * material for a fake Loki. Sessions are merged through a heap holding only the sessions in
 * progress, so memory stays small whatever the window.
 */
import { deriveEvents, EventBuffer, snapshot } from './events.js';
import type { SessionEvents } from './events.js';
import { MinHeap } from './heap.js';
import { lifecycleRecords } from './lifecycle.js';
import { lifecycleLine, sessionLine } from './lines.js';
import type { DemoOrg } from './org.js';
import { MAX_SESSION_MS } from './sessions.js';
import { firstSessionFrom } from './session-range.js';

/** One log line with its Loki timestamp and stream labels. */
export interface DemoLogLine {
  tsNs: bigint;
  labels: { app: string; env: string };
  line: string;
}

/** The next line of one session (events set), or a single lifecycle line (session = -1). */
interface Cursor {
  ts: number;
  app: number;
  session: number;
  seq: number;
  events: SessionEvents | null;
  line: string;
}

// Ties: same millisecond ordered by app, then lifecycle before sessions, then session, then event order.
const order = (a: Cursor, b: Cursor): number => a.ts - b.ts || a.app - b.app || a.session - b.session || a.seq - b.seq;

/** Log lines of the given apps with from <= ts < to, in timestamp order (ties in a stable order). */
export function* demoLogLines(org: DemoOrg, q: { apps: string[]; from: number; to: number }): Generator<DemoLogLine> {
  const wanted = new Set(q.apps.flatMap((id) => org.appIndex.get(id) ?? []));
  const from = Math.max(q.from, org.range.start);
  const to = Math.min(q.to, org.range.end);
  if (wanted.size === 0 || from >= to) return;
  const heap = new MinHeap<Cursor>(order);
  for (const a of wanted) {
    const app = org.apps[a]!;
    for (const r of lifecycleRecords(org, app, from, to)) {
      heap.push({ ts: r.ts, app: a, session: -1, seq: 0, events: null, line: lifecycleLine(app, r.process, r.kind, r.afterCrash) });
    }
  }
  const labels = new Map([...wanted].map((a) => [a, { app: org.apps[a]!.spec.id, env: 'prod' }]));
  const table = org.sessions;
  const buf = new EventBuffer();
  let next = firstSessionFrom(table.start, 0, table.count, from - MAX_SESSION_MS);
  for (;;) {
    // A session's lines start at its start, so every line earlier than the next start is already in the heap.
    while (next < table.count && table.start[next]! < to && (heap.size === 0 || table.start[next]! <= heap.peek()!.ts)) {
      const s = next++;
      if (!wanted.has(table.app[s]!) || table.start[s]! + table.duration[s]! < from) continue;
      deriveEvents(org, s, buf);
      let seq = 0;
      while (seq < buf.size && buf.ts[seq]! < from) seq++;
      if (seq === buf.size || buf.ts[seq]! >= to) continue;
      const events = snapshot(buf);
      heap.push({ ts: events.ts[seq]!, app: table.app[s]!, session: s, seq, events, line: sessionLine(org, s, events, seq) });
    }
    const top = heap.pop();
    if (!top) return;
    yield { tsNs: BigInt(top.ts) * 1_000_000n, labels: labels.get(top.app)!, line: top.line };
    const events = top.events;
    const seq = top.seq + 1;
    if (!events || seq >= events.size || events.ts[seq]! >= to) continue;
    top.ts = events.ts[seq]!;
    top.seq = seq;
    top.line = sessionLine(org, top.session, events, seq);
    heap.push(top);
  }
}
