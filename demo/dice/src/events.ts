/**
 * The app's event lines (design.md, Data conventions): one JSON object per line on stdout,
 * the same object handed to every extra sink (Kafka). Timestamps strictly increase within the
 * process, so no two lines of one stream share an instant (Loki keeps only one of identical lines).
 */

/** Log levels of the conventions. */
export type Level = 'info' | 'warn' | 'error';

/** One event as the app reports it; `ts` is added when it is written. */
export interface AppEvent {
  event: string;
  level: Level;
  user?: string;
  session?: string;
  feature?: string;
  duration_ms?: number;
  instance?: string;
  msg: string;
}

/** An event as written: the line on stdout and its time in epoch ms. */
export interface WrittenEvent {
  line: string;
  ts: number;
  event: AppEvent;
}

/** Somewhere else the events go (e.g. a Kafka topic); must not throw. */
export interface EventSink {
  publish(written: WrittenEvent): void;
  /** Delivers what is pending and releases connections. */
  close(): Promise<void>;
}

/** Writes events as JSON lines and forwards them to the sinks. */
export class EventLog {
  private lastTs = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly sinks: readonly EventSink[] = [],
    private readonly clock: () => number = Date.now,
  ) {}

  /** Writes one event to stdout and the sinks; fields keep the conventional order, absent ones are left out. */
  emit(event: AppEvent): WrittenEvent {
    const written = this.note(event);
    for (const sink of this.sinks) sink.publish(written);
    return written;
  }

  /** Writes one event to stdout only: for the sinks' own troubles, which must not loop back into them. */
  note(event: AppEvent): WrittenEvent {
    const ts = Math.max(this.clock(), this.lastTs + 1);
    this.lastTs = ts;
    const line = JSON.stringify({
      ts: new Date(ts).toISOString(),
      level: event.level,
      event: event.event,
      user: event.user,
      session: event.session,
      feature: event.feature,
      duration_ms: event.duration_ms,
      instance: event.instance,
      msg: event.msg,
    });
    this.write(`${line}\n`);
    return { line, ts, event };
  }

  /** Closes every sink (graceful shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close()));
  }
}
