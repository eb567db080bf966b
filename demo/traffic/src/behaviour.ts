/**
 * How simulated people use the apps: feature popularity per app (very uneven, as in real
 * products) and the app a person goes to next (a few dominant transitions), so adoption, usage
 * and journey reports have something to show.
 */

/** Relative weights of an app's features; names as in reports.config.yaml. */
export const FEATURE_WEIGHTS: Record<string, Record<string, number>> = {
  dice: { roll: 50, reroll: 20, history: 10, leaderboard: 8, share_result: 4, custom_dice: 2, export_csv: 1 },
  forecast: { run_forecast: 40, adjust_params: 25, upload_data: 12, download_chart: 8, compare_scenarios: 4, share_link: 1 },
  tickets: { search: 40, comment: 25, create_ticket: 15, assign: 10, close_ticket: 8, bulk_edit: 1 },
  wiki: { view_page: 60, search: 25, edit_page: 8, create_page: 4, attach_file: 2, export_pdf: 1 },
  catalog: { browse: 45, search: 25, view_item: 20, compare: 5, add_favorite: 4, request_quote: 1 },
};

/** Where a person goes after a session in an app; the rest of the weight is leaving for now. */
export const TRANSITIONS: Record<string, Record<string, number>> = {
  dice: { forecast: 0.45, wiki: 0.1 },
  forecast: { dice: 0.25, tickets: 0.15 },
  tickets: { wiki: 0.4, catalog: 0.1 },
  wiki: { tickets: 0.2, dice: 0.1 },
  catalog: { forecast: 0.3, dice: 0.1 },
};

/** Where people start their visits: most in the first app listed. */
export const HOME_WEIGHTS = [6, 3, 1, 1, 1];

/** A seeded random number generator (mulberry32): the same seed gives the same people. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a key of `weights` in proportion to its weight; undefined when the draw falls past them. */
export function pick(random: () => number, weights: Record<string, number>, total?: number): string | undefined {
  const entries = Object.entries(weights);
  let draw = random() * (total ?? entries.reduce((s, [, w]) => s + w, 0));
  for (const [key, weight] of entries) {
    draw -= weight;
    if (draw < 0) return key;
  }
  return undefined;
}

/** Weights for features an app lists itself (GET /api/features) when they are not known here: 1/rank. */
export function rankWeights(features: readonly string[]): Record<string, number> {
  return Object.fromEntries(features.map((f, i) => [f, 1 / (i + 1)]));
}

/** The next app after a session in `app`, among the apps that are running; undefined = leave. */
export function nextApp(random: () => number, app: string, running: readonly string[]): string | undefined {
  const next = pick(random, TRANSITIONS[app] ?? {}, 1);
  return next !== undefined && running.includes(next) ? next : undefined;
}
