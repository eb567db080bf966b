/**
 * Reads a request meant for Prometheus' or Loki's own query API (path, query-string or form
 * parameters) into the query it asks for. Parameters the native server would refuse are
 * refused here the same way (status and body as the server writes them), because Grafana
 * would not always pass the refusal on: it widens a Prometheus step rather than refuse it.
 */
import { HttpStatusError, type HttpRequest } from '../../http/types.js';

/** A query in the native API's terms; times as the native API resolves them. */
export type NativeQuery =
  | { api: 'prometheus'; kind: 'instant'; expr: string; timeMs: number | undefined }
  | { api: 'prometheus'; kind: 'range'; expr: string; startMs: number; endMs: number; stepMs: number }
  | { api: 'loki'; kind: 'instant'; expr: string; timeNs: bigint | undefined }
  | { api: 'loki'; kind: 'range'; expr: string; startNs: bigint; endNs: bigint; stepMs: number; limit: number | undefined; direction: 'forward' | 'backward' };

/** Prometheus' points limit per series (it refuses more, Grafana would widen the step instead). */
const PROMETHEUS_MAX_POINTS = 11_000;
/** Loki's defaults: the last hour, and a step of range/250 (at least 1 s), as loghttp does. */
const LOKI_DEFAULT_SINCE_NS = 3_600_000_000_000n;
const LOKI_STEP_DIVISOR = 250;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** `1m30s`, `500ms`, `2h` (Prometheus/Loki durations) in ms, or undefined. */
export function parseDurationMs(text: string): number | undefined {
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * (UNIT_MS[unit ?? ''] ?? NaN);
  return total;
}

function params(req: HttpRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of [req.query, req.form]) {
    for (const [k, v] of Object.entries(source ?? {})) if (v !== undefined) out.set(k, String(v));
  }
  return out;
}

function promError(name: string, req: HttpRequest, error: string): HttpStatusError {
  return new HttpStatusError(name, 400, JSON.stringify({ status: 'error', errorType: 'bad_data', error }), `${req.method ?? 'GET'} ${req.path}`);
}

function lokiError(name: string, req: HttpRequest, text: string): HttpStatusError {
  return new HttpStatusError(name, 400, text, `${req.method ?? 'GET'} ${req.path}`);
}

/** Seconds (with fraction) or RFC 3339, as Prometheus reads `time`, `start`, `end`. */
function promTimeMs(text: string): number | undefined {
  const seconds = Number(text);
  if (text.trim() !== '' && Number.isFinite(seconds)) return Math.round(seconds * 1000);
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Loki's timestamps: integers of up to 10 digits are seconds, longer ones nanoseconds; fractions are seconds; else RFC 3339. */
function lokiTimeNs(text: string): bigint | undefined {
  if (/^-?\d+$/.test(text)) return text.replace('-', '').length <= 10 ? BigInt(text) * 1_000_000_000n : BigInt(text);
  if (/^-?\d*\.\d+$/.test(text)) {
    // Loki rounds a fraction of a second to the millisecond.
    const seconds = Math.trunc(Number(text));
    return BigInt(seconds) * 1_000_000_000n + BigInt(Math.round((Number(text) - seconds) * 1000)) * 1_000_000n;
  }
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  return Number.isNaN(ms) ? undefined : BigInt(ms) * 1_000_000n + BigInt((m?.[2] ?? '').padEnd(9, '0'));
}

function stepMsOf(text: string): number | undefined {
  const seconds = Number(text);
  if (text.trim() !== '' && Number.isFinite(seconds)) return Math.round(seconds * 1000);
  return parseDurationMs(text);
}

function prometheusQuery(name: string, req: HttpRequest, p: Map<string, string>, range: boolean): NativeQuery {
  const expr = p.get('query') ?? '';
  const time = (key: string): number | undefined => {
    const text = p.get(key);
    if (text === undefined) return undefined;
    const ms = promTimeMs(text);
    if (ms === undefined) throw promError(name, req, `invalid parameter "${key}": cannot parse "${text}" to a valid timestamp`);
    return ms;
  };
  if (!range) return { api: 'prometheus', kind: 'instant', expr, timeMs: time('time') };
  const [startMs, endMs] = [time('start'), time('end')];
  if (startMs === undefined || endMs === undefined) throw promError(name, req, `invalid parameter "${startMs === undefined ? 'start' : 'end'}": cannot parse "" to a valid timestamp`);
  const stepMs = stepMsOf(p.get('step') ?? '');
  if (stepMs === undefined) throw promError(name, req, `invalid parameter "step": cannot parse "${p.get('step') ?? ''}" to a valid duration`);
  if (endMs < startMs) throw promError(name, req, 'invalid parameter "end": end timestamp must not be before start time');
  if (stepMs <= 0) throw promError(name, req, 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((endMs - startMs) / stepMs > PROMETHEUS_MAX_POINTS) {
    throw promError(name, req, 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  }
  return { api: 'prometheus', kind: 'range', expr, startMs, endMs, stepMs };
}

function lokiQuery(name: string, req: HttpRequest, p: Map<string, string>, range: boolean): NativeQuery {
  const expr = p.get('query') ?? '';
  const time = (key: string): bigint | undefined => {
    const text = p.get(key);
    if (text === undefined) return undefined;
    const ns = lokiTimeNs(text);
    if (ns === undefined) throw lokiError(name, req, `could not parse '${key}' parameter: cannot parse "${text}"`);
    return ns;
  };
  if (!range) return { api: 'loki', kind: 'instant', expr, timeNs: time('time') };
  const endNs = time('end') ?? BigInt(Date.now()) * 1_000_000n;
  const startNs = time('start') ?? endNs - LOKI_DEFAULT_SINCE_NS;
  const limitText = p.get('limit');
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw lokiError(name, req, 'limit must be a positive value');
  const direction = (p.get('direction') ?? 'backward').toLowerCase();
  if (direction !== 'forward' && direction !== 'backward') throw lokiError(name, req, `invalid direction '${direction}'`);
  const stepText = p.get('step');
  const defaultStepS = Math.max(Math.floor(Number(endNs - startNs) / 1e9 / LOKI_STEP_DIVISOR), 1);
  const stepMs = stepText === undefined ? defaultStepS * 1000 : stepMsOf(stepText);
  if (stepMs === undefined) throw lokiError(name, req, `could not parse 'step' parameter: cannot parse "${stepText ?? ''}"`);
  return { api: 'loki', kind: 'range', expr, startNs, endNs, stepMs, limit, direction };
}

/** The query `req` asks for, or undefined when its path is not a query endpoint of `type`. */
export function nativeQuery(name: string, type: 'prometheus' | 'loki', req: HttpRequest): NativeQuery | undefined {
  const p = params(req);
  if (type === 'prometheus' && (req.path === '/api/v1/query' || req.path === '/api/v1/query_range')) {
    return prometheusQuery(name, req, p, req.path.endsWith('_range'));
  }
  if (type === 'loki' && (req.path === '/loki/api/v1/query' || req.path === '/loki/api/v1/query_range')) {
    return lokiQuery(name, req, p, req.path.endsWith('_range'));
  }
  return undefined;
}
