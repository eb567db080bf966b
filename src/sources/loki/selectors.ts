/**
 * Several apps as few stream selectors as possible: apps whose selectors differ only in one
 * label's value (`{app="dice"}`, `{app="wiki"}`) and that are parsed alike become one selector
 * (`{app=~"dice|wiki"}`, values regex-escaped); the others stay on their own.
 */
import { logqlString, regexEscape } from './logql.js';
import type { LogApp } from './pipeline.js';

/** One label matcher of a stream selector. */
export interface SelectorMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

const TOKEN = /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(=~|!~|!=|=)|("(?:[^"\\]|\\.)*"|`[^`]*`)|([{},]))/y;

/** The matchers of a selector that is only `{name op "value", ...}`; undefined for anything else (pipelines, odd syntax). */
export function parseSelector(selector: string): SelectorMatcher[] | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < selector.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(selector);
    if (!m) return selector.slice(start).trim() === '' ? tokensToMatchers(tokens) : undefined;
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  }
  return tokensToMatchers(tokens);
}

function tokensToMatchers(tokens: string[]): SelectorMatcher[] | undefined {
  // `{` then `name op value sep` per matcher, the last separator being `}`.
  if (tokens[0] !== '{' || tokens[tokens.length - 1] !== '}' || (tokens.length - 1) % 4 !== 0) return undefined;
  const out: SelectorMatcher[] = [];
  for (let i = 1; i < tokens.length - 1; i += 4) {
    const [name, op, quoted, sep] = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]];
    const value = quoted === undefined ? undefined : unquote(quoted);
    if (!name || !/^[A-Za-z_]/.test(name) || (op !== '=' && op !== '!=' && op !== '=~' && op !== '!~') || value === undefined) return undefined;
    if (sep !== ',' && sep !== '}') return undefined;
    out.push({ name, op, value });
  }
  return out.length > 0 ? out : undefined;
}

function unquote(token: string): string | undefined {
  if (token.startsWith('`')) return token.slice(1, -1);
  if (!token.startsWith('"')) return undefined;
  try {
    // LogQL double-quoted strings follow Go's strconv.Unquote; JSON covers the escapes configs use.
    return JSON.parse(token) as string;
  } catch {
    return undefined;
  }
}

/** Apps asked together through one selector. */
export interface AppGroup {
  apps: LogApp[];
  /** The selector for all of them (the app's own for a group of one). */
  selector: string;
}

interface Pending {
  apps: LogApp[];
  matchers: SelectorMatcher[];
  /** The label whose value differs, once the group has two apps. */
  label?: string;
}

const key = (m: SelectorMatcher): string => `${m.name}\u0000${m.op}\u0000${m.value}`;

/** The one `=` matcher in which `a` and `b` differ, if they differ in nothing else. */
function differingLabel(a: SelectorMatcher[], b: SelectorMatcher[]): string | undefined {
  if (a.length !== b.length) return undefined;
  const bKeys = new Set(b.map(key));
  const onlyA = a.filter((m) => !bKeys.has(key(m)));
  if (onlyA.length !== 1 || onlyA[0]!.op !== '=') return undefined;
  const name = onlyA[0]!.name;
  const other = b.filter((m) => m.name === name && m.op === '=');
  return other.length === 1 && a.filter((m) => m.name === name).length === 1 ? name : undefined;
}

function joins(group: Pending, app: LogApp, matchers: SelectorMatcher[]): string | undefined {
  const first = group.apps[0]!;
  if (first.parser !== app.parser || first.fields.user !== app.fields.user) return undefined;
  // The same selector twice joins on any label; otherwise exactly one label's value may differ.
  const label = sameSet(group.matchers, matchers) ? (group.label ?? group.matchers.find((m) => m.op === '=')?.name) : differingLabel(group.matchers, matchers);
  if (label === undefined) return undefined;
  return group.label === undefined || group.label === label ? label : undefined;
}

function sameSet(a: SelectorMatcher[], b: SelectorMatcher[]): boolean {
  const keys = new Set(a.map(key));
  return a.length === b.length && b.every((m) => keys.has(key(m)));
}

/** Groups `apps` into combined selectors where possible (each app alone when `combine` is false). */
export function appGroups(apps: readonly LogApp[], combine: boolean): AppGroup[] {
  const groups: Pending[] = [];
  const alone: AppGroup[] = [];
  for (const app of apps) {
    const matchers = combine ? parseSelector(app.selector) : undefined;
    if (!matchers) {
      alone.push({ apps: [app], selector: app.selector });
      continue;
    }
    const group = groups.find((g) => joins(g, app, matchers) !== undefined);
    if (!group) {
      groups.push({ apps: [app], matchers });
      continue;
    }
    group.label = joins(group, app, matchers);
    group.apps.push(app);
  }
  return [...groups.map((g) => ({ apps: g.apps, selector: g.apps.length === 1 ? g.apps[0]!.selector : combined(g) })), ...alone];
}

function combined(group: Pending): string {
  const values = new Set(group.apps.map((app) => parseSelector(app.selector)!.find((m) => m.name === group.label && m.op === '=')!.value));
  const parts = group.matchers.map((m) =>
    m.name === group.label && m.op === '=' ? `${m.name}=~${logqlString([...values].map(regexEscape).join('|'))}` : `${m.name}${m.op}${logqlString(m.value)}`,
  );
  return `{${parts.join(', ')}}`;
}
