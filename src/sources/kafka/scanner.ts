/**
 * Reads windows of the topic into digests, one read at a time, and remembers them for the run:
 * a report's questions about one window share one read (`detail`), and per-user daily activity
 * of whole local days is read once per day whatever ranges the questions cover (`activity`).
 * Windows that do not start and end on local midnights are read exactly as asked.
 */
import type { Kafka } from 'kafkajs';
import type { AppConfig, KafkaConfig } from '../../config/schema.js';
import type { Window } from '../../time/window.js';
import { createKafka } from './client.js';
import { DayStore, isWholeDays, type DayChunk, type UserActivity } from '../user-activity/day-store.js';
import { DigestBuilder, type Digest, type DigestMode } from './digest.js';
import { kafkaError, type KafkaErrorContext } from './errors.js';
import { eventFields, readEvent, type EventFields, type SkipReason } from './event.js';
import { describeSpans, planRead } from './plan.js';
import { readPlan, type ReadLimits } from './reader.js';

/** A digest and a description of the read behind it. */
export interface Scan {
  digest: Digest;
  read: string;
}

/** What a Scanner needs. */
export interface ScannerOptions {
  name: string;
  config: KafkaConfig;
  apps: readonly AppConfig[];
  limits: ReadLimits;
  /** How far Kafka timestamps may be from the events' own time, ms. */
  marginMs: number;
  now: () => number;
}

/** Exact-window digests kept (each holds a window's session starts and user sets). */
const DIGESTS_KEPT = 8;

/** Reads and remembers; see the module comment. */
export class Scanner {
  private readonly kafka: Kafka;
  private readonly fields: Map<string, EventFields>;
  /** Apps whose sessions are cut from their events: detail reads keep those events. */
  private readonly keepEvents: ReadonlySet<string>;
  private readonly digests = new Map<string, Promise<Scan>>();
  private readonly stores = new Map<string, DayStore>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: ScannerOptions) {
    this.kafka = createKafka(opts.config, opts.limits);
    this.fields = eventFields(opts.apps);
    this.keepEvents = new Set(opts.apps.filter((a) => a.sessionsFrom === 'events').map((a) => a.id));
  }

  /** Every aggregate of exactly `window` (one read, shared by every question about it). */
  detail(window: Window, user?: string): Promise<Scan> {
    return this.digest(window, 'all', user);
  }

  /** Events per user per local day of `window`, for every configured app. */
  async activity(window: Window, user?: string): Promise<UserActivity> {
    if (window.to <= window.from) return { days: [], apps: new Map(), reads: [] };
    if (!isWholeDays(window)) {
      const { digest, read } = await this.digest(window, 'days', user);
      return { days: digest.days, apps: new Map([...digest.apps].map(([app, d]) => [app, d.users])), reads: [read] };
    }
    const store = this.store(window.tz, user);
    await this.exclusive(async () => {
      for (const gap of store.gaps(window.from, window.to)) store.add(chunkOf(await this.read({ ...gap, tz: window.tz }, 'days', user)));
    });
    return store.activity(window.from, window.to, [...this.fields.keys()]);
  }

  private digest(window: Window, mode: DigestMode, user: string | undefined): Promise<Scan> {
    if (window.to <= window.from) {
      return Promise.resolve({ digest: new DigestBuilder(window, mode, [...this.fields.keys()], user).digest, read: `${this.opts.config.topic}: nothing (empty window)` });
    }
    const key = (m: DigestMode): string => [m, window.from, window.to, window.tz, user ?? ''].join('\u0000');
    const cached = this.digests.get(key('all')) ?? this.digests.get(key(mode));
    if (cached) return cached;
    const pending = this.exclusive(async () => {
      const scan = await this.read(window, mode, user);
      // A whole-days window also fills the day store where it is empty (add refuses overlaps: never twice).
      if (isWholeDays(window)) this.store(window.tz, user).add(chunkOf(scan));
      return scan;
    });
    this.digests.set(key(mode), pending);
    pending.catch(() => this.digests.delete(key(mode)));
    while (this.digests.size > DIGESTS_KEPT) this.digests.delete(this.digests.keys().next().value!);
    return pending;
  }

  private store(tz: string, user: string | undefined): DayStore {
    const key = `${tz}\u0000${user ?? ''}`;
    let store = this.stores.get(key);
    if (!store) {
      store = new DayStore(tz);
      this.stores.set(key, store);
    }
    return store;
  }

  /** Runs reads one after another: they compete for the same brokers, and the day store must not fill a gap twice. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One read of the topic for `window`: plan the offsets, stream them through a DigestBuilder. */
  private async read(window: Window, mode: DigestMode, user: string | undefined): Promise<Scan> {
    const { config, limits, marginMs, name } = this.opts;
    const range = `[${new Date(window.from).toISOString()}, ${new Date(window.to).toISOString()})`;
    const ctx: KafkaErrorContext = { datasource: name, brokers: config.brokers, topic: config.topic, clientId: config.clientId, authenticated: config.sasl !== undefined, query: `topic ${config.topic}, events in ${range}` };
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const plan = await planRead(admin, ctx, window, marginMs, this.opts.now());
      const builder = new DigestBuilder(window, mode, [...this.fields.keys()], user, this.keepEvents);
      const skipped = new Map<SkipReason, number>();
      const stats = await readPlan(this.kafka, ctx, plan, limits, (message) => {
        const event = readEvent(message, this.fields);
        if (typeof event === 'string') skipped.set(event, (skipped.get(event) ?? 0) + 1);
        else builder.add(event);
      });
      // The group committed nothing; delete it rather than leave it for the broker to expire.
      if (stats.groupId !== undefined) await admin.deleteGroups([stats.groupId]).catch(() => undefined);
      const notes = [`${stats.messages} messages`, ...[...skipped].map(([why, n]) => `${n} ${why}`)].join(', ');
      const margin = `${Math.round(marginMs / 60_000)} min`;
      return { digest: builder.digest, read: `${config.topic} ${describeSpans(plan)} (${notes}; event time in ${range}, Kafka timestamps ±${margin})` };
    } catch (error) {
      throw kafkaError(error, ctx);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

function chunkOf(scan: Scan): DayChunk {
  const { window, days, apps } = scan.digest;
  return { from: window.from, to: window.to, days, apps: new Map([...apps].map(([app, d]) => [app, d.users])), reads: [scan.read] };
}
