/**
 * What each dice feature does. The names are the reports.config.yaml feature names; their very
 * different popularity comes from the users (the traffic generator), not from here.
 */

/** The features, as in reports.config.yaml. */
export const FEATURES = ['roll', 'reroll', 'history', 'leaderboard', 'share_result', 'custom_dice', 'export_csv'] as const;

/** One feature name. */
export type Feature = (typeof FEATURES)[number];

/** A feature that failed on the server side (answered 500, logged as `error`). */
export class FeatureError extends Error {}

/** Per-process state the features share. */
export interface DiceState {
  rolls: Map<string, number[]>;
  /** Share of export_csv calls that fail, 0..1: a flaky feature gives the error ratio something to show. */
  exportErrorRate: number;
  random: () => number;
}

/** Whether `name` is a dice feature. */
export function isFeature(name: string): name is Feature {
  return (FEATURES as readonly string[]).includes(name);
}

function roll(state: DiceState, user: string, sides: number, count: number): number[] {
  const dice = Array.from({ length: count }, () => 1 + Math.floor(state.random() * sides));
  const history = state.rolls.get(user) ?? [];
  history.push(dice.reduce((a, b) => a + b, 0));
  state.rolls.set(user, history.slice(-50));
  return dice;
}

/** Runs a feature for a user; `params` comes from the request body. */
export function runFeature(state: DiceState, feature: Feature, user: string, params: Record<string, unknown>): unknown {
  switch (feature) {
    case 'roll':
    case 'reroll':
      return { dice: roll(state, user, 6, 2) };
    case 'custom_dice': {
      const sides = Math.min(100, Math.max(2, Number(params.sides) || 20));
      const count = Math.min(10, Math.max(1, Number(params.count) || 1));
      return { dice: roll(state, user, sides, count) };
    }
    case 'history':
      return { totals: state.rolls.get(user) ?? [] };
    case 'leaderboard':
      return {
        top: [...state.rolls.entries()]
          .map(([name, totals]) => ({ user: name, best: Math.max(...totals) }))
          .sort((a, b) => b.best - a.best)
          .slice(0, 10),
      };
    case 'share_result':
      return { link: `/shared/${user}/${(state.rolls.get(user) ?? []).length}` };
    case 'export_csv':
      if (state.random() < state.exportErrorRate) throw new FeatureError('export_csv failed: storage timeout');
      return { csv: ['roll,total', ...(state.rolls.get(user) ?? []).map((t, i) => `${i + 1},${t}`)].join('\n') };
  }
}
