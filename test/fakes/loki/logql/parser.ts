/**
 * LogQL parser: goyacc's LALR driver run on the tables of Loki 3.4.6 (tables.ts), so that the fake
 * accepts exactly the real grammar and reports a syntax error at the same line and column with the
 * same words (`parse error at line 1, col 12: syntax error: unexpected $end, expecting } or ,`).
 * Semantic actions (actions.ts) build the subset the fake evaluates; valid LogQL outside that subset
 * is refused with a parse error that says the fake does not implement it.
 */
import { ACTIONS, type Values } from './actions.js';
import type { Expr } from './ast.js';
import { Lexer, TOKEN_TEXT, type Token } from './lexer.js';
import { ACT, CHK, DEF, EXCA, LAST, PACT, PGO, PRIVATE, R1, R2, RULES, TOK2, TOKNAMES } from './tables.js';
import { validateExpr } from './validate.js';
import { ParseError, Unsupported } from './errors.js';

export { ParseError, Unsupported };

const FLAG = -1000;
const ERR_CODE = 2;
const MAX_INPUT = 131072;

/** Parses and validates a query the way Loki's `syntax.ParseExpr` does (`validate: false` skips the checks). */
export function parseLogQL(input: string, opts: { validate?: boolean } = {}): Expr {
  if (input.length >= MAX_INPUT) throw new ParseError(`input size too long (${input.length} > ${MAX_INPUT})`);
  const lexer = new Lexer(input);
  const result = drive(lexer);
  const first = lexer.errors[0];
  if (first) throw new ParseError(first.msg, first.line, first.col);
  if (result.unsupported) throw new ParseError(`the fake Loki does not implement ${result.unsupported}`);
  if (!result.expr) throw new ParseError('syntax error: unexpected $end');
  if (opts.validate !== false) validateExpr(result.expr);
  return result.expr;
}

interface DriveResult {
  expr?: Expr;
  unsupported?: string;
}

function tokname(c: number): string {
  const text = TOKEN_TEXT.get(c - 2 + PRIVATE);
  if (text !== undefined) return text;
  return TOKNAMES[c - 1] ?? `tok-${c}`;
}

/** exprErrorMessage: "unexpected X" plus up to four expected tokens, as goyacc words it. */
function errorMessage(state: number, lookahead: number): string {
  let res = `syntax error: unexpected ${tokname(lookahead)}`;
  const expected: number[] = [];
  const base = PACT[state] ?? 0;
  for (let tok = 4; tok - 1 < TOKNAMES.length; tok++) {
    const n = base + tok;
    if (n >= 0 && n < LAST && CHK[ACT[n] ?? -1] === tok) {
      if (expected.length === 4) return res;
      expected.push(tok);
    }
  }
  if (DEF[state] === -2) {
    let i = 0;
    while (EXCA[i] !== -1 || EXCA[i + 1] !== state) i += 2;
    for (i += 2; (EXCA[i] ?? -1) >= 0; i += 2) {
      const tok = EXCA[i] ?? 0;
      if (tok < 4 || EXCA[i + 1] === 0) continue;
      if (expected.length === 4) return res;
      expected.push(tok);
    }
    if (EXCA[i + 1] !== 0) return res;
  }
  expected.forEach((tok, i) => {
    res += (i === 0 ? ', expecting ' : ' or ') + tokname(tok);
  });
  return res;
}

function internal(code: number): number {
  if (code <= 0) return 1;
  if (code >= PRIVATE && code < PRIVATE + TOK2.length) return TOK2[code - PRIVATE] ?? 3;
  return TOK2[1] ?? 3;
}

/** The goyacc driver loop; stops at the first syntax error (only the first error is ever reported). */
function drive(lexer: Lexer): DriveResult {
  const states: number[] = [];
  const values: unknown[] = [];
  let state = 0;
  let lookahead = -1;
  let lval: Token = { code: 0 };
  let pushed: unknown = undefined;
  const result: DriveResult = {};
  for (;;) {
    states.push(state);
    values.push(pushed);
    for (;;) {
      let n = PACT[state] ?? FLAG;
      if (n > FLAG) {
        if (lookahead < 0) {
          lval = lexer.lex();
          lookahead = internal(lval.code);
        }
        n += lookahead;
        if (n >= 0 && n < LAST) {
          const next = ACT[n] ?? -1;
          if (CHK[next] === lookahead) {
            lookahead = -1;
            pushed = lval;
            state = next;
            break;
          }
        }
      }
      let rule = DEF[state] ?? 0;
      if (rule === -2) {
        if (lookahead < 0) {
          lval = lexer.lex();
          lookahead = internal(lval.code);
        }
        let i = 0;
        while (EXCA[i] !== -1 || EXCA[i + 1] !== state) i += 2;
        for (i += 2; ; i += 2) {
          const t = EXCA[i] ?? -1;
          if (t < 0 || t === lookahead) break;
        }
        rule = EXCA[i + 1] ?? 0;
        if (rule < 0) return result;
      }
      if (rule === 0) {
        lexer.error(errorMessage(state, lookahead));
        void ERR_CODE;
        return result;
      }
      const len = R2[rule] ?? 0;
      const args = values.slice(values.length - len);
      states.length -= len;
      values.length -= len;
      pushed = reduce(rule, args, result);
      const lhs = R1[rule] ?? 0;
      const g = PGO[lhs] ?? 0;
      const top = states[states.length - 1] ?? 0;
      const j = g + top + 1;
      state = j >= LAST ? (ACT[g] ?? 0) : ACT[j] ?? 0;
      if (j < LAST && CHK[state] !== -lhs) state = ACT[g] ?? 0;
      break;
    }
  }
}

function reduce(rule: number, args: unknown[], result: DriveResult): unknown {
  const text = RULES[rule] ?? '';
  const action = ACTIONS[text];
  const $: Values = (i) => args[i - 1];
  if (!action) {
    result.unsupported ??= text.replace(/:.*/, '') + ` (${text})`;
    return undefined;
  }
  try {
    const v = action($);
    if (text.startsWith('root:')) result.expr = v as Expr;
    return v;
  } catch (e) {
    if (e instanceof Unsupported) {
      result.unsupported ??= e.message;
      return undefined;
    }
    throw e;
  }
}
