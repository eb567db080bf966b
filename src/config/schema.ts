/**
 * reports.config.yaml, version 1. Every option is documented here with `.describe()`; the
 * same text reaches editors through the generated JSON Schema (reports.config.schema.json).
 * Objects are strict: an unknown key is an error that names it, so typos never pass silently.
 */
import { z } from 'zod';
import { isValidTimeZone } from '../time/window.js';

const timeZone = z
  .string()
  .refine(isValidTimeZone, { message: 'not an IANA time zone; write one such as Europe/Berlin, America/New_York or UTC' })
  .describe('IANA time zone name, e.g. Europe/Berlin.');

const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL, e.g. http://localhost:3100')
  .describe('Base URL, without a trailing API path.');

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_", starting with a letter or digit');

export const reportKinds = ['usage', 'adoption', 'health', 'journeys', 'user'] as const;
export const outputFormats = ['pdf', 'html', 'json', 'pptx', 'xlsx', 'csv'] as const;

const auth = z
  .strictObject({
    bearer: z.string().min(1).optional().describe('Bearer token, sent as `Authorization: Bearer <token>`. Use ${ENV_VAR}.'),
    basic: z
      .strictObject({
        username: z.string().min(1).describe('User name.'),
        password: z.string().describe('Password. Use ${ENV_VAR}.'),
      })
      .optional()
      .describe('HTTP basic auth.'),
    headers: z.record(z.string(), z.string()).optional().describe('Extra request headers, e.g. for an auth proxy.'),
  })
  .refine((a) => !(a.bearer && a.basic), { message: 'choose either bearer or basic, not both' })
  .describe('How to authenticate. Secrets belong in environment variables: write ${NAME}.');

const tls = z
  .strictObject({
    caFile: z.string().optional().describe('PEM file with the CA certificates to trust.'),
    certFile: z.string().optional().describe('Client certificate (PEM) for mutual TLS.'),
    keyFile: z.string().optional().describe('Client key (PEM) for mutual TLS.'),
    insecureSkipVerify: z
      .boolean()
      .default(false)
      .describe('Skip server certificate checks. Only for throw-away test setups.'),
  })
  .describe('TLS options for https:// URLs.');

const httpOptions = {
  url: httpUrl,
  auth: auth.optional(),
  tls: tls.optional(),
  timeoutMs: z.number().int().positive().default(30_000).describe('Timeout of one request, in ms.'),
  retries: z.number().int().min(0).max(10).default(3).describe('Retries on 429, 502, 503, 504 and connection errors.'),
  concurrency: z.number().int().min(1).max(64).default(4).describe('Requests in flight at once to this datasource.'),
};

const prometheus = z
  .strictObject({
    ...httpOptions,
    tenant: z.string().optional().describe('X-Scope-OrgID for multi-tenant Mimir or Cortex.'),
    stepSeconds: z.number().int().positive().default(60).describe('Resolution of up/down intervals, in seconds.'),
  })
  .describe('Prometheus, or a Prometheus-compatible API (Mimir, Thanos, Cortex).');

const loki = z
  .strictObject({
    ...httpOptions,
    tenant: z.string().optional().describe('X-Scope-OrgID for multi-tenant Loki; `fake` when auth is disabled.'),
    maxEntriesPerQuery: z
      .number()
      .int()
      .positive()
      .default(5000)
      .describe("Loki's max_entries_limit_per_query; pages are never larger."),
    maxSeriesPerQuery: z.number().int().positive().default(500).describe("Loki's max_query_series."),
    maxQueryLengthHours: z.number().positive().default(721).describe("Loki's max_query_length in hours (30d1h = 721)."),
    maxRawEvents: z
      .number()
      .int()
      .positive()
      .default(2_000_000)
      .describe('Most raw events (session starts) one report may pull; beyond it the report asks for a narrower window.'),
  })
  .describe('Loki, for activity from logs.');

const grafana = z
  .strictObject({
    ...httpOptions,
    datasources: z
      .strictObject({
        prometheus: z.string().optional().describe('uid of the Prometheus datasource to query through Grafana.'),
        loki: z.string().optional().describe('uid of the Loki datasource to query through Grafana.'),
      })
      .default({})
      .describe('Datasource uids, for teams that reach Prometheus and Loki only through Grafana.'),
    dashboards: z
      .array(z.string())
      .default([])
      .describe('Dashboard uids to include as native sections.'),
  })
  .describe('Grafana HTTP API with a service-account token.');

const kafka = z
  .strictObject({
    brokers: z.array(z.string().min(1)).min(1).describe('Bootstrap brokers, host:port.'),
    topic: z.string().min(1).describe('Topic with one JSON app event per message (key = user).'),
    clientId: z.string().default('obs-report').describe('Kafka client id.'),
    ssl: z.boolean().default(false).describe('Use TLS.'),
    sasl: z
      .strictObject({
        mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).describe('SASL mechanism.'),
        username: z.string().describe('SASL user.'),
        password: z.string().describe('SASL password. Use ${ENV_VAR}.'),
      })
      .optional()
      .describe('SASL authentication.'),
  })
  .describe('Kafka, for activity read from an event topic.');

