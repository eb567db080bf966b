/**
 * Grafana's data-frame JSON (grafana-plugin-sdk-go data/frame_json.go) and the envelope of
 * `POST /api/ds/query`, validated at the boundary. Frames are column-oriented: `schema.fields`
 * describes each column, `data.values` holds them; time columns are epoch ms with the sub-ms
 * remainder in `data.nanos`, and NaN/Inf travel as null plus an `entities` index.
 */
import { z } from 'zod';

const labels = z.record(z.string(), z.string());

/** One column's description. */
export const fieldSchema = z.looseObject({
  name: z.string().default(''),
  type: z.string().optional(),
  typeInfo: z.looseObject({ frame: z.string().optional(), nullable: z.boolean().optional() }).optional(),
  labels: labels.nullish(),
  config: z
    .looseObject({ displayNameFromDS: z.string().optional(), interval: z.number().optional() })
    .nullish(),
});

const entities = z.looseObject({
  NaN: z.array(z.number().int()).optional(),
  Inf: z.array(z.number().int()).optional(),
  NegInf: z.array(z.number().int()).optional(),
});

/** A query statistic, e.g. Loki's "Summary: total lines processed". */
export const queryStatSchema = z.looseObject({ displayName: z.string().optional(), unit: z.string().optional(), value: z.number() });

const notice = z.looseObject({ severity: z.string().optional(), text: z.string() });

/** Frame metadata the conversions read; everything else is kept loosely. */
export const frameMetaSchema = z.looseObject({
  type: z.string().optional(),
  typeVersion: z.array(z.number()).optional(),
  custom: z.record(z.string(), z.unknown()).nullish(),
  stats: z.array(queryStatSchema).nullish(),
  notices: z.array(notice).nullish(),
  executedQueryString: z.string().optional(),
});

/** One data frame as Grafana serialises it. */
export const frameSchema = z
  .looseObject({
    schema: z.looseObject({
      name: z.string().optional(),
      refId: z.string().optional(),
      meta: frameMetaSchema.nullish(),
      fields: z.array(fieldSchema).default([]),
    }),
    data: z
      .looseObject({
        values: z.array(z.array(z.unknown())).default([]),
        entities: z.array(entities.nullable()).nullish(),
        nanos: z.array(z.array(z.number().int()).nullable()).nullish(),
      })
      .default({ values: [] }),
  })
  .superRefine((frame, ctx) => {
    const { fields } = frame.schema;
    const { values } = frame.data;
    if (values.length !== fields.length) {
      ctx.addIssue({ code: 'custom', path: ['data', 'values'], message: `${values.length} columns for ${fields.length} fields` });
      return;
    }
    const rows = values[0]?.length ?? 0;
    values.forEach((column, i) => {
      if (column.length !== rows) ctx.addIssue({ code: 'custom', path: ['data', 'values', i], message: `column has ${column.length} rows, not ${rows}` });
    });
  });

/** A data frame. */
export type Frame = z.output<typeof frameSchema>;
/** One column's description. */
export type FrameField = z.output<typeof fieldSchema>;

/** The answer for one refId. */
export const dataResponseSchema = z.looseObject({
  status: z.number().int().optional(),
  error: z.string().optional(),
  errorSource: z.string().optional(),
  frames: z.array(frameSchema).nullish(),
});

/** The answer for one refId. */
export type DataResponse = z.output<typeof dataResponseSchema>;

/** `{"results": {"<refId>": {...}}}`: the body of /api/ds/query, on 200 and on a partial-failure 400. */
export const queryDataResponseSchema = z.object({ results: z.record(z.string(), dataResponseSchema) });
