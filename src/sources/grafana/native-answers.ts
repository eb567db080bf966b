/**
 * The native answer to one Prometheus or Loki query, asked of Grafana: which /api/ds/query
 * bodies to send (several for a Prometheus range Grafana would otherwise coarsen, several for
 * a log page cut at sub-millisecond bounds) and how the frames become the native body.
 */
import { DatasourceError } from '../../errors.js';
import { lokiBody, prometheusInstantBody, prometheusRangeBody, type DatasourceRef, type QueryBody } from './ds-query.js';
import type { Frame } from './frame-schema.js';
import { ceilMs, floorMs, readLogPage } from './log-window.js';
import { isLogsFrame, labelsKey, lokiMetricAnswer, lokiStreamsAnswer, type LokiBody } from './loki-answer.js';
import type { NativeQuery } from './native-request.js';
import { prometheusAnswer, type PrometheusBody } from './prometheus-answer.js';
import { alignmentOffsetSec, gridParts } from './prometheus-step.js';

/** Sends one body to Grafana and returns the frames of its refId (failures already thrown). */
export type Ask = (body: QueryBody) => Promise<Frame[]>;

type Query<A extends string, K extends string> = Extract<NativeQuery, { api: A; kind: K }>;

/** Grafana states the step it used on each series' time field; another step than asked would move every point. */
function checkStep(name: string, frames: readonly Frame[], stepMs: number, expr: string): void {
  for (const frame of frames) {
    const used = frame.schema.fields[0]?.config?.interval;
    if (frame.schema.fields.length < 2 || used === undefined || used === stepMs) continue;
    throw new DatasourceError('DATASOURCE_RESPONSE', name, `Grafana (${name}) evaluated ${expr} every ${used} ms instead of every ${stepMs} ms`, {
      query: expr,
      hint: 'Check the datasource\'s "Min interval" / query options in Grafana, or query the datasource directly.',
    });
  }
}

/** Joins the matrices of consecutive parts of one range: series by label set, samples in time order. */
function mergeMatrices(bodies: PrometheusBody[]): PrometheusBody {
  const [first] = bodies;
  if (bodies.length === 1 && first) return first;
  const series = new Map<string, { metric: Record<string, string>; values: [number, string][] }>();
  for (const body of bodies) {
    if (body.data.resultType !== 'matrix') continue;
    for (const s of body.data.result) {
      const found = series.get(labelsKey(s.metric));
      if (found) found.values.push(...s.values);
      else series.set(labelsKey(s.metric), { metric: s.metric, values: [...s.values] });
    }
  }
  return { status: 'success', data: { resultType: 'matrix', result: [...series.values()] } };
}

/** A Prometheus instant or range query. */
export async function prometheusAnswerFor(name: string, ds: DatasourceRef, q: Query<'prometheus', string>, ask: Ask): Promise<PrometheusBody> {
  if (q.kind === 'instant') return prometheusAnswer(await ask(prometheusInstantBody(ds, q.expr, q.timeMs)), 'vector');
  const offset = alignmentOffsetSec(q.startMs, q.stepMs);
  if (offset === null) {
    throw new DatasourceError('DATASOURCE_QUERY', name, `Grafana cannot evaluate ${q.expr} from ${q.startMs} ms every ${q.stepMs} ms: it aligns range queries to whole seconds`, {
      query: q.expr,
      hint: 'Use windows that start on a whole second (report periods always do), or query the datasource directly.',
    });
  }
  const parts = gridParts(q.startMs, q.endMs, q.stepMs);
  const answers = await Promise.all(parts.map((p) => ask(prometheusRangeBody(ds, q.expr, p.start, p.end, q.stepMs, offset))));
  answers.forEach((frames) => checkStep(name, frames, q.stepMs, q.expr));
  return mergeMatrices(answers.map((frames) => prometheusAnswer(frames, 'matrix')));
}

/** A Loki instant (metric) query, or a range query that may turn out to be a log query. */
export async function lokiAnswerFor(name: string, ds: DatasourceRef, q: Query<'loki', string>, ask: Ask, categorize: boolean): Promise<LokiBody> {
  if (q.kind === 'instant') {
    const at = q.timeNs === undefined ? undefined : floorMs(q.timeNs);
    return lokiMetricAnswer(await ask(lokiBody(ds, q.expr, { fromMs: at, toMs: at }, { queryType: 'instant' })), 'vector');
  }
  const fetch = (range: { fromMs: number; toMs: number }, maxLines: number | undefined): Promise<Frame[]> =>
    ask(lokiBody(ds, q.expr, range, { queryType: 'range', stepMs: q.stepMs, maxLines, direction: q.direction }));
  const first = await fetch({ fromMs: floorMs(q.startNs), toMs: ceilMs(q.endNs) }, q.limit);
  if (!first.some(isLogsFrame)) {
    checkStep(name, first, q.stepMs, q.expr);
    return lokiMetricAnswer(first, 'matrix');
  }
  const { rows, stats } = await readLogPage(name, q, first, fetch);
  return lokiStreamsAnswer(rows, stats, categorize && rows.every((r) => r.labelTypes !== undefined));
}

const LOKI_RESOURCES = /^\/loki\/api\/v1\/((labels|series|index\/stats|index\/volume)|label\/[^/]+\/values)$/;

/** The path below /api/datasources/uid/<uid>/resources/ for a read-only API path, if Grafana proxies it. */
export function resourcePath(ds: DatasourceRef, path: string): string | undefined {
  if (ds.type === 'prometheus') return path.startsWith('/api/v1/') ? path.slice(1) : undefined;
  const m = LOKI_RESOURCES.exec(path);
  return m ? m[1] : undefined;
}
