/**
 * The fake's alerting endpoints. /api/v1/rules/history answers a bare data frame whose shape
 * depends on the state-history backend (pkg/services/ngalert/state/historian): "loki" (entries
 * as JSON lines, any rule, newest `limit` in ascending order) or "annotations" (one rule only:
 * without ruleUID a 500 "ruleUID is required to query annotations"). from/to are epoch seconds.
 */
import type { FakeAnnotation } from './content.js';
import type { FakeReply } from './ds-query.js';
import { frameJson } from './frame-json.js';

/** One state change as the Loki backend stores it: the line's JSON and the stream labels. */
export interface FakeHistoryEntry {
  time: number;
  line: { ruleUID: string; ruleTitle: string; ruleID: number; previous: string; current: string; labels: Record<string, string>; [key: string]: unknown };
  labels: Record<string, string>;
}

/** Which state-history backend the fake Grafana runs. */
export type FakeStateHistory = { backend: 'loki'; entries: FakeHistoryEntry[] } | { backend: 'annotations' };

/** What the history endpoint needs to know. */
export interface HistoryContext {
  history: FakeStateHistory;
  annotations: readonly FakeAnnotation[];
  /** Rule uid -> numeric id (annotations store the id as alertId). */
  ruleIds: Map<string, number>;
}

const json = (status: number, value: unknown): FakeReply => ({ status, body: JSON.stringify(value) });

function lokiHistory(params: URLSearchParams, entries: readonly FakeHistoryEntry[]): FakeReply {
  const fromMs = Number(params.get('from') ?? 0) * 1000;
  const toMs = params.has('to') ? Number(params.get('to')) * 1000 : Infinity;
  const ruleUID = params.get('ruleUID');
  const limit = Number(params.get('limit') ?? 0);
  let found = entries
    .filter((e) => e.time >= fromMs && e.time < toMs && (ruleUID === null || e.line.ruleUID === ruleUID))
    .sort((a, b) => b.time - a.time);
  if (limit > 0) found = found.slice(0, limit);
  found.reverse();
  const frame = frameJson({
    name: 'states',
    fields: [
      { name: 'time', kind: 'time', labels: {}, values: found.map((e) => BigInt(e.time) * 1_000_000n) },
      { name: 'line', kind: 'json', labels: {}, values: found.map((e) => e.line) },
      { name: 'labels', kind: 'json', labels: {}, values: found.map((e) => e.labels) },
    ],
  });
  return json(200, frame);
}

function annotationHistory(params: URLSearchParams, ctx: HistoryContext): FakeReply {
  const ruleUID = params.get('ruleUID');
  if (ruleUID === null || ruleUID === '') return json(500, { message: 'ruleUID is required to query annotations' });
  const id = ctx.ruleIds.get(ruleUID);
  if (id === undefined) return json(500, { message: 'no such rule exists' });
  const fromMs = Number(params.get('from') ?? 0) * 1000;
  const toMs = Number(params.get('to') ?? 0) * 1000;
  const found = ctx.annotations.filter((a) => a.alertId === id && a.time <= toMs && a.timeEnd >= fromMs).sort((a, b) => b.time - a.time);
  const labels = { from: 'state-history', ruleUID };
  const frame = frameJson({
    name: 'states',
    fields: [
      { name: 'time', kind: 'time', labels, values: found.map((a) => BigInt(a.time) * 1_000_000n) },
      { name: 'text', kind: 'string', labels, values: found.map((a) => a.text) },
      { name: 'prev', kind: 'string', labels, values: found.map((a) => a.prevState ?? '') },
      { name: 'next', kind: 'string', labels, values: found.map((a) => a.newState ?? '') },
      { name: 'data', kind: 'string', labels, values: found.map((a) => JSON.stringify(a.data ?? {})) },
    ],
  });
  return json(200, frame);
}

/** GET /api/v1/rules/history. */
export function stateHistory(params: URLSearchParams, ctx: HistoryContext): FakeReply {
  return ctx.history.backend === 'loki' ? lokiHistory(params, ctx.history.entries) : annotationHistory(params, ctx);
}
