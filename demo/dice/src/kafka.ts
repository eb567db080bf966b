/**
 * Publishes the app's events to a Kafka topic: key = user, value = the stdout line with an `app`
 * field (one topic can hold several apps), message time = the event's `ts`. Messages are sent
 * in order by one idempotent producer, so retries never duplicate them.
 */
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { EventLog, EventSink, WrittenEvent } from './events.js';

/** Where and how to publish. */
export interface KafkaSinkOptions {
  brokers: string[];
  topic: string;
  app: string;
  clientId: string;
  /** Receives the client's own warnings and errors, as event lines (never raw console output). */
  report: (level: 'warn' | 'error', msg: string) => void;
}

/** Events kept while the broker is unreachable; older ones are dropped (they stay on stdout). */
const MAX_PENDING = 10_000;
/** How long a graceful shutdown waits for Kafka before giving up on what is still pending. */
const CLOSE_TIMEOUT_MS = 5_000;

/** An EventSink that batches events into an idempotent Kafka producer. */
export class KafkaSink implements EventSink {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;
  private queue: WrittenEvent[] = [];
  private sending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly options: KafkaSinkOptions) {
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      // The client's own log would print every retry; the sink reports what matters (below).
      logLevel: logLevel.NOTHING,
    });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    void this.connect().catch(() => undefined);
  }

  /** Connects once; after a failure the next batch tries again (the broker may start after the app). */
  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      this.options.report('error', `kafka: cannot connect: ${String(error)}`);
      throw error;
    });
    return this.connected;
  }

  publish(written: WrittenEvent): void {
    this.queue.push(written);
    this.schedule(20);
  }

  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => void this.flush(), ms);
  }

  /** Sends what is queued, after the batches before it. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.sending;
    this.sending = this.sending.then(() => this.send(batch));
    return this.sending;
  }

  async close(): Promise<void> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS)));
    const done = await Promise.race([this.flush().then(() => this.producer.disconnect()).then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (done === 'timeout') this.options.report('error', `kafka: shutting down without delivering what was pending after ${CLOSE_TIMEOUT_MS} ms`);
  }

  private async send(batch: WrittenEvent[]): Promise<void> {
    try {
      await this.connect();
      await this.producer.send({
        topic: this.options.topic,
        messages: batch.map((w) => ({
          key: w.event.user ?? null,
          value: JSON.stringify({ ...(JSON.parse(w.line) as Record<string, unknown>), app: this.options.app }),
          timestamp: String(w.ts),
        })),
      });
    } catch (error) {
      if (this.closing) {
        this.options.report('error', `kafka: ${batch.length} events not delivered: ${String(error)}`);
        return;
      }
      // Kept in order in front of newer events and tried again (the broker may come up later).
      const pending = [...batch, ...this.queue];
      if (pending.length > MAX_PENDING) this.options.report('error', `kafka: ${pending.length - MAX_PENDING} events not delivered: ${String(error)}`);
      this.queue = pending.slice(-MAX_PENDING);
      this.schedule(1_000);
    }
  }
}

/** Reports Kafka client problems as `kafka_client` lines on stdout only (never back into Kafka). */
export function kafkaReporter(log: EventLog): KafkaSinkOptions['report'] {
  return (level, msg) => void log.note({ event: 'kafka_client', level, msg });
}
