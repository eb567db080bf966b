/**
 * The simulated apps' profiles: the five built-in apps behave as hand-tuned in builtin-apps.ts;
 * any other app id a config lists gets a generic profile built from its features list.
 */
import { BUILTIN_BEHAVIOUR } from './builtin-apps.js';
import { hashString, SALT, uniform } from './rng.js';

/** An app of the demo organisation: id (the `app` label), display name and feature names. */
export interface DemoAppSpec {
  id: string;
  name: string;
  features: string[];
}

/** How a simulated app behaves: who uses it, how deeply, and how its server performs. */
export interface AppProfile {
  spec: DemoAppSpec;
  /** Relative weight of each feature when one is used; 0 = never used. */
  featureWeights: number[];
  /** Share of users who ever use each feature (the others fall back to the most popular one). */
  featureReach: number[];
  /** Features whose `feature_used` line carries a `duration_ms`. */
  timedFeatures: boolean[];
  /** Weight of the app when a user of each role starts a journey (see ROLE_SHARES). */
  roleWeights: number[];
  /** Typical number of events between login and logout in a session. */
  meanEvents: number;
  /** Typical seconds between two events of a session. */
  meanGapS: number;
  /** Requests per minute per 100 users at the weekday peak. */
  peakRpmPer100: number;
  /** Median request latency in seconds under normal load. */
  latencyMedianS: number;
  pages: string[];
  errors: string[];
}

/** Shares of users per role: support, sales, engineer, analyst, casual. */
export const ROLE_SHARES = [0.25, 0.2, 0.25, 0.1, 0.2] as const;

/** The behaviour of an app: the built-in one for known ids, otherwise a generic one from its features. */
export function appProfile(spec: DemoAppSpec, seed: number): AppProfile {
  const known = BUILTIN_BEHAVIOUR[spec.id];
  // Generic features follow a Zipf-like popularity in the order the config lists them.
  const generic = (i: number): [number, number] => [40 / (i + 1) ** 1.3, Math.max(0.05, 0.9 / (i + 1) ** 0.8)];
  const rows = spec.features.map((f, i) => known?.features[f] ?? generic(i));
  if (known) {
    const { features: _features, ...behaviour } = known;
    return {
      spec,
      ...behaviour,
      featureWeights: rows.map((r) => r[0]),
      featureReach: rows.map((r) => r[1]),
      timedFeatures: rows.map((r) => r[2] === true),
    };
  }
  const key = hashString(spec.id);
  const h = (salt: number): number => uniform(seed, SALT.featureReach, key, salt);
  const popularity = 0.5 + 1.5 * h(1);
  return {
    spec,
    featureWeights: rows.map((r) => r[0]),
    featureReach: rows.map((r) => r[1]),
    timedFeatures: rows.map(() => false),
    roleWeights: ROLE_SHARES.map(() => popularity),
    meanEvents: 6 + Math.round(6 * h(2)),
    meanGapS: 30 + Math.round(30 * h(3)),
    peakRpmPer100: 1 + 3 * h(4),
    latencyMedianS: 0.04 + 0.08 * h(5),
    pages: ['/', '/list', '/detail', '/settings'],
    errors: ['upstream request failed', 'database timeout', 'unexpected null in handler'],
  };
}

/**
 * The dominant app-to-app paths: probability that a user continues from app `from` to `to`
 * a few minutes after a session. Any other pair gets a small background chance.
 */
export const DOMINANT_TRANSITIONS: Record<string, Record<string, number>> = {
  wiki: { tickets: 0.42 },
  tickets: { wiki: 0.35 },
  catalog: { forecast: 0.5 },
  forecast: { dice: 0.45 },
};

/** Chance of moving to any app that is not a dominant next step. */
export const BACKGROUND_TRANSITION = 0.025;
