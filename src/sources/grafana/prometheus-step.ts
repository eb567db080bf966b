/**
 * How Grafana's Prometheus backend turns a query's interval into the step and time range it
 * sends (pkg/promlib/models/query.go, intervalv2, sdk gtime.RoundInterval), so that the adapter
 * can ask for exactly the evaluation points a native query_range asks for:
 * - step = max(interval, RoundInterval(range / 11000)), when range / maxDataPoints < interval;
 * - start and end are rounded down to a multiple of step, shifted by `utcOffsetSec`.
 */

/** Grafana's points limit of one range query (models.safeResolution). */
const SAFE_RESOLUTION = 11_000;

const ROUNDING: [upTo: number, to: number][] = [
  [10, 1],
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1_500, 1_000],
  [3_500, 2_000],
  [7_500, 5_000],
  [12_500, 10_000],
  [17_500, 15_000],
  [25_000, 20_000],
  [45_000, 30_000],
  [90_000, 60_000],
  [210_000, 120_000],
  [450_000, 300_000],
  [750_000, 600_000],
  [1_050_000, 900_000],
  [1_500_000, 1_200_000],
  [2_700_000, 1_800_000],
  [5_400_000, 3_600_000],
  [9_000_000, 7_200_000],
  [16_200_000, 10_800_000],
  [32_400_000, 21_600_000],
  [86_400_000, 43_200_000],
  [172_800_000, 86_400_000],
  [604_800_000, 86_400_000],
  [1_814_400_000, 604_800_000],
];

/** gtime.RoundInterval on milliseconds (fractions allowed): a "round" interval near `ms`, usually below it. */
export function roundInterval(ms: number): number {
  for (const [upTo, to] of ROUNDING) if (ms <= upTo) return to;
  return ms < 63_072_000_000 ? 2_592_000_000 : 31_536_000_000;
}

/** The step Grafana uses for a range of `rangeMs` when asked for `stepMs` with maxDataPoints above range/step. */
export function grafanaStep(rangeMs: number, stepMs: number): number {
  // Go divides nanoseconds as integers.
  const safeMs = Math.floor((rangeMs * 1_000_000) / SAFE_RESOLUTION) / 1_000_000;
  return Math.max(stepMs, roundInterval(safeMs));
}

/** maxDataPoints that keeps Grafana from widening the step: more points than the range holds. */
export function maxDataPointsFor(rangeMs: number, stepMs: number): number {
  return Math.floor(rangeMs / stepMs) + 1;
}

/**
 * Splits [start, end] (evaluation points start, start + step, ...) into parts on the same grid
 * that Grafana evaluates at `stepMs` exactly; halves a part until its safe interval fits.
 */
export function gridParts(startMs: number, endMs: number, stepMs: number): { start: number; end: number }[] {
  if (grafanaStep(endMs - startMs, stepMs) === stepMs) return [{ start: startMs, end: endMs }];
  const points = Math.floor((endMs - startMs) / stepMs) + 1;
  const middle = startMs + Math.floor(points / 2) * stepMs;
  return [...gridParts(startMs, middle - stepMs, stepMs), ...gridParts(middle, endMs, stepMs)];
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/** x with (a * x) % m == 1, for a and m coprime (extended Euclid). */
function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r, oldS, s] = [a % m, m, 1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/**
 * The `utcOffsetSec` that makes Grafana's AlignTimeRange leave `startMs` where it is:
 * (start + offset) must be a multiple of step, with a whole number of seconds as offset.
 * Null when no such offset exists (a start with a millisecond part the step cannot absorb).
 */
export function alignmentOffsetSec(startMs: number, stepMs: number): number | null {
  const step = BigInt(stepMs);
  const wanted = (((-BigInt(startMs)) % step) + step) % step;
  const g = gcd(1000n, step);
  if (wanted % g !== 0n) return null;
  const modulus = step / g;
  if (modulus === 1n) return 0;
  return Number(((wanted / g) * inverse(1000n / g, modulus)) % modulus);
}
