/** The evaluator's value types: a grid of evaluation times and series over it. */
import type { Labels } from './labels.js';

/** Evaluation times t0, t0 + step, ... (n of them), in nanoseconds. */
export interface Grid {
  t0: bigint;
  step: bigint;
  n: number;
}

/** One series: a value (or none) per grid point. */
export interface Series {
  labels: Labels;
  values: (number | undefined)[];
}

/** Series keyed by their label string. */
export type Matrix = Map<string, Series>;

/** What an expression evaluates to. */
export type Value = { kind: 'matrix'; m: Matrix } | { kind: 'scalar'; v: number };
