/**
 * Data frames written the way grafana-plugin-sdk-go's frame_json.go writes them: schema with
 * typed fields, column-oriented values, time as epoch ms with the sub-ms part in `data.nanos`,
 * NaN/±Inf as null with their row in `data.entities`. Only what Grafana's Prometheus and Loki
 * backends produce is supported.
 */

/** The Go type of a column: time.Time, float64, string or json.RawMessage. */
export type FieldKind = 'time' | 'number' | 'string' | 'json';

/** One column before serialisation; times as nanosecond bigints, JSON cells as values. */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  values: unknown[];
  labels?: Record<string, string>;
  config?: Record<string, unknown>;
}

/** Frame metadata as FrameMeta serialises it (typeVersion always present). */
export interface FrameMeta {
  type?: string;
  typeVersion?: [number, number];
  custom?: Record<string, unknown>;
  stats?: { displayName: string; unit?: string; value: number }[];
  notices?: { severity: string; text: string }[];
  executedQueryString?: string;
}

/** A frame before serialisation. */
export interface FrameSpec {
  name?: string;
  /** Omitted when undefined, as for frames that never went through a datasource query. */
  refId?: string;
  meta?: FrameMeta;
  fields: FieldSpec[];
}

const TYPES: Record<FieldKind, { type: string; frame: string }> = {
  time: { type: 'time', frame: 'time.Time' },
  number: { type: 'number', frame: 'float64' },
  string: { type: 'string', frame: 'string' },
  json: { type: 'other', frame: 'json.RawMessage' },
};

function metaJson(meta: FrameMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (meta.type) out.type = meta.type;
  out.typeVersion = meta.typeVersion ?? [0, 0];
  if (meta.custom) out.custom = meta.custom;
  if (meta.stats && meta.stats.length > 0) out.stats = meta.stats.map((s) => (s.unit ? s : { displayName: s.displayName, value: s.value }));
  if (meta.notices && meta.notices.length > 0) out.notices = meta.notices;
  if (meta.executedQueryString !== undefined) out.executedQueryString = meta.executedQueryString;
  return out;
}

function entityOf(v: number): 'NaN' | 'Inf' | 'NegInf' | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return 'NegInf';
  return undefined;
}

/** The JSON object of one frame. */
export function frameJson(spec: FrameSpec): Record<string, unknown> {
  const schema: Record<string, unknown> = {};
  if (spec.name) schema.name = spec.name;
  if (spec.refId !== undefined) schema.refId = spec.refId;
  if (spec.meta) schema.meta = metaJson(spec.meta);
  schema.fields = spec.fields.map((f) => {
    const out: Record<string, unknown> = { name: f.name, type: TYPES[f.kind].type, typeInfo: { frame: TYPES[f.kind].frame } };
    if (f.labels) out.labels = f.labels;
    if (f.config) out.config = f.config;
    return out;
  });
  const values: unknown[][] = [];
  const entities: (Record<string, number[]> | null)[] = [];
  const nanos: (number[] | null)[] = [];
  for (const field of spec.fields) {
    let fieldEntities: Record<string, number[]> | null = null;
    let fieldNanos: number[] | null = null;
    values.push(
      field.values.map((v, row) => {
        if (field.kind === 'time') {
          const ns = typeof v === 'bigint' ? v : BigInt(Number(v));
          const sub = Number(ns % 1_000_000n);
          if (sub !== 0) (fieldNanos ??= field.values.map(() => 0))[row] = sub;
          return Number(ns / 1_000_000n);
        }
        if (field.kind === 'number' && typeof v === 'number') {
          const entity = entityOf(v);
          if (!entity) return v;
          ((fieldEntities ??= {})[entity] ??= []).push(row);
          return null;
        }
        return v;
      }),
    );
    entities.push(fieldEntities);
    nanos.push(fieldNanos);
  }
  const data: Record<string, unknown> = { values };
  if (entities.some((e) => e !== null)) data.entities = entities;
  if (nanos.some((n) => n !== null)) data.nanos = nanos;
  return { schema, data };
}
