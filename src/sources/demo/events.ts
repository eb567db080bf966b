/**
 * The log events of one session, derived on demand from its compact record and a hash of
 * (seed, session index): the same session always yields the same events, and no event is
 * ever stored.
 */
import type { Interval } from '../types.js';
import type { DemoOrg } from './org.js';
import { hash, pickCumulative, SALT, Stream, uniform } from './rng.js';

/** Event kinds of session lines, as stored in EventBuffer.kind. */
export const EVENT = { sessionStart: 0, login: 1, pageView: 2, featureUsed: 3, error: 4, logout: 5, sessionEnd: 6 } as const;
/** `event` field values, indexed by EventBuffer.kind. */
export const EVENT_NAMES = ['session_start', 'login', 'page_view', 'feature_used', 'error', 'logout', 'session_end'] as const;
/** `level` field values, indexed by EventBuffer.level. */
export const LEVEL_NAMES = ['info', 'warn', 'error'] as const;

const CAPACITY = 512;
/** Chance that an event is an error, normally and during an incident of the app. */
const ERROR_CHANCE = 0.004;
const INCIDENT_ERROR_CHANCE = 0.12;

/** The events of one session, as parallel columns. */
export interface SessionEvents {
  size: number;
  ts: Float64Array;
  kind: Uint8Array;
  level: Uint8Array;
  detail: Int16Array;
  value: Float64Array;
}

/** A copy of the first `size` events of a buffer, to keep after the buffer is reused. */
export function snapshot(buf: SessionEvents): SessionEvents {
  const n = buf.size;
  return {
    size: n,
    ts: buf.ts.slice(0, n),
    kind: buf.kind.slice(0, n),
    level: buf.level.slice(0, n),
    detail: buf.detail.slice(0, n),
    value: buf.value.slice(0, n),
  };
}

/** Reusable scratch space holding the events of one session (no allocation per session). */
export class EventBuffer implements SessionEvents {
  size = 0;
  readonly ts = new Float64Array(CAPACITY);
  readonly kind = new Uint8Array(CAPACITY);
  readonly level = new Uint8Array(CAPACITY);
  /** Feature index (feature_used), page index (page_view) or error message index (error). */
  readonly detail = new Int16Array(CAPACITY);
  /** duration_ms of session_end and of timed feature_used lines; -1 when absent. */
  readonly value = new Float64Array(CAPACITY);
  /** Kept here so derivation allocates nothing. */
  readonly rng = new Stream();

  push(ts: number, kind: number, level: number, detail: number, value: number): void {
    const i = this.size++;
    this.ts[i] = ts;
    this.kind[i] = kind;
    this.level[i] = level;
    this.detail[i] = detail;
    this.value[i] = value;
  }
}

function overlapping(list: readonly Interval[], from: number, to: number): boolean {
  for (const e of list) if (e.start <= to && e.end > from) return true;
  return false;
}

/** Fills `buf` with the events of session `s`, in time order (ties in logical order). */
export function deriveEvents(org: DemoOrg, s: number, buf: EventBuffer): void {
  const table = org.sessions;
  const start = table.start[s]!;
  const duration = table.duration[s]!;
  const body = table.body[s]!;
  const user = table.user[s]!;
  const app = org.apps[table.app[s]!]!;
  const profile = app.profile;
  const rng = buf.rng.reset(hash(org.seed, SALT.events, s));
  buf.size = 0;
  buf.push(start, EVENT.sessionStart, 0, -1, -1);
  buf.push(start, EVENT.login, 0, -1, -1);
  // Event times: uniform spacings scaled to the session length, so the last one is its end.
  let total = 0;
  for (let j = 0; j < body; j++) {
    total += rng.exp(1);
    buf.ts[2 + j] = total;
  }
  total += rng.exp(1);
  const incidents = app.ops.errorEpisodes;
  const troubled = overlapping(incidents, start, start + duration);
  const features = profile.featureWeights.length;
  // Body events get strictly increasing milliseconds: two identical lines at one instant would
  // be one line to Loki (it drops exact duplicates), and the demo must count what Loki counts.
  let last = start;
  for (let j = 0; j < body; j++) {
    const t = Math.max(start + Math.floor((duration * buf.ts[2 + j]!) / total), last + 1);
    last = t;
    const inIncident = troubled && overlapping(incidents, t, t);
    const r = rng.next();
    const errorChance = inIncident ? INCIDENT_ERROR_CHANCE : ERROR_CHANCE;
    if (r < errorChance) {
      buf.push(t, EVENT.error, 2, rng.int(0, profile.errors.length - 1), -1);
    } else if (features > 0 && r < errorChance + 0.5) {
      let f = pickCumulative(app.featureCum, rng.next());
      // Users outside a feature's reach use the app's most popular feature instead.
      if (uniform(org.seed, SALT.featureReach, user, app.index * 1024 + f) >= profile.featureReach[f]!) f = app.topFeature;
      const timed = profile.timedFeatures[f] === true;
      buf.push(t, EVENT.featureUsed, 0, f, timed ? Math.round(200 + rng.exp(4000)) : -1);
    } else {
      buf.push(t, EVENT.pageView, rng.next() < 0.02 ? 1 : 0, rng.int(0, profile.pages.length - 1), -1);
    }
  }
  if (table.logout[s] === 1) buf.push(start + duration, EVENT.logout, 0, -1, -1);
  buf.push(start + duration, EVENT.sessionEnd, 0, -1, duration);
}
