/**
 * A streaming JSON scanner with the behaviour of github.com/buger/jsonparser as Loki's `| json`
 * uses it: values are reported with their raw text (numbers stay `1.50`, not 1.5), keys stay
 * escaped, scanning stops after the top-level object, and fields seen before a syntax error are
 * kept. JSON.parse cannot do this, so the fake scans itself.
 */

/** jsonparser value types. */
export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** Visitor for object members; return false to stop. `raw` is the string content without quotes. */
export type MemberVisitor = (key: string, raw: string, type: JsonType, start: number, end: number) => void;

export const MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
const MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
const MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
const MALFORMED_VALUE = "Value looks like Number/Boolean/None, but can't find its end: ',' or '}' symbol";
const UNKNOWN_TYPE = 'Unknown value type';

/** A scan failure with jsonparser's message. */
export class JsonScanError extends Error {}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Index just after the closing quote of a string starting at i (s[i] === '"'). */
function stringEnd(s: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    if (q < 0) throw new JsonScanError(MALFORMED_STRING);
    // The quote ends the string unless an odd number of backslashes escapes it.
    let b = q - 1;
    while (b > i && s.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Scans one value at i; returns its type and end. Containers are skipped, not visited. */
function valueEnd(s: string, i: number): { type: JsonType; end: number } {
  const c = s.charCodeAt(i);
  if (c === 34) return { type: 'string', end: stringEnd(s, i) };
  if (c === 123) return { type: 'object', end: containerEnd(s, i, 125, MALFORMED_OBJECT) };
  if (c === 91) return { type: 'array', end: containerEnd(s, i, 93, MALFORMED_ARRAY) };
  let j = i;
  while (j < s.length) {
    const d = s.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || isSpace(d)) break;
    j++;
  }
  const word = s.slice(i, j);
  if (c === 45 || (c >= 48 && c <= 57)) return { type: 'number', end: j };
  if (word === 'true' || word === 'false') return { type: 'boolean', end: j };
  if (word === 'null') return { type: 'null', end: j };
  if (j >= s.length && word.length > 0) throw new JsonScanError(MALFORMED_VALUE);
  throw new JsonScanError(UNKNOWN_TYPE);
}

function containerEnd(s: string, i: number, close: number, message: string): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 34) j = stringEnd(s, j) - 1;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) {
        if (c !== close) throw new JsonScanError(message);
        return j + 1;
      }
    }
  }
  throw new JsonScanError(message);
}

/** jsonparser.ObjectEach: visits the members of the object at `start`; throws on malformed input. */
export function objectEach(s: string, visit: MemberVisitor, start = 0): void {
  let i = skipSpace(s, start);
  if (s.charCodeAt(i) !== 123) throw new JsonScanError(MALFORMED_OBJECT);
  i = skipSpace(s, i + 1);
  if (s.charCodeAt(i) === 125) return;
  for (;;) {
    if (s.charCodeAt(i) !== 34) throw new JsonScanError(MALFORMED_OBJECT);
    const keyEnd = stringEnd(s, i);
    const key = s.slice(i + 1, keyEnd - 1);
    i = skipSpace(s, keyEnd);
    if (s.charCodeAt(i) !== 58) throw new JsonScanError(MALFORMED_OBJECT);
    i = skipSpace(s, i + 1);
    if (i >= s.length) throw new JsonScanError(MALFORMED_OBJECT);
    const { type, end } = valueEnd(s, i);
    const raw = type === 'string' ? s.slice(i + 1, end - 1) : s.slice(i, end);
    visit(key, raw, type, i, end);
    i = skipSpace(s, end);
    const c = s.charCodeAt(i);
    if (c === 125) return;
    if (c !== 44) throw new JsonScanError(MALFORMED_OBJECT);
    i = skipSpace(s, i + 1);
  }
}

/** Unescapes a JSON string body; "" when the escapes are invalid (as Loki's unescapeJSONString). */
export function unescapeJson(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return '';
  }
}

/** A member value found by `topLevelMembers`: its type and raw text (strings without quotes). */
export interface FoundValue {
  raw: string;
  type: JsonType;
  start: number;
}

/**
 * One pass over the top-level members collecting the first value of each wanted key (keys compared
 * unescaped), without closures: the hot path of `| json a="a"` and of level detection.
 */
export function topLevelMembers(s: string, wanted: readonly string[]): (FoundValue | undefined)[] {
  const found: (FoundValue | undefined)[] = new Array<FoundValue | undefined>(wanted.length).fill(undefined);
  let missing = wanted.length;
  let i = skipSpace(s, 0);
  if (s.charCodeAt(i) !== 123) throw new JsonScanError(MALFORMED_OBJECT);
  i = skipSpace(s, i + 1);
  if (s.charCodeAt(i) === 125) return found;
  for (;;) {
    if (s.charCodeAt(i) !== 34) throw new JsonScanError(MALFORMED_OBJECT);
    const keyEnd = stringEnd(s, i);
    const vStart = skipSpace(s, skipSpace(s, keyEnd) + 1);
    if (s.charCodeAt(skipSpace(s, keyEnd)) !== 58 || vStart >= s.length) throw new JsonScanError(MALFORMED_OBJECT);
    const { type, end } = valueEnd(s, vStart);
    if (missing > 0) {
      let key = s.slice(i + 1, keyEnd - 1);
      if (key.includes('\\')) key = unescapeJson(key);
      for (let w = 0; w < wanted.length; w++) {
        if (found[w] === undefined && wanted[w] === key) {
          found[w] = { raw: type === 'string' ? s.slice(vStart + 1, end - 1) : s.slice(vStart, end), type, start: vStart };
          missing--;
        }
      }
      // Like jsonparser.EachKey, stop once every wanted key is found.
      if (missing === 0) return found;
    }
    i = skipSpace(s, end);
    const c = s.charCodeAt(i);
    if (c === 125) return found;
    if (c !== 44) throw new JsonScanError(MALFORMED_OBJECT);
    i = skipSpace(s, i + 1);
  }
}

/** One step of a `| json a="x.y[0]"` path. */
export type PathStep = string | number;

/** Finds the value at a path (jsonparser.Get semantics: keys compared unescaped). */
export function getPath(s: string, path: readonly PathStep[]): { raw: string; type: JsonType } | undefined {
  let start = skipSpace(s, 0);
  let found: { raw: string; type: JsonType } | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    const step = path[depth];
    found = undefined;
    let next = -1;
    if (typeof step === 'number') {
      if (s.charCodeAt(start) !== 91) return undefined;
      next = arrayItem(s, start, step);
      if (next < 0) return undefined;
    } else {
      objectEach(s, (key, _raw, _type, vStart) => {
        if (next < 0 && unescapeJson(key) === step) next = vStart;
      }, start);
      if (next < 0) return undefined;
    }
    const { type, end } = valueEnd(s, next);
    found = { raw: type === 'string' ? s.slice(next + 1, end - 1) : s.slice(next, end), type };
    start = next;
  }
  return found;
}

function arrayItem(s: string, start: number, index: number): number {
  let i = skipSpace(s, start + 1);
  for (let k = 0; i < s.length && s.charCodeAt(i) !== 93; k++) {
    if (k === index) return i;
    i = skipSpace(s, valueEnd(s, i).end);
    if (s.charCodeAt(i) === 44) i = skipSpace(s, i + 1);
  }
  return -1;
}
