/**
 * Dice, the stack's demo app: logs in users by name, rolls dice, and reports what it does the way
 * obs-report expects (design.md): JSON event lines on stdout (and on Kafka with KAFKA_BROKERS),
 * Prometheus metrics on /metrics, /healthz, app_start on start and app_stop on SIGTERM/SIGINT.
 *
 * Environment: PORT (8080; 0 = any free port), HOST (0.0.0.0), APP (dice), INSTANCE (the log's
 * `instance`, which should equal Prometheus' `instance` label: default HOST:PORT, the hostname
 * when HOST is 0.0.0.0), KAFKA_BROKERS (comma-separated), KAFKA_TOPIC (app-events),
 * ALLOW_CRASH=1 (enables POST /admin/crash), EXPORT_ERROR_RATE (0.05), SESSION_IDLE_MINUTES (30).
 */
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { EventLog, type EventSink } from './events.js';
import { KafkaSink, kafkaReporter } from './kafka.js';
import { createMetrics } from './metrics.js';
import { createHandler } from './routes.js';
import { Sessions } from './sessions.js';

const env = process.env;
const app = env.APP ?? 'dice';
const host = env.HOST ?? '0.0.0.0';
const idleMs = Number(env.SESSION_IDLE_MINUTES ?? 30) * 60_000;

const sinks: EventSink[] = [];
const events = new EventLog((line) => process.stdout.write(line), sinks);
const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean);
if (brokers.length > 0) {
  sinks.push(new KafkaSink({ brokers, topic: env.KAFKA_TOPIC ?? 'app-events', app, clientId: app, report: kafkaReporter(events) }));
}

const sessions = new Sessions();
const server = createServer(
  createHandler({
    log: events,
    metrics: createMetrics(),
    sessions,
    state: { rolls: new Map(), exportErrorRate: Number(env.EXPORT_ERROR_RATE ?? 0.05), random: Math.random },
    allowCrash: env.ALLOW_CRASH === '1',
  }),
);

let instance = '';
server.listen(Number(env.PORT ?? 8080), host, () => {
  const { port } = server.address() as AddressInfo;
  instance = env.INSTANCE ?? `${host === '0.0.0.0' ? hostname() : host}:${port}`;
  events.emit({ event: 'app_start', level: 'info', instance, msg: `${app} listening on port ${port}` });
});

// Sessions idle for longer than the convention's 30 minutes end where their activity ended.
setInterval(() => {
  for (const { session, durationMs } of sessions.sweep(idleMs)) {
    events.emit({ event: 'session_end', level: 'info', user: session.user, session: session.id, duration_ms: durationMs, msg: 'session timed out' });
  }
}, 60_000).unref();

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Open keep-alive connections would hold close() forever; give requests in flight a moment.
  const force = setTimeout(() => server.closeAllConnections(), 2_000);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
  clearTimeout(force);
  events.emit({ event: 'app_stop', level: 'info', instance, msg: `${app} stopping on ${signal}` });
  await events.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
