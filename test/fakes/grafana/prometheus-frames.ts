/**
 * What Grafana 12.2's Prometheus backend does with one query of /api/ds/query
 * (pkg/promlib: models/query.go Parse, client/client.go, querydata/request.go + response.go,
 * converter/prom.go): the requests it sends to Prometheus, and the frames it makes of the
 * answers. Split in a plan and a conversion so tests can feed recorded answers.
 */
import { frameJson, type FieldSpec, type FrameMeta, type FrameSpec } from './frame-json.js';

/** A frame of a datasource query: Grafana always sets its metadata. */
type QueryFrame = FrameSpec & { meta: FrameMeta };
import { goDuration, goParseFloat, goSeconds } from './go.js';
import { interpolateTimeVariables, intervalFrom, parseIntervalMs, roundIntervalMs } from './intervals.js';
import { prometheusLegend } from './legend.js';

/** A request to a backend: path below its URL, and parameters (form for POST). */
export interface BackendCall {
  method: 'GET' | 'POST';
  path: string;
  params: Record<string, string>;
  headers?: Record<string, string>;
}

/** A backend's answer. */
export interface BackendAnswer {
  status: number;
  body: string;
}

/** What the backend will send and how to label the frames. */
export interface PrometheusPlan {
  refId: string;
  expr: string;
  stepMs: number;
  legendFormat: string;
  calls: { kind: 'instant' | 'range'; call: BackendCall }[];
}

/** The query-service defaults (pkg/services/query): 100 points, 1 s interval. */
const DEFAULT_MAX_DATA_POINTS = 100;
const DEFAULT_INTERVAL_MS = 1000;
const DEFAULT_SCRAPE = '15s';
const SAFE_RESOLUTION = 11000;
const VARIABLE_INTERVALS = ['$__interval', '$__interval_ms', '$__rate_interval', '$__rate_interval_ms', '${__interval}', '${__interval_ms}', '${__rate_interval}', '${__rate_interval_ms}'];

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

function alignMs(t: number, stepMs: number, offsetSec: number): number {
  const off = BigInt(offsetSec) * 1000n;
  const step = BigInt(stepMs);
  const shifted = BigInt(t) + off;
  const floored = shifted >= 0n ? (shifted / step) * step : -(((-shifted + step - 1n) / step) * step);
  return Number(floored - off);
}

function rateIntervalMs(intervalMs: number, scrape: string): number {
  const scrapeMs = parseIntervalMs(scrape === '' ? DEFAULT_SCRAPE : scrape);
  return Math.max(intervalMs + scrapeMs, 4 * scrapeMs);
}

/** The requests Grafana sends for query `q` (the JSON of one entry of `queries`) over [fromMs, toMs]. */
export function planPrometheus(q: Record<string, unknown>, range: { fromMs: number; toMs: number }, jsonData: Record<string, unknown>): PrometheusPlan {
  const dsInterval = str(jsonData.timeInterval);
  const queryInterval = VARIABLE_INTERVALS.includes(str(q.interval)) ? '' : str(q.interval);
  const minInterval = intervalFrom(dsInterval, queryInterval, num(q.intervalMs), 15000);
  const rangeMs = range.toMs - range.fromMs;
  const maxDataPoints = num(q.maxDataPoints) || DEFAULT_MAX_DATA_POINTS;
  const perPoint = Math.floor((rangeMs * 1e6) / maxDataPoints) / 1e6;
  const calculated = perPoint < minInterval ? minInterval : roundIntervalMs(perPoint);
  const safe = roundIntervalMs(Math.floor((rangeMs * 1e6) / SAFE_RESOLUTION) / 1e6);
  const adjusted = calculated > safe ? calculated : safe;
  const isRate = str(q.interval) === '$__rate_interval' || str(q.interval) === '${__rate_interval}';
  const stepMs = isRate ? rateIntervalMs(adjusted, dsInterval) : adjusted * (num(q.intervalFactor) || 1);
  // interpolateVariables: $__rate_interval from the query's interval (DataQuery.Interval) and its min step.
  const minStep = str(q.interval) === '' ? dsInterval : VARIABLE_INTERVALS.includes(str(q.interval)) ? goDuration(stepMs) : str(q.interval);
  const rate = isRate ? stepMs : rateIntervalMs(num(q.intervalMs) || DEFAULT_INTERVAL_MS, minStep);
  const expr = interpolateTimeVariables(str(q.expr), { intervalMs: stepMs, rangeMs, rateIntervalMs: rate });
  const method = str(jsonData.httpMethod).toUpperCase() === 'GET' ? 'GET' : 'POST';
  const instant = q.instant === true;
  const rangeQuery = q.range === true || (!instant && q.range !== true);
  const offset = num(q.utcOffsetSec);
  const calls: PrometheusPlan['calls'] = [];
  if (instant) calls.push({ kind: 'instant', call: { method, path: '/api/v1/query', params: { query: expr, time: goSeconds(range.toMs) } } });
  if (rangeQuery) {
    const params = { query: expr, start: goSeconds(alignMs(range.fromMs, stepMs, offset)), end: goSeconds(alignMs(range.toMs, stepMs, offset)), step: goSeconds(stepMs) };
    calls.push({ kind: 'range', call: { method, path: '/api/v1/query_range', params } });
  }
  return { refId: str(q.refId), expr, stepMs, legendFormat: str(q.legendFormat), calls };
}

