/**
 * Binary operations per evaluation time, as Loki's BinOpStepEvaluator and LiteralStepEvaluator:
 * set operators (`and`, `or`, `unless`) on label signatures, one-to-one arithmetic and
 * comparisons (filtering unless `bool`), `on (...)`/`ignoring (...)`, and vector-scalar forms.
 */
import type { BinaryExpr } from '../logql/ast.js';
import { isComparison, mergeBinOp } from '../logql/binop-values.js';
import { QueryError } from './errors.js';
import { groupLabels, labelsString, type Labels } from './labels.js';
import type { Grid, Matrix, Series, Value } from './matrix.js';

interface Sample {
  key: string;
  series: Series;
  v: number;
  sig: string;
}

/** Evaluates `left op right` where at least one side is a matrix. */
export function evalBinOp(e: BinaryExpr, left: Value, right: Value, grid: Grid): Matrix {
  if (left.kind === 'scalar' && right.kind === 'matrix') return withScalar(e, right.m, left.v, true, grid);
  if (left.kind === 'matrix' && right.kind === 'scalar') return withScalar(e, left.m, right.v, false, grid);
  if (left.kind === 'matrix' && right.kind === 'matrix') return vectorVector(e, left.m, right.m, grid);
  throw new QueryError('unexpected scalar binary operation');
}

function newOut(): { out: Matrix; put: (labels: Labels, k: number, v: number, n: number) => void } {
  const out: Matrix = new Map();
  const put = (labels: Labels, k: number, v: number, n: number): void => {
    const key = labelsString(labels);
    let s = out.get(key);
    if (!s) {
      s = { labels, values: new Array<number | undefined>(n).fill(undefined) };
      out.set(key, s);
    }
    s.values[k] = v;
  };
  return { out, put };
}

function withScalar(e: BinaryExpr, m: Matrix, scalar: number, scalarLeft: boolean, grid: Grid): Matrix {
  const { out, put } = newOut();
  const filter = !e.opts.returnBool;
  for (let k = 0; k < grid.n; k++) {
    for (const s of m.values()) {
      const v = s.values[k];
      if (v === undefined) continue;
      const [l, r] = scalarLeft ? [scalar, v] : [v, scalar];
      const merged = mergeBinOp(e.op, l, r, filter, isComparison(e.op), v);
      if (merged !== undefined) put(s.labels, k, merged, grid.n);
    }
  }
  return out;
}

function signature(labels: Labels, e: BinaryExpr): string {
  return labelsString(groupLabels(labels, e.opts.matching, !e.opts.on));
}

function samplesAt(m: Matrix, k: number, e: BinaryExpr): Sample[] {
  const out: Sample[] = [];
  for (const [key, series] of m) {
    const v = series.values[k];
    if (v !== undefined) out.push({ key, series, v, sig: signature(series.labels, e) });
  }
  return out;
}

function resultLabels(labels: Labels, e: BinaryExpr): Labels {
  if (e.opts.on) return groupLabels(labels, e.opts.matching, false);
  return groupLabels(labels, e.opts.matching, true);
}

function vectorVector(e: BinaryExpr, left: Matrix, right: Matrix, grid: Grid): Matrix {
  const { out, put } = newOut();
  for (let k = 0; k < grid.n; k++) {
    const lhs = samplesAt(left, k, e);
    const rhs = samplesAt(right, k, e);
    const rsigs = new Set(rhs.map((s) => s.sig));
    switch (e.op) {
      case 'and':
        if (lhs.length && rhs.length) for (const s of lhs) if (rsigs.has(s.sig)) put(s.series.labels, k, s.v, grid.n);
        continue;
      case 'unless':
        for (const s of lhs) if (!rhs.length || !rsigs.has(s.sig)) put(s.series.labels, k, s.v, grid.n);
        continue;
      case 'or': {
        const lsigs = new Set(lhs.map((s) => s.sig));
        for (const s of lhs) put(s.series.labels, k, s.v, grid.n);
        for (const s of rhs) if (!lhs.length || !lsigs.has(s.sig)) put(s.series.labels, k, s.v, grid.n);
        continue;
      }
      default:
        oneToOne(e, lhs, rhs, k, grid.n, put);
    }
  }
  return out;
}

function oneToOne(e: BinaryExpr, lhs: Sample[], rhs: Sample[], k: number, n: number, put: (l: Labels, k: number, v: number, n: number) => void): void {
  const bySig = new Map<string, Sample>();
  for (const s of rhs) {
    if (bySig.has(s.sig)) {
      throw new QueryError('found duplicate series on the right hand-side;many-to-many matching not allowed: matching labels must be unique on one side');
    }
    bySig.set(s.sig, s);
  }
  const matched = new Set<string>();
  for (const l of lhs) {
    const r = bySig.get(l.sig);
    if (!r) continue;
    if (matched.has(l.sig)) throw new QueryError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
    matched.add(l.sig);
    const merged = mergeBinOp(e.op, l.v, r.v, !e.opts.returnBool, isComparison(e.op), l.v);
    if (merged !== undefined) put(resultLabels(l.series.labels, e), k, merged, n);
  }
}
