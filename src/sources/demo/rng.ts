/**
 * Counter-based randomness: every draw is a hash of the seed and a few integer keys (a user,
 * a day, a session, a minute), so any part of the simulated organisation can be derived on
 * demand, in any order, without storing it, and always gives the same answer.
 */

/** Avalanche mix of a 32-bit integer (the murmur3 finaliser). */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uint32 hash of a seed and up to three integer keys. */
export function hash(seed: number, a: number, b = 0, c = 0): number {
  let h = mix32(((seed ^ a) + 0x9e3779b9) >>> 0);
  h = mix32(((h ^ b) + 0x7f4a7c15) >>> 0);
  return mix32(((h ^ c) + 0x94d049bb) >>> 0);
}

/** A uniform number in [0, 1) from a seed and up to three integer keys. */
export function uniform(seed: number, a: number, b = 0, c = 0): number {
  return hash(seed, a, b, c) / 4294967296;
}

/** Folds any safe integer seed (negative or above 2^32 too) into 32 bits. */
export function seed32(seed: number): number {
  const low = seed >>> 0;
  const high = Math.floor(seed / 4294967296) >>> 0;
  return mix32(low ^ mix32(high + 0x632be5ab));
}

/** Salts that keep the streams of different concerns apart. */
export const SALT = {
  user: 1,
  userDay: 2,
  journey: 3,
  events: 4,
  ops: 5,
  traffic: 6,
  featureReach: 7,
  sessionId: 8,
} as const;

/**
 * A sequential generator (mulberry32) for draws that belong together, such as the events of
 * one session; `reset` re-keys it, so one instance serves many sessions without allocation.
 */
export class Stream {
  private state = 0;
  private spare: number | null = null;

  constructor(key = 0) {
    this.state = key >>> 0;
  }

  /** Restarts the stream at `key` (usually a `hash(...)`). */
  reset(key: number): this {
    this.state = key >>> 0;
    this.spare = null;
    return this;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Poisson-distributed count (inversion; fine for the small means used here). */
  poisson(mean: number, cap: number): number {
    let k = 0;
    let p = Math.exp(-mean);
    let cdf = p;
    const u = this.next();
    while (u > cdf && k < cap) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
}

/** Index into `cumulative` (ascending, last = total) for a uniform `u` in [0, 1). */
export function pickCumulative(cumulative: ArrayLike<number>, u: number): number {
  const last = cumulative.length - 1;
  const target = u * (cumulative[last] ?? 0);
  for (let i = 0; i < last; i++) if (target < (cumulative[i] ?? 0)) return i;
  return last;
}

/** Running sums of `weights`, for `pickCumulative`. */
export function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/** FNV-1a hash of a string, to key draws by names such as app ids. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
