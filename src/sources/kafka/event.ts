/**
 * One Kafka message read as an app event. The contract of the topic (shared with the demo
 * apps that publish to it): the value is the app's JSON log line (design.md, Data conventions)
 * with an added `app` field naming the app (or, failing that, an `app` header); the key is the
 * user and only decides the partition. Fields are read with the app's configured names, the
 * way Loki's json parser reads them, so both sources count the same lines.
 *
 * Event time: the line's `ts` field when it is an RFC 3339 timestamp, else the message's
 * Kafka timestamp. Windows are cut on that time, exactly.
 */
import type { AppConfig } from '../../config/schema.js';
import { jsonField, scalarText } from '../json-field.js';

/** A field of the data conventions, renameable per app (apps[].fields). */
export type FieldKey = 'user' | 'session' | 'event' | 'feature' | 'level' | 'duration' | 'instance';

/** An app's field names, as configured. */
export type EventFields = Readonly<Record<FieldKey, string>>;

/** One app event; absent or non-scalar fields are ''. */
export interface AppEvent {
  app: string;
  /** Event time, epoch ms. */
  ts: number;
  user: string;
  session: string;
  event: string;
  feature: string;
  level: string;
  /** duration_ms as written (parsed where it is used, as Loki's unwrap does). */
  duration: string;
  instance: string;
}

/** Why a message was not counted. */
export type SkipReason = 'not-json' | 'no-app' | 'other-app';

/** The field names of every configured app, by app id. */
export function eventFields(apps: readonly AppConfig[]): Map<string, EventFields> {
  return new Map(apps.map((app) => [app.id, app.fields]));
}

/** The raw parts of a Kafka message this module needs. */
export interface RawMessage {
  value: Buffer | null;
  /** Kafka timestamp, epoch ms as a decimal string (kafkajs' format). */
  timestamp: string;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined;
}

/** The message as an event of a configured app, or why it is not one. */
export function readEvent(message: RawMessage, apps: ReadonlyMap<string, EventFields>): AppEvent | SkipReason {
  if (message.value === null) return 'not-json';
  let doc: unknown;
  try {
    doc = JSON.parse(message.value.toString('utf8'));
  } catch {
    return 'not-json';
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'not-json';
  const record = doc as Record<string, unknown>;
  const app = scalarText(record.app) ?? headerText(message.headers?.app);
  if (app === undefined || app === '') return 'no-app';
  const fields = apps.get(app);
  if (!fields) return 'other-app';
  const ts = typeof record.ts === 'string' ? parseRfc3339(record.ts) : null;
  const get = (key: FieldKey): string => jsonField(record, fields[key]) ?? '';
  return {
    app,
    ts: ts ?? Number(message.timestamp),
    user: get('user'),
    session: get('session'),
    event: get('event'),
    feature: get('feature'),
    level: get('level'),
    duration: get('duration'),
    instance: get('instance'),
  };
}

function headerText(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Epoch ms of an RFC 3339 timestamp (fractions below the millisecond dropped), or null. */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 April over into May: such a date is not one.
  if (new Date(utc).getUTCDate() !== day) return null;
  if (m[8] !== undefined) return utc;
  const offsetMin = Number(m[10]) * 60 + Number(m[11]);
  if (Number(m[10]) > 23 || Number(m[11]) > 59) return null;
  return utc - (m[9] === '-' ? -1 : 1) * offsetMin * 60_000;
}
