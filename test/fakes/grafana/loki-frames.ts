/**
 * What Grafana 12.x's Loki backend does with one query of /api/ds/query (pkg/tsdb/loki:
 * parse_query.go, step.go, api.go, frame.go; converter readStream/readCategorizedStream): the
 * request it sends to Loki (always asking for categorize-labels), and the frames it makes of
 * the answer, or the error it reports (Loki's text, status 500 "unknown", source downstream).
 */
import { frameJson, type FieldSpec, type FrameMeta, type FrameSpec } from './frame-json.js';
import { fnv32, goDuration, goJsonLabels, goParseFloat } from './go.js';
import { interpolateTimeVariables, parseIntervalMs } from './intervals.js';
import { lokiLegend } from './legend.js';
import type { BackendAnswer, BackendCall } from './prometheus-frames.js';

/** What Grafana sends to Loki and how it labels the frames. */
export interface LokiPlan {
  refId: string;
  expr: string;
  queryType: 'range' | 'instant';
  stepMs: number;
  legendFormat: string;
  call: BackendCall;
}

const DEFAULT_INTERVAL_MS = 1000;
const SAFE_RESOLUTION = 11000;
const RESOLUTIONS = [1, 2, 3, 4, 5, 10];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The request Grafana sends for query `q` over [fromMs, toMs]; throws (as Grafana's parse errors) on a bad model. */
export function planLoki(q: Record<string, unknown>, range: { fromMs: number; toMs: number }): LokiPlan {
  const resolution = typeof q.resolution === 'number' && RESOLUTIONS.includes(q.resolution) ? q.resolution : 1;
  const intervalMs = typeof q.intervalMs === 'number' ? q.intervalMs : DEFAULT_INTERVAL_MS;
  const rangeMs = range.toMs - range.fromMs;
  const step = str(q.step);
  // calculateStep: an explicit step wins; else max(interval, range / 11000), rounded up to a ms.
  const stepMs = step !== '' ? parseIntervalMs(step) * resolution : Math.ceil(Math.max(intervalMs * resolution, rangeMs / SAFE_RESOLUTION));
  const queryType = q.queryType === undefined ? 'range' : q.queryType;
  if (queryType !== 'range' && queryType !== 'instant') throw new Error(`invalid queryType: ${String(queryType)}`);
  const direction = q.direction === undefined ? 'backward' : q.direction;
  if (direction !== 'backward' && direction !== 'forward') throw new Error(`invalid queryDirection: ${String(direction)}`);
  const expr = interpolateTimeVariables(str(q.expr), { intervalMs, rangeMs });
  const params: Record<string, string> = { query: expr, direction };
  if (typeof q.maxLines === 'number' && q.maxLines > 0) params.limit = String(q.maxLines);
  const ns = (ms: number): string => (BigInt(ms) * 1_000_000n).toString();
  if (queryType === 'range') Object.assign(params, { start: ns(range.fromMs), end: ns(range.toMs), step: `${stepMs}ms` });
  else params.time = ns(range.toMs);
  const path = queryType === 'range' ? '/loki/api/v1/query_range' : '/loki/api/v1/query';
  const call: BackendCall = { method: 'GET', path, params, headers: { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } };
  return { refId: str(q.refId), expr, queryType, stepMs, legendFormat: str(q.legendFormat), call };
}

type Labels = Record<string, string>;

interface LokiBody {
  data?: {
    resultType?: string;
    encodingFlags?: string[];
    result?: { stream?: Labels; metric?: Labels; value?: [number, string]; values?: unknown[][] }[];
    stats?: { summary?: Record<string, unknown>; store?: Record<string, unknown>; ingester?: Record<string, unknown> };
  };
}

const STATS: [group: 'summary' | 'store' | 'ingester', names: [string, string, string?][]][] = [
  ['summary', [['bytes processed per second', 'bytesProcessedPerSecond', 'Bps'], ['lines processed per second', 'linesProcessedPerSecond'], ['total bytes processed', 'totalBytesProcessed', 'decbytes'], ['total lines processed', 'totalLinesProcessed'], ['exec time', 'execTime', 's']]],
  ['store', [['total chunks ref', 'totalChunksRef'], ['total chunks downloaded', 'totalChunksDownloaded'], ['chunks download time', 'chunksDownloadTime', 's'], ['head chunk bytes', 'headChunkBytes', 'decbytes'], ['head chunk lines', 'headChunkLines'], ['decompressed bytes', 'decompressedBytes', 'decbytes'], ['decompressed lines', 'decompressedLines'], ['compressed bytes', 'compressedBytes', 'decbytes'], ['total duplicates', 'totalDuplicates']]],
  ['ingester', [['total reached', 'totalReached'], ['total chunks matched', 'totalChunksMatched'], ['total batches', 'totalBatches'], ['total lines sent', 'totalLinesSent'], ['head chunk bytes', 'headChunkBytes', 'decbytes'], ['head chunk lines', 'headChunkLines'], ['decompressed bytes', 'decompressedBytes', 'decbytes'], ['decompressed lines', 'decompressedLines'], ['compressed bytes', 'compressedBytes', 'decbytes'], ['total duplicates', 'totalDuplicates']]],
];

/** parseStats: fixed figures per present group, read at the group's top level (0 when absent). */
function statsOf(stats: NonNullable<LokiBody['data']>['stats']): FrameMeta['stats'] {
  const out: NonNullable<FrameMeta['stats']> = [];
  for (const [group, names] of STATS) {
    const values = stats?.[group];
    if (!values) continue;
    const title = group[0]?.toUpperCase() + group.slice(1);
    for (const [label, key, unit] of names) {
      const v = values[key];
      out.push({ displayName: `${title}: ${label}`, ...(unit ? { unit } : {}), value: typeof v === 'number' ? v : 0 });
    }
  }
  return out;
}

function metricFrames(plan: LokiPlan, body: LokiBody): FrameSpec[] {
  const type = body.data?.resultType;
  const result = Array.isArray(body.data?.result) ? body.data.result : [];
  const series = result.map((s) => ({ labels: s.metric ?? {}, pairs: s.values ?? (s.value ? [s.value] : []) }));
  return series.map(({ labels, pairs }, i) => {
    const legend = lokiLegend(plan.legendFormat, labels);
    const meta: FrameMeta = { type: type === 'vector' ? 'numeric-multi' : 'timeseries-multi', typeVersion: [0, 1] };
    if (i === 0) meta.stats = statsOf(body.data?.stats);
    meta.executedQueryString = plan.queryType === 'range' ? `Expr: ${plan.expr}\nStep: ${goDuration(plan.stepMs)}` : `Expr: ${plan.expr}`;
    const time: FieldSpec = { name: 'Time', kind: 'time', values: pairs.map((p) => BigInt(Math.trunc(Number(p[0]) * 1000)) * 1_000_000n) };
    if (plan.queryType === 'range') time.config = { interval: plan.stepMs };
    const value: FieldSpec = { name: 'Value', kind: 'number', labels, values: pairs.map((p) => goParseFloat(String(p[1]))), config: legend === '' ? {} : { displayNameFromDS: legend } };
    return { refId: plan.refId, meta, fields: [time, value] };
  });
}

function logsFrame(plan: LokiPlan, body: LokiBody): FrameSpec {
  const categorized = body.data?.encodingFlags?.includes('categorize-labels') === true;
  const rows: { labels: Labels; types: Labels; ts: string; line: string }[] = [];
  for (const stream of body.data?.result ?? []) {
    for (const value of stream.values ?? []) {
      const [ts, line, extra] = value as [string, string, { structuredMetadata?: Labels; parsed?: Labels }?];
      const labels: Labels = { ...(stream.stream ?? {}) };
      const types: Labels = Object.fromEntries(Object.keys(labels).map((k) => [k, 'I']));
      // Structured metadata, then parsed labels, override indexed ones of the same name.
      for (const [kind, extraLabels] of [['S', extra?.structuredMetadata], ['P', extra?.parsed]] as const) {
        for (const [k, v] of Object.entries(extraLabels ?? {})) {
          labels[k] = v;
          types[k] = kind;
        }
      }
      rows.push({ labels, types, ts, line });
    }
  }
  const seen = new Map<string, number>();
  const ids = rows.map((r) => {
    const sum = `${r.ts}_${fnv32(`${r.line}_${goJsonLabels(r.labels)}`).toString(16)}`;
    const count = seen.get(sum) ?? 0;
    seen.set(sum, count + 1);
    return count > 0 ? `${sum}_${count}` : sum;
  });
  // Go's JSON of the label maps has sorted keys; JSON.parse of it keeps that order.
  const sorted = (l: Labels): Labels => JSON.parse(goJsonLabels(l)) as Labels;
  const fields: FieldSpec[] = [
    { name: 'labels', kind: 'json', values: rows.map((r) => sorted(r.labels)) },
    { name: 'Time', kind: 'time', values: rows.map((r) => BigInt(r.ts)) },
    { name: 'Line', kind: 'string', values: rows.map((r) => r.line) },
    { name: 'tsNs', kind: 'string', values: rows.map((r) => r.ts) },
  ];
  if (categorized) fields.push({ name: 'labelTypes', kind: 'json', values: rows.map((r) => sorted(r.types)), config: { custom: { hidden: true } } });
  fields.push({ name: 'id', kind: 'string', values: ids });
  const meta: FrameMeta = { typeVersion: [0, 0], custom: { frameType: 'LabeledTimeValues' }, stats: statsOf(body.data?.stats), executedQueryString: `Expr: ${plan.expr}` };
  return { refId: plan.refId, meta, fields };
}

/** makeLokiError: a JSON body's `message`, else the whole text. */
export function lokiErrorText(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string' && parsed.message !== '') return parsed.message;
  } catch {
    // Plain text, as Loki writes its errors.
  }
  return body;
}

/** The DataResponse JSON for `plan` given Loki's answer. */
export function lokiResult(plan: LokiPlan, answer: BackendAnswer): Record<string, unknown> {
  // Loki's failures keep no status: the SDK writes 500 ("unknown") for them.
  if (answer.status < 200 || answer.status > 299) return { error: lokiErrorText(answer.body), errorSource: 'downstream', status: 500 };
  const body = JSON.parse(answer.body) as LokiBody;
  const frames = body.data?.resultType === 'streams' ? [logsFrame(plan, body)] : metricFrames(plan, body);
  // No series: the converter leaves Frames nil, and the SDK then writes no "frames" key.
  return frames.length === 0 ? { status: 200 } : { status: 200, frames: frames.map(frameJson) };
}
