/**
 * Log lines behind the push-down facts in README.md, pushed as they are to a real Loki 3.4.6 and
 * served by the fake in pushdown.spec.ts (E = 2026-11-25T00:00Z):
 * - pd-many: 600 users, one every 4 minutes from E - 2 d (15 an hour), each with an info and a warn line;
 * - pd-peak: 501 users within the hour (E - 10 h, E - 9 h], one of Loki's 1 h pieces of a query at E;
 * - pd-a and pd-b: 300 users each within (E - 5 h, E - 4 h] (600 together);
 * - pd-days: user a at E - 36 h, user b at E - 60 h and E - 36 h.
 */
import type { FakeLogLine } from './index.js';

/** 2026-11-25T00:00Z in ms. */
export const E_MS = Date.UTC(2026, 10, 25);

const line = (app: string, ms: number, user: string, level = 'info'): FakeLogLine => ({
  tsNs: BigInt(ms) * 1_000_000n,
  labels: { app },
  line: JSON.stringify({ level, event: 'page_view', user }),
});

const id = (prefix: string, k: number): string => `${prefix}${String(k).padStart(3, '0')}`;

/** The lines, in time order per stream. */
export function pushdownLines(): FakeLogLine[] {
  const out: FakeLogLine[] = [];
  for (let k = 0; k < 600; k++) {
    const t = E_MS - 2 * 86_400_000 + k * 240_000;
    out.push(line('pd-many', t, id('m', k)), line('pd-many', t + 1000, id('m', k), 'warn'));
  }
  for (let k = 0; k < 501; k++) out.push(line('pd-peak', E_MS - 10 * 3_600_000 + 1000 + k * 7000, id('p', k)));
  for (let k = 0; k < 300; k++) {
    out.push(line('pd-a', E_MS - 5 * 3_600_000 + 1000 + k * 10_000, id('a', k)));
    out.push(line('pd-b', E_MS - 5 * 3_600_000 + 6000 + k * 10_000, id('b', k)));
  }
  out.push(line('pd-days', E_MS - 60 * 3_600_000, 'b'), line('pd-days', E_MS - 36 * 3_600_000, 'a'), line('pd-days', E_MS - 36 * 3_600_000, 'b'));
  return out;
}