interface PromSeries {
  metric?: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}

interface PromBody {
  status?: string;
  errorType?: string;
  error?: string;
  warnings?: string[];
  infos?: string[];
  data?: { resultType?: string; result?: unknown };
}

function seriesFrame(plan: PrometheusPlan, resultType: string, s: PromSeries): QueryFrame {
  const labels = s.metric ?? {};
  const pairs = s.values ?? (s.value ? [s.value] : []);
  const legend = prometheusLegend(plan.legendFormat, labels, plan.expr);
  const value: FieldSpec = { name: labels.__name__ ?? 'Value', kind: 'number', labels, values: pairs.map(([, v]) => goParseFloat(v)) };
  if (legend !== '') value.config = { displayNameFromDS: legend };
  // timeFromFloat: time.UnixMilli(int64(fv * 1000)).
  const times = pairs.map(([t]) => BigInt(Math.trunc(t * 1000)) * 1_000_000n);
  const type = resultType === 'vector' ? 'numeric-multi' : 'timeseries-multi';
  return {
    refId: plan.refId,
    meta: { type, typeVersion: [0, 1], custom: { resultType } },
    fields: [{ name: 'Time', kind: 'time', values: times, config: { interval: plan.stepMs } }, value],
  };
}

function framesOf(plan: PrometheusPlan, body: PromBody): QueryFrame[] {
  const type = body.data?.resultType ?? '';
  const result = body.data?.result;
  if ((type === 'matrix' || type === 'vector') && Array.isArray(result)) return result.map((s: PromSeries) => seriesFrame(plan, type, s));
  if (type === 'scalar' && Array.isArray(result)) {
    const frame = seriesFrame(plan, 'scalar', { metric: {}, value: result as [number, string] });
    frame.meta.type = 'numeric-multi';
    return [frame];
  }
  return [];
}

/** One call's DataResponse part: frames with metadata, or the error Grafana reports. */
function partOf(plan: PrometheusPlan, answer: BackendAnswer): { frames: QueryFrame[]; error?: string; status: number } {
  let body: PromBody;
  try {
    body = JSON.parse(answer.body) as PromBody;
  } catch (error) {
    return { frames: [], error: `invalid character in response: ${String(error)}`, status: answer.status };
  }
  const error = body.status === 'error' ? `${body.errorType ?? ''}: ${body.error ?? ''}` : undefined;
  const frames = error ? [] : framesOf(plan, body);
  // An empty frame carries the metadata when there is no series (and on errors).
  if (frames.length === 0) frames.push({ refId: plan.refId, meta: {}, fields: [] });
  const notices = [...(body.warnings ?? []).map((text) => ({ severity: 'warning', text })), ...(body.infos ?? []).map((text) => ({ severity: 'info', text }))];
  frames.forEach((frame, i) => {
    if (notices.length > 0) frame.meta.notices = notices;
    if (i > 0) return;
    frame.meta.executedQueryString = `Expr: ${plan.expr}\nStep: ${goDuration(plan.stepMs)}`;
    frame.meta.custom = { calculatedMinStep: plan.stepMs, ...frame.meta.custom };
  });
  return error ? { frames, error, status: answer.status } : { frames, status: answer.status };
}

/** The DataResponse JSON for `plan`, given the answer to each of its calls (in order). */
export function prometheusResult(plan: PrometheusPlan, answers: BackendAnswer[]): Record<string, unknown> {
  const parts = answers.map((a) => partOf(plan, a));
  const errors = parts.flatMap((p) => (p.error === undefined ? [] : [p]));
  const frames = parts.flatMap((p) => p.frames.map(frameJson));
  const lastError = errors[errors.length - 1];
  if (!lastError) return { status: 200, frames };
  // addDataResponse joins errors as "%v %w" and keeps the last failing status.
  const error = errors.map((e) => e.error).join(' ');
  return { error, errorSource: lastError.status >= 400 ? 'downstream' : 'plugin', status: lastError.status, frames };
}
