/**
 * Label matchers with Prometheus semantics: regexes are fully anchored (`^(?s:re)$`), a missing
 * label matches like an empty value. Go RE2 syntax is translated to JavaScript for the subset that
 * LogQL queries use (named groups `(?P<n>`, leading `(?i)` flags, `\z`); anything JavaScript cannot
 * compile is refused like Go refuses a bad regex.
 */
import type { MatchOp, Matcher } from './ast.js';
import { ParseError } from './errors.js';

/** Compiles a Go regex into a JavaScript one, anchored or not. */
export function compileGoRegex(source: string, anchored: boolean): RegExp {
  let flags = 's';
  let body = source;
  const lead = /^\(\?([imsU]+)\)/.exec(body);
  if (lead) {
    if ((lead[1] ?? '').includes('i')) flags += 'i';
    if ((lead[1] ?? '').includes('m')) flags += 'm';
    body = body.slice(lead[0].length);
  }
  body = body.replace(/\(\?P</g, '(?<').replace(/\\z/g, '$').replace(/\\A/g, '^');
  if (/\(\?[a-zA-Z]/.test(body.replace(/\(\?<[A-Za-z_]/g, ''))) {
    throw new Error(`invalid or unsupported Perl syntax in ${JSON.stringify(source)}`);
  }
  try {
    return new RegExp(anchored ? `^(?:${body})$` : body, flags);
  } catch (e) {
    throw new Error(goRegexMessage(source, (e as Error).message));
  }
}

/** Go's regexp/syntax wording for the errors JavaScript also detects. */
function goRegexMessage(source: string, js: string): string {
  if (js.includes('Unterminated group')) return `missing closing ): \`${source}\``;
  if (js.includes("Unmatched ')'")) return `unexpected ): \`${source}\``;
  if (js.includes('Unterminated character class')) return `missing closing ]: \`${source.slice(source.lastIndexOf('['))}\``;
  if (js.includes('Nothing to repeat')) return `missing argument to repetition operator: \`${/[*+?]/.exec(source)?.[0] ?? '*'}\``;
  return `invalid regexp: \`${source}\``;
}

/** labels.NewMatcher: a matcher, or Loki's panic as a parse error for a regex that does not compile. */
export function newMatcher(op: MatchOp, name: string, value: string): Matcher {
  if (op !== '=~' && op !== '!~') return { name, op, value };
  try {
    return { name, op, value, re: compileGoRegex(value, true) };
  } catch (e) {
    throw new ParseError(`error parsing regexp: ${(e as Error).message}`);
  }
}

/** Whether a label value (undefined = missing) satisfies the matcher. */
export function matches(m: Matcher, value: string | undefined): boolean {
  const v = value ?? '';
  switch (m.op) {
    case '=': return v === m.value;
    case '!=': return v !== m.value;
    case '=~': return m.re?.test(v) ?? false;
    case '!~': return !(m.re?.test(v) ?? false);
  }
}