const demo = z
  .strictObject({
    seed: z.number().int().default(42).describe('Seed of the simulated organisation: same seed, same data.'),
    users: z.number().int().min(10).max(200_000).default(500).describe('Number of simulated users.'),
    historyDays: z.number().int().min(7).max(730).default(120).describe('Days of simulated history before now.'),
  })
  .describe('The built-in simulated organisation (used with --demo).');

export const datasourceKinds = ['prometheus', 'loki', 'grafana', 'kafka', 'demo'] as const;

const datasources = z
  .strictObject({
    prometheus: prometheus.optional(),
    loki: loki.optional(),
    grafana: grafana.optional(),
    kafka: kafka.optional(),
    demo: demo.default({ seed: 42, users: 500, historyDays: 120 }),
  })
  .describe('Where the data comes from.');

const sources = z
  .strictObject({
    activity: z
      .enum(['loki', 'kafka', 'grafana', 'demo'])
      .optional()
      .describe('Who answers activity questions; default: loki if configured, else demo only with --demo.'),
    metrics: z
      .enum(['prometheus', 'grafana', 'demo'])
      .optional()
      .describe('Who answers health questions; default: prometheus if configured.'),
    annotations: z.enum(['grafana', 'demo', 'none']).optional().describe('Where deploy/incident annotations come from.'),
  })
  .default({})
  .describe('Which datasource answers which kind of question.');

const fields = z
  .strictObject({
    user: z.string().default('user').describe('JSON field with the pseudonymous user id.'),
    session: z.string().default('session').describe('JSON field with the session id.'),
    event: z.string().default('event').describe('JSON field with the event name.'),
    feature: z.string().default('feature').describe('JSON field with the feature name of feature_used events.'),
    level: z.string().default('level').describe('JSON field with the log level.'),
    duration: z.string().default('duration_ms').describe('JSON field with a duration in ms.'),
    instance: z.string().default('instance').describe('JSON field naming the app instance in app_start/app_stop.'),
  })
  .describe('Field names in the app\'s JSON log lines, when they differ from the conventions.');

const promQueries = z
  .strictObject({
    up: z.string().optional().describe('PromQL for availability, 1 = up. Default: up{job="<job>"}.'),
    processStart: z.string().optional().describe('PromQL of process start times. Default: process_start_time_seconds{job="<job>"}.'),
    requests: z.string().optional().describe('PromQL counter of requests. Default: http_requests_total{job="<job>"}.'),
    latencyBucket: z
      .string()
      .optional()
      .describe('PromQL histogram buckets of latency in seconds. Default: http_request_duration_seconds_bucket{job="<job>"}.'),
  })
  .describe('Override any PromQL selector obs-report sends for this app.');

export const appSchema = z
  .strictObject({
    id: id.describe('Short id used on the command line (--app) and in file names.'),
    name: z.string().min(1).describe('Display name in reports.'),
    description: z.string().optional().describe('One line about the app, shown on the cover.'),
    loki: z
      .strictObject({
        selector: z
          .string()
          .regex(/^\{.*\}$/, 'a LogQL stream selector in braces, e.g. {app="dice", env="prod"}')
          .describe('LogQL stream selector of the app\'s logs.'),
        parser: z.enum(['json', 'logfmt']).default('json').describe('How log lines are parsed.'),
      })
      .optional()
      .describe('Where the app\'s logs are in Loki. Default: {app="<id>"} with json.'),
    prometheus: z
      .strictObject({
        job: z.string().min(1).describe('Prometheus job label of the app.'),
        queries: promQueries.optional(),
      })
      .optional()
      .describe('Where the app\'s metrics are. Default: job="<id>".'),
    fields: fields.default({
      user: 'user',
      session: 'session',
      event: 'event',
      feature: 'feature',
      level: 'level',
      duration: 'duration_ms',
      instance: 'instance',
    }),
    features: z.array(z.string().min(1)).default([]).describe('Known features, so features nobody used can be listed.'),
  })
  .describe('An app to report on.');

