/**
 * Prometheus HTTP API responses, validated at the boundary and turned into internal types.
 * The same API is served by Mimir, Thanos and Cortex. Sample values travel as strings so that
 * "NaN", "+Inf" and "-Inf" survive JSON; timestamps are float seconds.
 */
import { z } from 'zod';

/** One sample: epoch ms and value (NaN and +/-Inf kept). */
export interface Sample {
  t: number;
  v: number;
}

/** One series: its labels and samples in time order. */
export interface Series {
  labels: Record<string, string>;
  samples: Sample[];
}

/** A query result: vector, matrix and scalar become series (a scalar is one unlabelled series). */
export type QueryResult =
  | { resultType: 'vector' | 'matrix' | 'scalar'; series: Series[] }
  | { resultType: 'string'; t: number; text: string };

/** Parses Prometheus' text form of a float ("1.5", "NaN", "+Inf", "-Inf"). */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  return Number(text);
}

const sampleValue = z
  .string()
  .refine((s) => s === 'NaN' || !Number.isNaN(parseSampleValue(s)), { message: 'not a Prometheus sample value' })
  .transform(parseSampleValue);

/** `[seconds, "value"]` -> Sample. */
const samplePair = z.tuple([z.number(), sampleValue]).transform(([t, v]): Sample => ({ t: Math.round(t * 1000), v }));

const labels = z.record(z.string(), z.string());

const vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels, value: samplePair })),
});

const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(samplePair) })),
});

const scalar = z.object({ resultType: z.literal('scalar'), result: samplePair });

const string = z.object({ resultType: z.literal('string'), result: z.tuple([z.number(), z.string()]) });

/** Success envelope of /api/v1/query and /api/v1/query_range, as a QueryResult. */
export const queryResponseSchema = z
  .object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [vector, matrix, scalar, string]),
    warnings: z.array(z.string()).optional(),
  })
  .transform(({ data }): QueryResult => {
    switch (data.resultType) {
      case 'vector':
        return { resultType: 'vector', series: data.result.map((r) => ({ labels: r.metric, samples: [r.value] })) };
      case 'matrix':
        return { resultType: 'matrix', series: data.result.map((r) => ({ labels: r.metric, samples: r.values })) };
      case 'scalar':
        return { resultType: 'scalar', series: [{ labels: {}, samples: [data.result] }] };
      case 'string':
        return { resultType: 'string', t: Math.round(data.result[0] * 1000), text: data.result[1] };
    }
  });

/** Error envelope: `{"status":"error","errorType":"bad_data","error":"..."}`. */
export const errorResponseSchema = z.object({
  status: z.literal('error'),
  errorType: z.string(),
  error: z.string(),
});

/** A Prometheus error answer. */
export type ErrorResponse = z.output<typeof errorResponseSchema>;

/** `/api/v1/status/buildinfo`. */
export const buildInfoSchema = z
  .object({
    status: z.literal('success'),
    data: z.object({
      version: z.string(),
      revision: z.string().optional(),
      branch: z.string().optional(),
      goVersion: z.string().optional(),
    }),
  })
  .transform(({ data }) => data);

/** `/api/v1/label/<name>/values`: the values. */
export const labelValuesSchema = z.object({ status: z.literal('success'), data: z.array(z.string()) }).transform(({ data }) => data);

/** `/api/v1/series`: label sets. */
export const seriesSchema = z.object({ status: z.literal('success'), data: z.array(labels) }).transform(({ data }) => data);
