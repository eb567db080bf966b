/**
 * The classic dashboard JSON model as `/api/dashboards/uid/<uid>` returns it (schemaVersion
 * 16+: panels, rows that keep their children in `panels` when collapsed, templating, the
 * `__inputs` of exported dashboards). Only what reports read is typed; the rest passes.
 */
import { z } from 'zod';

/** A datasource reference: `{uid, type}`, a legacy name string, or null (the default). */
export const datasourceRefSchema = z.union([z.string(), z.looseObject({ uid: z.string().nullish(), type: z.string().nullish() })]).nullish();

/** A datasource reference as dashboards write it. */
export type DatasourceRefJson = z.output<typeof datasourceRefSchema>;

/** One query of a panel. */
export const targetSchema = z.looseObject({
  refId: z.string().optional(),
  expr: z.string().optional(),
  datasource: datasourceRefSchema,
  hide: z.boolean().optional(),
  legendFormat: z.string().optional(),
  interval: z.string().optional(),
  step: z.string().optional(),
});

/** One query of a panel. */
export type Target = z.output<typeof targetSchema>;

/** A panel; rows are panels of type "row" whose `panels` hold their children while collapsed. */
export interface PanelJson {
  id?: number | undefined;
  title: string;
  type: string;
  datasource?: DatasourceRefJson;
  targets: Target[];
  interval?: string | undefined;
  maxDataPoints?: number | undefined;
  unit?: string | undefined;
  panels: PanelJson[];
}

/** A panel, rows recursively, with the unit lifted out of fieldConfig. */
export const panelSchema: z.ZodType<PanelJson> = z
  .looseObject({
    id: z.number().optional(),
    title: z.string().default(''),
    type: z.string().default(''),
    datasource: datasourceRefSchema,
    targets: z.array(targetSchema).nullish(),
    interval: z.string().nullish(),
    maxDataPoints: z.number().nullish(),
    fieldConfig: z.looseObject({ defaults: z.looseObject({ unit: z.string().optional() }).optional() }).nullish(),
    panels: z.array(z.lazy(() => panelSchema)).nullish(),
  })
  .transform(
    (p): PanelJson => ({
      id: p.id,
      title: p.title,
      type: p.type,
      datasource: p.datasource,
      targets: p.targets ?? [],
      interval: p.interval ?? undefined,
      maxDataPoints: p.maxDataPoints ?? undefined,
      unit: p.fieldConfig?.defaults?.unit,
      panels: p.panels ?? [],
    }),
  );

const valueSchema = z.union([z.string(), z.array(z.string())]).nullish();

/** A templating variable. */
export const variableSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  current: z.looseObject({ text: valueSchema, value: valueSchema }).nullish(),
  options: z.array(z.looseObject({ text: valueSchema, value: valueSchema })).nullish(),
  query: z.unknown().optional(),
  definition: z.string().optional(),
  includeAll: z.boolean().nullish(),
  multi: z.boolean().nullish(),
  allValue: z.string().nullish(),
  datasource: datasourceRefSchema,
});

/** A templating variable. */
export type VariableJson = z.output<typeof variableSchema>;

/** GET /api/dashboards/uid/<uid>. */
export const dashboardResponseSchema = z.object({
  meta: z.looseObject({}).optional(),
  dashboard: z.looseObject({
    title: z.string().default(''),
    uid: z.string().optional(),
    panels: z.array(panelSchema).default([]),
    templating: z.looseObject({ list: z.array(variableSchema).default([]) }).nullish(),
    __inputs: z.array(z.looseObject({ name: z.string(), type: z.string().optional(), pluginId: z.string().optional() })).nullish(),
  }),
});

/** A dashboard as returned by Grafana. */
export type DashboardJson = z.output<typeof dashboardResponseSchema>['dashboard'];
