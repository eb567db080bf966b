/**
 * Rebuilds the body Loki itself would have sent from Grafana's frames for one refId. Metric
 * queries come back as one frame per series (like Prometheus); log queries as one
 * "LabeledTimeValues" frame with a row per line (`labels`, `Time`, `Line`, `tsNs`,
 * [`labelTypes`], `id`), which is regrouped into streams by label set. Loki's `data.stats` is
 * rebuilt from the figures Grafana keeps in `meta.stats`.
 */
import { fieldIndex, FrameShapeError, labelsColumn, stringColumn, timeColumnNs } from './frame-columns.js';
import type { Frame } from './frame-schema.js';
import { lokiStats, type LokiStats } from './loki-stats.js';
import { labelsOf, seriesPairs } from './prometheus-answer.js';

/** One log line of a logs frame. */
export interface LogRow {
  labels: Record<string, string>;
  tsNs: bigint;
  line: string;
  /** I (indexed), S (structured metadata) or P (parsed) per label, when Grafana asked Loki to categorise. */
  labelTypes?: Record<string, string>;
}

/** A stream as Loki writes it; a value has a third element with categorize-labels. */
export interface LokiStream {
  stream: Record<string, string>;
  values: ([string, string] | [string, string, Record<string, Record<string, string>>])[];
}

type Pair = [number, string];

/** What a successful /loki/api/v1/query(_range) answer holds. */
export interface LokiBody {
  status: 'success';
  data:
    | { resultType: 'vector'; result: { metric: Record<string, string>; value: Pair }[]; stats: LokiStats }
    | { resultType: 'matrix'; result: { metric: Record<string, string>; values: Pair[] }[]; stats: LokiStats }
    | { resultType: 'streams'; result: LokiStream[]; stats: LokiStats; encodingFlags?: string[] };
}

/** True for Grafana's logs frame (legacy `Line` or dataplane `body`). */
export function isLogsFrame(frame: Frame): boolean {
  return fieldIndex(frame, 'Line') >= 0 || fieldIndex(frame, 'body') >= 0;
}

/** The rows of a logs frame, in frame order; nanoseconds from `tsNs`, else from the time field and `data.nanos`. */
export function logRows(frame: Frame): LogRow[] {
  const at = (...names: string[]): number => names.map((n) => fieldIndex(frame, n)).find((i) => i >= 0) ?? -1;
  const [labelsAt, timeAt, lineAt, tsNsAt, typesAt] = [at('labels'), at('Time', 'timestamp'), at('Line', 'body'), at('tsNs'), at('labelTypes')];
  if (labelsAt < 0 || lineAt < 0 || (timeAt < 0 && tsNsAt < 0)) throw new FrameShapeError('a logs frame needs labels, a time and a line field');
  const labels = labelsColumn(frame, labelsAt);
  const lines = stringColumn(frame, lineAt);
  const times = tsNsAt >= 0 ? stringColumn(frame, tsNsAt).map(parseNs) : timeColumnNs(frame, timeAt);
  const types = typesAt >= 0 ? labelsColumn(frame, typesAt) : undefined;
  return lines.map((line, row) => {
    const out: LogRow = { labels: labels[row] ?? {}, tsNs: times[row] ?? 0n, line };
    const rowTypes = types?.[row];
    if (rowTypes) out.labelTypes = rowTypes;
    return out;
  });
}

function parseNs(text: string): bigint {
  if (!/^\d{1,20}$/.test(text)) throw new FrameShapeError(`tsNs "${text.slice(0, 40)}" is not a nanosecond timestamp`);
  return BigInt(text);
}

/** A label set's identity, whatever the key order. */
export function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function pick(labels: Record<string, string>, types: Record<string, string>, type: string): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([k]) => types[k] === type));
}

/**
 * Regroups rows into streams, in order of first appearance, values in row order. Without
 * categorize-labels a stream is the full label set (what Loki answers without the header);
 * with it, the indexed labels, and each value carries its structured metadata and parsed labels.
 */
export function toStreams(rows: readonly LogRow[], categorize: boolean): LokiStream[] {
  const streams = new Map<string, LokiStream>();
  for (const row of rows) {
    const types = categorize ? row.labelTypes : undefined;
    const stream = types ? pick(row.labels, types, 'I') : row.labels;
    const key = labelsKey(stream);
    let found = streams.get(key);
    if (!found) streams.set(key, (found = { stream, values: [] }));
    if (!types) {
      found.values.push([row.tsNs.toString(), row.line]);
      continue;
    }
    const extra: Record<string, Record<string, string>> = {};
    const structuredMetadata = pick(row.labels, types, 'S');
    const parsed = pick(row.labels, types, 'P');
    if (Object.keys(structuredMetadata).length > 0) extra.structuredMetadata = structuredMetadata;
    if (Object.keys(parsed).length > 0) extra.parsed = parsed;
    found.values.push([row.tsNs.toString(), row.line, extra]);
  }
  return [...streams.values()];
}

function seriesOf(frame: Frame): { metric: Record<string, string>; values: Pair[] } {
  return { metric: labelsOf(frame), values: seriesPairs(frame) };
}

/** The answer to a metric query: a matrix for /query_range, a vector for /query. */
export function lokiMetricAnswer(frames: readonly Frame[], requested: 'vector' | 'matrix'): LokiBody {
  const series = frames.filter((f) => f.schema.fields.length >= 2).map(seriesOf);
  const stats = lokiStats(frames[0], series.length);
  if (requested === 'matrix') return { status: 'success', data: { resultType: 'matrix', result: series, stats } };
  const result = series.flatMap((s) => s.values.slice(0, 1).map((value) => ({ metric: s.metric, value })));
  return { status: 'success', data: { resultType: 'vector', result, stats } };
}

/** The answer to a log query made of `rows` (already in the order Loki would return them). */
export function lokiStreamsAnswer(rows: readonly LogRow[], stats: LokiStats, categorize: boolean): LokiBody {
  const data: LokiBody['data'] = { resultType: 'streams', result: toStreams(rows, categorize), stats };
  if (categorize) data.encodingFlags = ['categorize-labels'];
  return { status: 'success', data };
}
