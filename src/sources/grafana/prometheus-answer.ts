/**
 * Rebuilds the body Prometheus itself would have sent from Grafana's frames for one refId:
 * one frame per series (`Time` + a number field carrying the series labels), the result type
 * in `meta.custom.resultType`, warnings in `meta.notices`. Values go back to Prometheus' text
 * form, so "NaN" and "+Inf" survive.
 */
import { FrameShapeError, numberColumn, stringColumn, timeColumnMs } from './frame-columns.js';
import type { Frame } from './frame-schema.js';
import { goFloat } from './go-format.js';

/** A sample pair as Prometheus writes it: `[seconds, "value"]`. */
export type SamplePair = [number, string];

/** What a successful /api/v1/query or /api/v1/query_range answer holds. */
export interface PrometheusBody {
  status: 'success';
  data:
    | { resultType: 'vector'; result: { metric: Record<string, string>; value: SamplePair }[] }
    | { resultType: 'matrix'; result: { metric: Record<string, string>; values: SamplePair[] }[] }
    | { resultType: 'scalar'; result: SamplePair }
    | { resultType: 'string'; result: [number, string] };
  warnings?: string[];
  infos?: string[];
}

type ResultType = PrometheusBody['data']['resultType'];

function resultTypeOf(frame: Frame): string | undefined {
  const value = frame.schema.meta?.custom?.resultType;
  return typeof value === 'string' ? value : undefined;
}

const RESULT_TYPES: readonly string[] = ['vector', 'matrix', 'scalar', 'string'] satisfies ResultType[];

function isResultType(type: string): type is ResultType {
  return RESULT_TYPES.includes(type);
}

/**
 * The samples of a series frame (`Time` + one number field) as `[seconds, "value"]`; a null
 * without an entity is a gap, where the backend had no sample. Shared by Prometheus and Loki.
 */
export function seriesPairs(frame: Frame): SamplePair[] {
  const [time, value] = frame.schema.fields;
  if (frame.schema.meta?.type === 'heatmap-cells') throw new FrameShapeError('native histograms cannot be read through Grafana');
  if (time?.type !== 'time' || value?.type !== 'number') throw new FrameShapeError('a series frame needs a time field and a number field');
  const times = timeColumnMs(frame, 0);
  const values = numberColumn(frame, 1);
  const out: SamplePair[] = [];
  times.forEach((t, row) => {
    const v = values[row];
    if (v !== null && v !== undefined) out.push([t / 1000, goFloat(v)]);
  });
  return out;
}

/** The series labels, carried by the value field. */
export function labelsOf(frame: Frame): Record<string, string> {
  return { ...(frame.schema.fields[1]?.labels ?? {}) };
}

function notices(frames: readonly Frame[], severity: string): string[] | undefined {
  const texts = (frames[0]?.schema.meta?.notices ?? []).filter((n) => n.severity === severity).map((n) => n.text);
  return texts.length > 0 ? texts : undefined;
}

function stringResult(frame: Frame | undefined): [number, string] {
  const [t] = frame ? timeColumnMs(frame, 0) : [];
  const [text] = frame ? stringColumn(frame, 1) : [];
  if (t === undefined || text === undefined) throw new FrameShapeError('a string answer without a value');
  return [t / 1000, text];
}

function dataOf(type: ResultType, series: readonly Frame[]): PrometheusBody['data'] {
  switch (type) {
    case 'vector':
      return { resultType: type, result: series.flatMap((f) => seriesPairs(f).slice(0, 1).map((value) => ({ metric: labelsOf(f), value }))) };
    case 'matrix':
      return { resultType: type, result: series.map((f) => ({ metric: labelsOf(f), values: seriesPairs(f) })) };
    case 'scalar': {
      const value = series[0] ? seriesPairs(series[0])[0] : undefined;
      if (!value) throw new FrameShapeError('a scalar answer without a value');
      return { resultType: type, result: value };
    }
    case 'string':
      return { resultType: type, result: stringResult(series[0]) };
  }
}

/** The Prometheus answer for `frames`; `requested` is the endpoint's natural result type, used when the frames do not say. */
export function prometheusAnswer(frames: readonly Frame[], requested: 'vector' | 'matrix'): PrometheusBody {
  // Grafana adds a field-less frame to carry metadata when there are no series.
  const series = frames.filter((f) => f.schema.fields.length >= 2 && resultTypeOf(f) !== 'exemplar');
  const type = series.map(resultTypeOf).find((t) => t !== undefined) ?? requested;
  if (!isResultType(type)) throw new FrameShapeError(`unknown result type "${type}"`);
  const body: PrometheusBody = { status: 'success', data: dataOf(type, series) };
  const warnings = notices(frames, 'warning');
  const infos = notices(frames, 'info');
  if (warnings) body.warnings = warnings;
  if (infos) body.infos = infos;
  return body;
}
