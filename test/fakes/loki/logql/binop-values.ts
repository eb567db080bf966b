/** Loki's MergeBinOp on two sample values: arithmetic, and comparisons that filter or return 0/1. */
import type { BinOp } from './ast.js';

/**
 * The merged value, or undefined when a filtering comparison drops the sample. `filter` is true
 * for comparisons without `bool`; `comparisonKeepsLeft` returns the kept side's value instead of 1.
 */
export function mergeBinOp(op: BinOp, left: number, right: number, filter: boolean, keepValue: boolean, keptValue = left): number | undefined {
  const cmp = (ok: boolean): number | undefined => {
    if (ok) return keepValue && filter ? keptValue : 1;
    return filter ? undefined : 0;
  };
  switch (op) {
    case '+': return left + right;
    case '-': return left - right;
    case '*': return left * right;
    case '/': return right === 0 ? NaN : left / right;
    case '%': return right === 0 ? NaN : goMod(left, right);
    case '^': return Math.pow(left, right);
    case '==': return cmp(left === right);
    case '!=': return cmp(left !== right);
    case '>': return cmp(left > right);
    case '>=': return cmp(left >= right);
    case '<': return cmp(left < right);
    case '<=': return cmp(left <= right);
    default: return undefined;
  }
}

/** math.Mod: the result has the sign of x. */
function goMod(x: number, y: number): number {
  return x % y;
}

/** Comparison operators. */
export function isComparison(op: BinOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '>=' || op === '<' || op === '<=';
}
