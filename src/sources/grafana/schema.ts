/**
 * Grafana HTTP API answers (other than data frames), validated at the boundary: health,
 * datasources, search, annotations and Grafana-managed alert rules. Only the fields obs-report
 * reads are required; the rest passes loosely, as they vary across 11.x/12.x.
 */
import { z } from 'zod';

/** GET /api/health (version and commit are hidden when `hide_version` is set). */
export const healthSchema = z.looseObject({ database: z.string(), version: z.string().optional(), commit: z.string().optional() });

/** GET /api/datasources: one entry. */
export const datasourceSchema = z.looseObject({
  id: z.number().optional(),
  uid: z.string(),
  name: z.string(),
  type: z.string(),
  url: z.string().optional(),
  isDefault: z.boolean().default(false),
  jsonData: z.record(z.string(), z.unknown()).optional(),
});

/** A datasource configured in Grafana. */
export type GrafanaDatasource = z.output<typeof datasourceSchema>;

/** GET /api/datasources. */
export const datasourcesSchema = z.array(datasourceSchema);

/** GET /api/search. */
export const searchSchema = z.array(z.looseObject({ uid: z.string(), title: z.string(), type: z.string().optional() }));

/** GET /api/annotations: one item (ItemDTO); `timeEnd` equals `time` for a point. */
export const annotationItemSchema = z.looseObject({
  id: z.number(),
  alertId: z.number().default(0),
  dashboardUID: z.string().nullish(),
  panelId: z.number().nullish(),
  time: z.number(),
  timeEnd: z.number().nullish(),
  text: z.string().default(''),
  tags: z.array(z.string()).nullish(),
  newState: z.string().nullish(),
  prevState: z.string().nullish(),
});

/** One annotation as Grafana returns it. */
export type AnnotationItem = z.output<typeof annotationItemSchema>;

/** GET /api/annotations. */
export const annotationsSchema = z.array(annotationItemSchema);

const labels = z.record(z.string(), z.string());

/** One rule of /api/prometheus/grafana/api/v1/rules (Prometheus rule format with Grafana's additions). */
export const promRuleSchema = z.looseObject({
  name: z.string(),
  uid: z.string().optional(),
  state: z.string().optional(),
  health: z.string().default(''),
  type: z.string().optional(),
  labels: labels.nullish(),
  activeAt: z.string().optional(),
  alerts: z.array(z.looseObject({ state: z.string(), activeAt: z.string().optional(), labels: labels.nullish() })).nullish(),
});

/** GET /api/prometheus/grafana/api/v1/rules. */
export const promRulesSchema = z.object({
  status: z.literal('success'),
  data: z.looseObject({
    groups: z.array(z.looseObject({ name: z.string(), file: z.string(), rules: z.array(promRuleSchema) })),
  }),
});

/** GET /api/v1/provisioning/alert-rules (only the fields used: id -> uid and title). */
export const provisionedRulesSchema = z.array(z.looseObject({ id: z.number(), uid: z.string(), title: z.string() }));
