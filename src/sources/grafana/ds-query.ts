/**
 * One query through `POST /api/ds/query`: the request body in the shape Grafana's own frontend
 * sends (see samples/grafana/ds-query-*.request.json), and the answer for its refId: frames, or
 * the failed result Grafana reports (HTTP 400 with `error`/`errorSource` on the refId).
 */
import { DatasourceError } from '../../errors.js';
import { HttpStatusError, type HttpTransport } from '../../http/types.js';
import { grafanaAuthError, grafanaError, grafanaMessage } from './errors.js';
import { queryDataResponseSchema, type DataResponse, type Frame } from './frame-schema.js';
import { maxDataPointsFor } from './prometheus-step.js';

/** The Grafana datasource queries are sent to. */
export interface DatasourceRef {
  uid: string;
  type: 'prometheus' | 'loki';
}

/** The body of one /api/ds/query request. */
export interface QueryBody {
  queries: Record<string, unknown>[];
  from: string;
  to: string;
}

const REF_ID = 'A';

function refIdOf(body: QueryBody): string {
  const refId = body.queries[0]?.refId;
  return typeof refId === 'string' ? refId : REF_ID;
}

/** A Prometheus range query on the grid start, start + step, ... <= end (utcOffsetSec keeps Grafana from moving start). */
export function prometheusRangeBody(ds: DatasourceRef, expr: string, startMs: number, endMs: number, stepMs: number, utcOffsetSec: number): QueryBody {
  const query = {
    refId: REF_ID,
    datasource: { type: ds.type, uid: ds.uid },
    expr,
    range: true,
    instant: false,
    exemplar: false,
    editorMode: 'code',
    legendFormat: '__auto',
    interval: '',
    intervalMs: stepMs,
    maxDataPoints: maxDataPointsFor(endMs - startMs, stepMs),
    utcOffsetSec,
  };
  return { queries: [query], from: String(startMs), to: String(endMs) };
}

/** A Prometheus instant query at `timeMs` (Grafana evaluates it at `to`), or at Grafana's now. */
export function prometheusInstantBody(ds: DatasourceRef, expr: string, timeMs: number | undefined): QueryBody {
  const at = timeMs === undefined ? 'now' : String(timeMs);
  const query = { refId: REF_ID, datasource: { type: ds.type, uid: ds.uid }, expr, range: false, instant: true, exemplar: false, editorMode: 'code' };
  return { queries: [query], from: at, to: at };
}

/** A Loki query over [fromMs, toMs]; `step` and `maxLines` as Grafana's Loki backend reads them. */
export function lokiBody(
  ds: DatasourceRef,
  expr: string,
  range: { fromMs: number | undefined; toMs: number | undefined },
  options: { queryType: 'range' | 'instant'; stepMs?: number; maxLines?: number; direction?: 'forward' | 'backward' },
): QueryBody {
  const query: Record<string, unknown> = { refId: REF_ID, datasource: { type: ds.type, uid: ds.uid }, expr, queryType: options.queryType, editorMode: 'code' };
  if (options.stepMs !== undefined) query.step = `${options.stepMs}ms`;
  if (options.maxLines !== undefined) query.maxLines = options.maxLines;
  if (options.direction !== undefined) query.direction = options.direction;
  const to = range.toMs === undefined ? 'now' : String(range.toMs);
  return { queries: [query], from: range.fromMs === undefined ? to : String(range.fromMs), to };
}

/** The answer for the query's refId: its frames, or its failure as Grafana reported it. */
export type RefAnswer = { ok: true; frames: Frame[] } | { ok: false; error: string; status: number | undefined; httpStatus: number };

function failedResult(result: DataResponse | undefined, httpStatus: number): RefAnswer | undefined {
  if (result?.error === undefined) return undefined;
  return { ok: false, error: result.error, status: result.status, httpStatus };
}

/** The refId's failure from a 400 body; the body may be cut short, and `error` comes first in a result. */
function failureFrom(error: HttpStatusError, refId: string): RefAnswer | undefined {
  try {
    const parsed = queryDataResponseSchema.safeParse(JSON.parse(error.body));
    if (parsed.success) return failedResult(parsed.data.results[refId], error.status);
  } catch {
    // Truncated: fall through to the text.
  }
  const quoted = JSON.stringify(refId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`"results"\\s*:\\s*\\{\\s*${quoted}\\s*:\\s*\\{\\s*"error"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(error.body);
  if (!m) return undefined;
  const status = /"status"\s*:\s*(\d{3})/.exec(error.body.slice(m.index + m[0].length, m.index + m[0].length + 200));
  const text: unknown = JSON.parse(`"${m[1] ?? ''}"`);
  return { ok: false, error: typeof text === 'string' ? text : '', status: status ? Number(status[1]) : undefined, httpStatus: error.status };
}

/** Sends `body` and returns the refId's answer; Grafana-level failures (auth, unknown uid) throw DatasourceErrors. */
export async function runQuery(grafana: HttpTransport, name: string, ds: DatasourceRef, body: QueryBody, noCache: boolean): Promise<RefAnswer> {
  const what = `queries of the ${ds.type} datasource ${ds.uid}`;
  try {
    const res = await grafana.getJson({ path: '/api/ds/query', method: 'POST', json: body, noCache }, queryDataResponseSchema);
    const result = res.results[refIdOf(body)];
    if (!result) throw new DatasourceError('DATASOURCE_RESPONSE', name, `Grafana (${name}) answered /api/ds/query without a result for refId ${refIdOf(body)}`, { query: what });
    return failedResult(result, 200) ?? { ok: true, frames: result.frames ?? [] };
  } catch (error) {
    const auth = grafanaAuthError(error, name, what);
    if (auth) throw auth;
    if (error instanceof HttpStatusError && error.status === 400) {
      const failure = failureFrom(error, refIdOf(body));
      if (failure) return failure;
    }
    if (error instanceof HttpStatusError && error.status === 404 && grafanaMessage(error.body) === 'Data source not found') {
      throw new DatasourceError('DATASOURCE_UNREACHABLE', name, `Grafana (${name}) has no ${ds.type} datasource with uid "${ds.uid}"`, {
        query: what,
        status: 404,
        cause: error,
        hint: `Set datasources.grafana.datasources.${ds.type} to the uid of the datasource (Connections > Data sources in Grafana, or \`obs-report doctor\`).`,
      });
    }
    throw grafanaError(error, name, what);
  }
}
