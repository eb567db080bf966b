/**
 * HTTP traffic of a simulated app as a pure function of (app, scrape minute): requests per
 * status code and their latency histogram, following Berlin office hours, growth over the
 * history, and the app's error and slowness episodes.
 */
import type { Interval } from '../types.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../time/window.js';
import type { DemoApp, DemoOrg } from './org.js';
import type { Process } from './ops.js';
import { hash, SALT, Stream } from './rng.js';

/** Status codes of http_requests_total, in the order of the counts arrays. */
export const STATUS_CODES = ['200', '404', '500', '503'] as const;
/** Upper bounds (seconds) of http_request_duration_seconds buckets, +Inf last. */
export const LATENCY_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity] as const;

/** Requests per minute relative to the weekday peak, per Berlin hour. */
const WEEKDAY_SHAPE = [0.03, 0.02, 0.02, 0.02, 0.03, 0.05, 0.1, 0.3, 0.7, 1, 1, 0.9, 0.6, 0.75, 0.9, 0.9, 0.75, 0.5, 0.3, 0.18, 0.12, 0.08, 0.05, 0.04];
/** WEEKDAY_SHAPE interpolated to each minute of the day. */
const SHAPE_BY_MINUTE = Float64Array.from({ length: 1440 }, (_, minute) => {
  const hour = Math.floor(minute / 60);
  const frac = (minute % 60) / 60;
  return WEEKDAY_SHAPE[hour]! * (1 - frac) + WEEKDAY_SHAPE[(hour + 1) % 24]! * frac;
});
const WEEKEND_FACTOR = 0.12;
const SIGMA = 0.9;
/** Latency levels: multiplier 2^(level / LEVEL_STEPS) of the app's median. */
const LEVEL_STEPS = 8;
const LEVELS = 48;

function within(list: readonly Interval[], t: number): boolean {
  for (const e of list) if (e.start <= t && t < e.end) return true;
  return false;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26, error < 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** What one scrape of an app shows: requests per code, cumulative latency buckets, latency sum. */
export interface ScrapeTraffic {
  /** Requests per STATUS_CODES entry. */
  codes: Float64Array;
  /** Cumulative bucket counts per LATENCY_BOUNDS entry. */
  buckets: Float64Array;
  total: number;
  /** Sum of the latencies in whole ms. */
  sumMs: number;
}

/** An empty ScrapeTraffic to fill. */
export function scrapeTraffic(): ScrapeTraffic {
  return { codes: new Float64Array(STATUS_CODES.length), buckets: new Float64Array(LATENCY_BOUNDS.length), total: 0, sumMs: 0 };
}

/** Traffic of one app; cheap to create, holds its latency tables. */
export class Traffic {
  private readonly rng = new Stream();
  private readonly levels: Float64Array[] = [];
  private readonly span: number;
  private readonly peak: number;
  private readonly meanMs: Float64Array;
  // Berlin's UTC offset only changes on whole UTC hours: cache it per hour.
  private offsetHour = NaN;
  private offset = 0;

  constructor(
    private readonly org: DemoOrg,
    private readonly app: DemoApp,
  ) {
    this.span = Math.max(1, org.range.end - org.range.start);
    this.peak = (app.profile.peakRpmPer100 * org.users.count) / 100;
    // Mean of the log-normal latency per level, in ms.
    this.meanMs = Float64Array.from({ length: LEVELS }, (_, level) => this.median(level) * Math.exp((SIGMA * SIGMA) / 2) * 1000);
  }

  /** Load relative to the weekday peak (0..1) at scrape time `t`. */
  load(t: number): number {
    const hourStart = Math.floor(t / HOUR_MS);
    if (hourStart !== this.offsetHour) {
      this.offsetHour = hourStart;
      this.offset = this.org.berlin.offsetAt(t);
    }
    const local = t + this.offset;
    const day = Math.floor(local / DAY_MS);
    const shape = SHAPE_BY_MINUTE[Math.floor((local - day * DAY_MS) / MINUTE_MS)]!;
    // 1970-01-01 was a Thursday: weekday 3 when Monday is 0.
    const weekday = (((day + 3) % 7) + 7) % 7;
    return weekday >= 5 ? shape * WEEKEND_FACTOR : shape;
  }

  /**
   * What scrape `t` of process `p` shows for the time since the previous scrape: requests per
   * code and their latency histogram, written into `out`.
   */
  scrape(t: number, p: Process, out: ScrapeTraffic): void {
    const { org, app } = this;
    const rng = this.rng.reset(hash(org.seed, SALT.traffic, app.index, t / MINUTE_MS));
    const load = this.load(t);
    const errors = within(app.ops.errorEpisodes, t);
    const slow = within(app.ops.latencyEpisodes, t);
    const growth = 0.6 + 0.4 * Math.min(1, Math.max(0, (t - org.range.start) / this.span));
    // A process that started during the minute only served part of it; 0.5 rpm of probes always.
    const served = Math.min(1, Math.max(0, (t - p.start) / MINUTE_MS));
    const expected = (this.peak * load * growth + 0.5) * (0.85 + 0.3 * rng.next()) * served;
    const n = Math.floor(expected + rng.next());
    const n404 = Math.min(n, Math.floor(n * 0.02 + rng.next()));
    const n500 = Math.min(n - n404, Math.floor(n * (errors ? 0.09 : 0.003) + rng.next()));
    const n503 = Math.min(n - n404 - n500, Math.floor(n * (errors ? 0.05 : slow ? 0.01 : 0.001) + rng.next()));
    out.codes[0] = n - n404 - n500 - n503;
    out.codes[1] = n404;
    out.codes[2] = n500;
    out.codes[3] = n503;
    out.total = n;
    if (n === 0) {
      out.buckets.fill(0);
      out.sumMs = 0;
      return;
    }
    let factor = 1 + 0.6 * load;
    if (slow) factor *= 6;
    if (errors) factor *= 2;
    const level = Math.min(LEVELS - 1, Math.max(0, Math.round(Math.log2(factor) * LEVEL_STEPS)));
    const cdf = this.cdf(level);
    for (let i = 0; i < cdf.length; i++) out.buckets[i] = Math.round(n * cdf[i]!);
    out.sumMs = Math.round(n * this.meanMs[level]!);
  }

  /** Log-normal CDF at each bucket bound for a latency level (the +Inf bucket is 1). */
  private cdf(level: number): Float64Array {
    let table = this.levels[level];
    if (!table) {
      const mu = Math.log(this.median(level));
      table = Float64Array.from(LATENCY_BOUNDS, (le) => (le === Infinity ? 1 : phi((Math.log(le) - mu) / SIGMA)));
      this.levels[level] = table;
    }
    return table;
  }

  private median(level: number): number {
    return this.app.profile.latencyMedianS * 2 ** (level / LEVEL_STEPS);
  }
}
