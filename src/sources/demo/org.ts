/**
 * The simulated organisation: users, apps, sessions and operations, built once from a seed.
 * Behaviour is simulated in Europe/Berlin (office hours, weekends); reports may use any zone.
 */
import { ObsReportError } from '../../errors.js';
import type { Interval } from '../types.js';
import { DAY_MS, HOUR_MS, TzCalendar } from '../../time/window.js';
import { appProfile, BACKGROUND_TRANSITION, DOMINANT_TRANSITIONS } from './apps.js';
import type { AppProfile, DemoAppSpec } from './apps.js';
import { buildOps } from './ops.js';
import type { OpsTimeline } from './ops.js';
import { cumulate, hash, SALT, seed32, Stream } from './rng.js';
import { buildSessions } from './sessions.js';
import type { SessionTable } from './session-columns.js';
import { buildUsers } from './users.js';
import type { UserTable } from './users.js';

/** How big the organisation is and when its data ends; same options, same organisation. */
export interface DemoOptions {
  seed: number;
  users: number;
  historyDays: number;
  /** Data exists in [end - historyDays days, end), epoch ms. */
  end: number;
  apps: DemoAppSpec[];
}

/** One simulated app: its spec, behaviour and operations timeline. */
export interface DemoApp {
  index: number;
  spec: DemoAppSpec;
  profile: AppProfile;
  ops: OpsTimeline;
  /** Cumulative feature weights, for picking the feature of a feature_used event. */
  featureCum: Float64Array;
  /** Index of the most used feature (-1 without features). */
  topFeature: number;
}

/** The whole simulated organisation; build with buildDemoOrg and query through the demo sources. */
export interface DemoOrg {
  options: DemoOptions;
  /** The seed folded to 32 bits. */
  seed: number;
  /** Where data exists: [end - historyDays, end). */
  range: Interval;
  apps: DemoApp[];
  appIndex: Map<string, number>;
  users: UserTable;
  sessions: SessionTable;
  /** Berlin calendar over the history (and a margin), for office hours and daily cycles. */
  berlin: TzCalendar;
}

/** The zone the simulated people live in. */
export const DEMO_HOME_TZ = 'Europe/Berlin';

function check(options: DemoOptions): void {
  const fail = (message: string, hint: string): never => {
    throw new ObsReportError('USAGE', `demo organisation: ${message}`, { hint });
  };
  if (!Number.isSafeInteger(options.seed)) fail(`seed ${options.seed} is not an integer`, 'Use a whole number as the demo seed.');
  if (!Number.isInteger(options.users) || options.users < 1 || options.users > 200_000) {
    fail(`users ${options.users} is out of range`, 'Use between 1 and 200000 demo users.');
  }
  if (!Number.isInteger(options.historyDays) || options.historyDays < 1 || options.historyDays > 730) {
    fail(`historyDays ${options.historyDays} is out of range`, 'Use between 1 and 730 days of demo history.');
  }
  if (!Number.isFinite(options.end)) fail('end is not a time', 'Pass the end of the demo data as epoch milliseconds.');
  const ids = options.apps.map((a) => a.id);
  if (ids.length === 0 || ids.length > 255) fail(`${ids.length} apps`, 'Configure between 1 and 255 apps.');
  if (new Set(ids).size !== ids.length) fail(`duplicate app ids in ${ids.join(', ')}`, 'Give every app a unique id.');
}

/** Builds the organisation; identical options give an identical organisation. */
export function buildDemoOrg(options: DemoOptions): DemoOrg {
  check(options);
  const seed = seed32(options.seed);
  const range = { start: options.end - options.historyDays * DAY_MS, end: options.end };
  const berlin = new TzCalendar({ from: range.start - 20 * DAY_MS, to: range.end + 2 * DAY_MS, tz: DEMO_HOME_TZ });
  const days = berlin.days.filter((d) => d < range.end && berlin.dayIndex(range.start) <= berlin.dayIndex(d));
  const profiles = options.apps.map((spec) => appProfile(spec, seed));
  const n = profiles.length;
  const rng = new Stream(hash(seed, SALT.ops, 0xffff));
  const outageApp = rng.int(0, n - 1);
  const crashLoopApp = n > 1 ? (outageApp + rng.int(1, n - 1)) % n : -1;
  const outages = profiles.map((_, i) => (i === outageApp ? pickOutage(days, berlin, rng) : null));
  const apps = profiles.map((profile, index): DemoApp => {
    const weights = profile.featureWeights;
    return {
      index,
      spec: profile.spec,
      profile,
      ops: buildOps(seed, index, range, berlin, outages[index] ?? null, index === crashLoopApp),
      featureCum: cumulate(weights),
      topFeature: weights.length === 0 ? -1 : weights.indexOf(Math.max(...weights)),
    };
  });
  const appsByRole = profiles[0]!.roleWeights.map((_, role) => cumulate(profiles.map((p) => p.roleWeights[role] ?? 1)));
  const nextApp = transitions(profiles);
  const users = buildUsers(seed, options.users, days.length, appsByRole);
  const sessions = buildSessions({ seed, range, days, berlin, users, profiles, appsByRole, nextApp, outages });
  return {
    options,
    seed,
    range,
    apps,
    appIndex: new Map(apps.map((a) => [a.spec.id, a.index])),
    users,
    sessions,
    berlin,
  };
}

/** Per app: cumulative chances of going on to each app next, and (last) of ending the journey. */
function transitions(profiles: AppProfile[]): Float64Array[] {
  return profiles.map((from, i) => {
    const dominant = DOMINANT_TRANSITIONS[from.spec.id] ?? {};
    const next = profiles.map((to, j) => (i === j ? 0 : (dominant[to.spec.id] ?? BACKGROUND_TRANSITION)));
    const onward = next.reduce((sum, p) => sum + p, 0);
    return cumulate([...next, Math.max(0.2, 1 - onward)]);
  });
}

/** A weekday late in the history, 10:00-13:00 Berlin, lasting 2 to 5 hours. */
function pickOutage(days: number[], berlin: TzCalendar, rng: Stream): Interval {
  let i = Math.max(0, Math.min(days.length - 2, Math.floor(days.length * (0.55 + 0.3 * rng.next()))));
  while (i > 0 && berlin.weekday(days[i]! + 12 * HOUR_MS) > 3) i--;
  const start = Math.floor((days[i]! + (10 + 3 * rng.next()) * HOUR_MS) / 1000) * 1000;
  return { start, end: start + rng.int(2 * 3600, 5 * 3600) * 1000 };
}
