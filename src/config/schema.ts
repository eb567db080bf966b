/**
 * reports.config.yaml, version 1. Every option is documented here with `.describe()`; the
 * same text reaches editors through the generated JSON Schema (reports.config.schema.json).
 * Objects are strict: an unknown key is an error that names it, so typos never pass silently.
 */
import { z } from 'zod';
import { cronProblem, schedulePresets } from '../schedule/expression.js';
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

/** Requests in flight at once to a datasource. */
const concurrency = (byDefault: number, description: string) => z.number().int().min(1).max(64).default(byDefault).describe(description);

const httpOptions = {
  url: httpUrl,
  auth: auth.optional(),
  tls: tls.optional(),
  timeoutMs: z.number().int().positive().default(30_000).describe('Timeout of one request, in ms.'),
  retries: z.number().int().min(0).max(10).default(3).describe('Retries on 429, 502, 503, 504 and connection errors (a connection the server closes 5 s or more after the request: one retry at most).'),
  concurrency: concurrency(4, 'Requests in flight at once to this datasource.'),
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
    concurrency: concurrency(
      2,
      "Requests in flight at once to Loki. Its query frontend already runs each request's pieces in parallel and queues the pieces of concurrent requests behind one another, so more requests in flight make each one slower (nearer Loki's 30 s write timeout and timeoutMs) without finishing the report sooner.",
    ),
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
      .describe('Most raw lines one question may read (session starts, app starts and stops, and the events of apps with sessionsFrom: events); beyond it the report asks for a narrower window.'),
    countUsers: z
      .enum(['per-day', 'on-server'])
      .default('per-day')
      .describe(
        "How distinct-user figures (DAU/WAU/MAU, active and new users, lifecycle, retention) are counted. per-day: Loki counts each user's lines per local day (one series per user, sharded under max_query_series) and obs-report forms the user sets, reading each day once per run. on-server: each figure is a LogQL set expression that Loki counts, so no per-user answer leaves Loki, but Loki splits every such query into 1 h pieces (720 for one 30-day figure): a month's adoption report is hundreds of thousands of pieces, more than a single-binary Loki answers within its timeouts.",
      ),
    splitQueriesByIntervalMinutes: z
      .number()
      .int()
      .positive()
      .default(60)
      .describe(
        "Loki's split_queries_by_interval in minutes. Loki 3.4 can leave lines out of a full page of raw lines that spans several such intervals, so raw lines are read in windows that keep pages short and a full page is kept only within one interval; a read with such a page is checked against Loki's count of the lines, and one that falls short is read again one interval at a time, then is an error.",
      ),
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
    sessionsFrom: z
      .enum(['session_events', 'events'])
      .default('session_events')
      .describe(
        'Where sessions come from. session_events: the app\'s session_start and session_end events. events: the app logs none, so sessions are cut from its events: events sharing a session id are one session; events without one are split after analytics.sessionTimeoutMinutes without an event.',
      ),
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
    template: z.string().optional().describe('Template for their reports (a name or a folder). A scheduled run renders each report again with it for them, into files named <stem>-<template>.'),
  })
  .describe('A person who receives reports.');

