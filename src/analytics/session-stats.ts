/** Session figures from the sessions started (in total and per user) and the lengths of those that ended. */
import { SESSION_LENGTH_BOUNDS_MS, type SessionStats } from '../sources/types.js';
import { quantile } from './stats.js';

/** The lengths histogram (SESSION_LENGTH_BOUNDS_MS), median and p90 (linear interpolation, as LogQL's quantile_over_time). */
export function sessionStatsOf(count: number, perUser: Map<string, number>, lengths: readonly number[]): SessionStats {
  const bounds = [...SESSION_LENGTH_BOUNDS_MS];
  const counts = new Array<number>(bounds.length + 1).fill(0);
  let sum = 0;
  for (const ms of lengths) {
    const bucket = bounds.findIndex((b) => ms <= b);
    counts[bucket === -1 ? bounds.length : bucket]!++;
    sum += ms;
  }
  return { count, perUser, lengths: { bounds, counts, count: lengths.length, sum }, medianMs: quantile(lengths, 0.5), p90Ms: quantile(lengths, 0.9) };
}
