/** Loki's validateExpr: node errors kept by the actions, then the selector rule on matchers. */
import { deferredError } from './actions.js';
import type { Expr, LogSelector, SampleExpr } from './ast.js';
import { ParseError } from './errors.js';
import { matches } from './matchers.js';

const EMPTY_MATCHER =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will';

/** Throws the first error Loki would report for a parsed tree. */
export function validateExpr(e: Expr): void {
  if (e.kind === 'log') validateSelector(e);
  else validateSample(e);
}

function check(node: object): void {
  const err = deferredError.get(node);
  if (err !== undefined) throw new ParseError(err);
}

function validateSample(e: SampleExpr): void {
  check(e);
  switch (e.kind) {
    case 'binop':
      validateSample(e.left);
      validateSample(e.right);
      return;
    case 'literal':
    case 'vector_literal':
      return;
    case 'label_replace':
      validateSample(e.inner);
      return;
    case 'vector':
      if ((e.op === 'sort' || e.op === 'sort_desc') && e.grouping && e.grouping.labels.length > 0) {
        throw new ParseError('sort and sort_desc doesn\'t allow grouping by ');
      }
      validateSample(e.inner);
      return;
    case 'range':
      validateSelector(e.range.selector);
  }
}

/** util.SplitFiltersAndMatchers: at least one matcher must not match the empty string. */
function validateSelector(s: LogSelector): void {
  const selective = s.matchers.filter((m) => !matches(m, '') );
  if (selective.length === 0) throw new ParseError(EMPTY_MATCHER);
}
