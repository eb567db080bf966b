/**
 * Loki's answers, validated at the HTTP boundary and turned into internal shapes: matrix and
 * vector samples as numbers, log entries with BigInt nanosecond timestamps, and the work the
 * query cost (from `data.stats.summary`).
 */
import { z } from 'zod';

/** `"NaN"`, `"+Inf"`, `"-Inf"` or a decimal, as Loki and Prometheus format sample values. */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

const labels = z.record(z.string(), z.string());
const sampleValue = z.string().transform(parseSampleValue);
/** `[seconds, "value"]`, seconds possibly with a fraction. */
const samplePair = z.tuple([z.number(), sampleValue]).transform(([seconds, value]) => ({ ms: Math.round(seconds * 1000), value }));
const tsNs = z
  .string()
  .regex(/^\d{1,20}$/, 'a nanosecond epoch timestamp')
  .transform((s) => BigInt(s));
/** `[tsNs, line]`, or `[tsNs, line, {structuredMetadata, parsed}]` with categorize-labels. */
const entry = z
  .union([z.tuple([tsNs, z.string()]), z.tuple([tsNs, z.string(), z.looseObject({})])])
  .transform(([ts, line]) => ({ tsNs: ts, line }));

const stats = z
  .looseObject({
    summary: z
      .looseObject({
        totalBytesProcessed: z.number().optional(),
        totalLinesProcessed: z.number().optional(),
        totalEntriesReturned: z.number().optional(),
        execTime: z.number().optional(),
      })
      .optional(),
  })
  .optional();

const vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels, value: samplePair })),
  stats,
});
const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(samplePair) })),
  stats,
});
const streams = z.object({
  resultType: z.literal('streams'),
  result: z.array(z.object({ stream: labels, values: z.array(entry) })),
  stats,
});
const scalar = z.object({ resultType: z.literal('scalar'), result: samplePair, stats });

/** The envelope of `/loki/api/v1/query` and `/query_range`. */
export const queryResponseSchema = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [vector, matrix, streams, scalar]),
});

export type QueryResponse = z.output<typeof queryResponseSchema>;
export type QueryData = QueryResponse['data'];
export type VectorSample = z.output<typeof vector>['result'][number];
export type MatrixSeries = z.output<typeof matrix>['result'][number];
export type Stream = z.output<typeof streams>['result'][number];

/** What one query cost Loki, from `data.stats.summary` (0 when a server does not say). */
export interface QueryWork {
  bytesProcessed: number;
  linesProcessed: number;
  entriesReturned: number;
}

/** The cost figures of one answer. */
export function workOf(data: QueryData): QueryWork {
  const summary = data.stats?.summary;
  return {
    bytesProcessed: summary?.totalBytesProcessed ?? 0,
    linesProcessed: summary?.totalLinesProcessed ?? 0,
    entriesReturned: summary?.totalEntriesReturned ?? 0,
  };
}

/** `/loki/api/v1/status/buildinfo`. */
export const buildInfoSchema = z.looseObject({
  version: z.string(),
  revision: z.string().optional(),
  branch: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string().optional(),
});

/** `/loki/api/v1/labels` and `/loki/api/v1/label/<name>/values`. */
export const labelValuesSchema = z.object({
  status: z.literal('success'),
  data: z.array(z.string()).default([]),
});