const period = z
  .string()
  .regex(
    /^(last-\d+d|last-week|last-month|this-week|this-month|yesterday|\d{4}-\d{2}|\d{4}-W\d{2}|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/,
    'write last-7d, last-30d, last-week, last-month, this-week, this-month, yesterday, YYYY-MM, YYYY-Www or YYYY-MM-DD..YYYY-MM-DD',
  )
  .describe('Which period a report covers.');

export const reportSchema = z
  .strictObject({
    id: id.describe('Report id, used by stakeholders and schedules.'),
    kind: z.enum(reportKinds).describe('usage (one app), adoption (all apps), health, journeys, user.'),
    apps: z.array(z.string()).default([]).describe('App ids; empty means all apps.'),
    period: period.default('last-7d'),
    formats: z.array(z.enum(outputFormats)).min(1).default(['pdf']).describe('Output formats.'),
    template: z.string().optional().describe('Template name (built-in) or folder path.'),
    title: z.string().optional().describe('Title on the cover; default depends on the kind.'),
    dashboards: z.array(z.string()).optional().describe('Grafana dashboard uids whose panels become sections of this report.'),
  })
  .describe('A report definition.');

const stakeholder = z
  .strictObject({
    name: z.string().min(1).describe('Name, used with --stakeholder.'),
    email: z.email().describe('Where reports are sent.'),
    apps: z.array(z.string()).default([]).describe('Apps they care about; empty means all.'),
    reports: z.array(z.enum(reportKinds)).min(1).describe('Report kinds they receive.'),
    formats: z.array(z.enum(outputFormats)).min(1).default(['pdf']).describe('Formats they receive.'),
    template: z.string().optional().describe('Template for their reports.'),
  })
  .describe('A person who receives reports.');

const schedule = z
  .strictObject({
    id: id.describe('Job id, used by `obs-report run <id>`.'),
    cron: z.string().optional().describe('Cron expression (5 or 6 fields), in `timezone`.'),
    preset: z
      .enum(['daily', 'weekly', 'monthly', 'weekdays', 'month-end'])
      .optional()
      .describe('A preset instead of a cron expression.'),
    at: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM').default('07:00').describe('Time of day for presets.'),
    weekday: z
      .enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
      .default('monday')
      .describe('Day of the week for the weekly preset.'),
    timezone: timeZone.optional(),
    reports: z.array(z.string()).default([]).describe('Report ids to generate.'),
    stakeholders: z.array(z.string()).default([]).describe('Stakeholder names to deliver to; empty means all who get these reports.'),
    period: period.optional().describe('Period covered; default follows the preset (daily: yesterday, weekly: last-week, monthly: last-month).'),
  })
  .refine((s) => (s.cron === undefined) !== (s.preset === undefined), { message: 'set exactly one of cron or preset' })
  .describe('When reports are generated and sent.');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema reference, for editors.'),
    version: z.literal(1).describe('Config format version. Only 1 exists.'),
    timezone: timeZone.default('UTC'),
    datasources: datasources.default({ demo: { seed: 42, users: 500, historyDays: 120 } }),
    sources,
    apps: z.array(appSchema).min(1).describe('The apps reported on.'),
    reports: z.array(reportSchema).default([]),
    stakeholders: z.array(stakeholder).default([]),
    schedules: z.array(schedule).default([]),
    output: z
      .strictObject({
        dir: z.string().default('out').describe('Where files are written.'),
        pageSize: z.enum(['A4', 'Letter']).default('A4').describe('PDF page size.'),
        orientation: z.enum(['portrait', 'landscape']).default('portrait').describe('PDF orientation.'),
      })
      .default({ dir: 'out', pageSize: 'A4', orientation: 'portrait' }),
    analytics: z
      .strictObject({
        sessionGapMinutes: z.number().positive().default(30).describe('Idle time that ends a session without a session id.'),
        journeyGapMinutes: z
          .number()
          .positive()
          .default(120)
          .describe('A next session within this many minutes counts as a transition between apps.'),
        historyDays: z
          .number()
          .int()
          .min(0)
          .max(365)
          .default(90)
          .describe('How far back to look for a user\'s first event (new vs returning).'),
        topN: z.number().int().min(3).max(100).default(10).describe('Rows in "top" tables.'),
      })
      .default({ sessionGapMinutes: 30, journeyGapMinutes: 120, historyDays: 90, topN: 10 }),
    privacy: z
      .strictObject({
        pseudonymize: z.boolean().default(false).describe('Replace user ids in outputs by a keyed hash.'),
        key: z.string().optional().describe('Secret key of the hash. Use ${ENV_VAR}.'),
      })
      .refine((p) => !p.pseudonymize || (p.key !== undefined && p.key.length >= 16), {
        message: 'pseudonymize needs a key of at least 16 characters; set key: ${OBS_REPORT_PSEUDONYM_KEY}',
      })
      .default({ pseudonymize: false }),
    templates: z
      .strictObject({
        dir: z.string().optional().describe('Folder whose files override the built-in templates by name.'),
        default: z.string().default('default').describe('Template used when a report names none.'),
      })
      .default({ default: 'default' }),
  })
  .describe('obs-report configuration.');

export type Config = z.output<typeof configSchema>;
export type AppConfig = z.output<typeof appSchema>;
export type ReportConfig = z.output<typeof reportSchema>;
export type ReportKindName = (typeof reportKinds)[number];
export type OutputFormat = (typeof outputFormats)[number];
export type LokiConfig = z.output<typeof loki>;
export type PrometheusConfig = z.output<typeof prometheus>;
export type GrafanaConfig = z.output<typeof grafana>;
export type KafkaConfig = z.output<typeof kafka>;
export type DemoConfig = z.output<typeof demo>;