const schedule = z
  .strictObject({
    id: id.describe('Job id, used by `obs-report run <id>`, in file names and in the delivery ledger.'),
    cron: z
      .string()
      .superRefine((value, ctx) => {
        const problem = cronProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .describe(
        'Cron expression read in `timezone`: 5 fields (minute hour day-of-month month day-of-week) or 6 (second first). ' +
          'Day-of-month and day-of-week must both match; L = last day of the month, 1W = first weekday, 1#2 = second Monday. ' +
          'A time skipped by a daylight-saving change runs when the clocks jump; a repeated time runs once (every-hour expressions run at both).',
      ),
    preset: z
      .enum(schedulePresets)
      .optional()
      .describe(
        'Instead of cron: daily; weekly (on `weekday`); monthly (on the first weekday, Monday to Friday, of the month); weekdays (Monday to Friday); month-end (the last day of the month). All at `at`.',
      ),
    at: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM on a 24-hour clock, e.g. 07:00')
      .optional()
      .describe('Time of day for presets, in `timezone` (default 07:00).'),
    weekday: z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']).optional().describe('Day of the week for the weekly preset (default monday).'),
    timezone: timeZone.optional().describe('Time zone of the schedule and of the periods it covers; default: the top-level timezone.'),
    reports: z.array(z.string()).min(1).describe('Report ids (from `reports:`) this job generates, each once per run.'),
    stakeholders: z
      .array(z.string())
      .default([])
      .describe('Stakeholder names to mail; empty means every stakeholder whose report kinds (and apps) match a report of the job.'),
    period: period
      .optional()
      .describe(
        'Period the reports cover, resolved at the scheduled time. Default by preset: daily and weekdays: yesterday; weekly: last-week (a Monday run covers Monday to Sunday before); monthly: last-month; month-end: this-month (the month to date). With cron: each report\'s own period.',
      ),
  })
  .refine((s) => (s.cron === undefined) !== (s.preset === undefined), { message: 'set exactly one of cron or preset' })
  .refine((s) => s.preset !== undefined || s.at === undefined, { message: '`at` goes with a preset; with cron, put the time into the expression', path: ['at'] })
  .refine((s) => s.preset === 'weekly' || s.weekday === undefined, { message: '`weekday` goes with the weekly preset', path: ['weekday'] })
  .describe('When reports are generated and sent.');

const smtp = z
  .strictObject({
    host: z.string().min(1).describe('SMTP server host name.'),
    port: z.number().int().min(1).max(65535).default(587).describe('Port: 587 with starttls, 465 with tls, 25 for a relay.'),
    security: z
      .enum(['starttls', 'tls', 'none'])
      .default('starttls')
      .describe('starttls: upgrade the connection and refuse to send without TLS; tls: TLS from the first byte (port 465); none: plain, only for a relay on a trusted network.'),
    auth: z
      .strictObject({
        user: z.string().min(1).describe('User name. Use ${OBS_REPORT_SMTP_USER}.'),
        password: z.string().describe('Password. Use ${OBS_REPORT_SMTP_PASSWORD}; it never appears in logs or outputs.'),
      })
      .optional()
      .describe('SMTP authentication (PLAIN or LOGIN).'),
    from: z
      .string()
      .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'an address, or a name and <address>, e.g. "obs-report <reports@example.com>"')
      .describe('Sender of the mails, e.g. "obs-report <reports@example.com>".'),
    replyTo: z.email().optional().describe('Where replies go.'),
    connectionTimeoutMs: z.number().int().positive().default(10_000).describe('Time to establish the connection, in ms.'),
    greetingTimeoutMs: z.number().int().positive().default(10_000).describe('Time to wait for the server greeting, in ms.'),
    socketTimeoutMs: z.number().int().positive().default(60_000).describe('Idle time on the connection before giving up, in ms.'),
    retries: z.number().int().min(0).max(10).default(4).describe('Retries of one mail on temporary failures (4xx replies, connection errors before the message data was sent); 5xx replies, TLS setup errors and a mail sent but not confirmed are never retried.'),
    retryDelayMs: z.number().int().min(0).default(2000).describe('Wait before the first retry, in ms; doubled on each retry (with jitter), at most 60 s.'),
    tls: z
      .strictObject({
        caFile: z.string().optional().describe('PEM file with the CA certificates to trust.'),
        insecureSkipVerify: z.boolean().default(false).describe('Skip server certificate checks. Only for throw-away test setups.'),
      })
      .optional()
      .describe('TLS options.'),
  })
  .describe('Mail server for e-mail delivery.');

const delivery = z
  .strictObject({
    linksBaseUrl: httpUrl
      .optional()
      .describe('Public URL where output.dir is served (a web server, object storage). Mails too large to attach carry links under it, and webhooks link the files.'),
    maxAttachmentBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024)
      .describe('Largest total of attachments in one mail, as encoded for mail (base64: about 1.37 times the files\' size); above it the mail carries links (needs linksBaseUrl), else the delivery fails saying so.'),
    smtp: smtp.optional(),
    ledger: z
      .strictObject({
        dir: z.string().optional().describe('Folder of the delivery ledger (on Kubernetes: a persistent volume shared by the job\'s pods). Default: <output.dir>/.ledger.'),
        claimTimeoutMinutes: z
          .number()
          .positive()
          .default(30)
          .describe('The lease of a claim on a delivery: older than this, it was left by a crashed run and is taken over (a claim of a dead process on the same host is taken over at once). Keep it longer than a run.'),
      })
      .default({ claimTimeoutMinutes: 30 })
      .describe('Records which recipient got which report for which period, so retried or concurrent runs send each mail once.'),
    webhook: z
      .strictObject({
        kind: z.enum(['slack', 'teams']).describe('slack: Slack incoming webhook; teams: Microsoft Teams incoming webhook (Workflows), sent an Adaptive Card.'),
        url: httpUrl.describe('Incoming-webhook URL. It contains a token: use ${OBS_REPORT_WEBHOOK_URL}.'),
      })
      .optional()
      .describe('Posts each scheduled report\'s summary and links to a chat channel.'),
    pushgateway: z
      .strictObject({
        url: httpUrl.describe('Prometheus Pushgateway base URL, e.g. http://pushgateway:9091.'),
        job: z.string().min(1).default('obs-report').describe('Value of the `job` label of the pushed metrics.'),
        timeoutMs: z.number().int().positive().default(10_000).describe('Timeout of the push, in ms.'),
      })
      .optional()
      .describe('Where each run pushes its obs_report_* metrics (last success, duration, reports written, failures).'),
  })
  .default({ maxAttachmentBytes: 10 * 1024 * 1024, ledger: { claimTimeoutMinutes: 30 } })
  .describe('How scheduled runs deliver: e-mail, chat webhook, ledger, metrics.');

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
    delivery,
    output: z
      .strictObject({
        dir: z.string().default('out').describe('Where files are written.'),
        pageSize: z.enum(['A4', 'Letter']).default('A4').describe('PDF page size.'),
        orientation: z.enum(['portrait', 'landscape']).default('portrait').describe('PDF orientation.'),
      })
      .default({ dir: 'out', pageSize: 'A4', orientation: 'portrait' }),
    analytics: z
      .strictObject({
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
          .describe('How far back to look for a user\'s first event (new vs returning), and for an app\'s last start or stop before the period (was its first start a crash).'),
        topN: z.number().int().min(3).max(100).default(10).describe('Rows in "top" tables.'),
        sessionTimeoutMinutes: z
          .number()
          .positive()
          .max(1440)
          .default(30)
          .describe('For apps with sessionsFrom: events, a session without a session id ends after this many minutes without an event.'),
      })
      .default({ journeyGapMinutes: 120, historyDays: 90, topN: 10, sessionTimeoutMinutes: 30 }),
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
export type ScheduleConfig = z.output<typeof schedule>;
export type StakeholderConfig = z.output<typeof stakeholder>;
export type DeliveryConfig = z.output<typeof delivery>;
export type SmtpConfig = z.output<typeof smtp>;
