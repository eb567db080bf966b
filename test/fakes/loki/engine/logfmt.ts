/**
 * Loki's logfmt decoder (pkg/logql/log/logfmt, from go-logfmt): `key=value key="quoted \"x\""`,
 * bare keys without `=`, and the same recovery after a syntax error (skip to the next space).
 */

/** One decoded pair; `value` is undefined for a bare key or an empty value. */
export interface LogfmtPair {
  key: string;
  value: string | undefined;
}

/** The decoder's first syntax error, worded as Loki's (`logfmt syntax error at pos 12 : unexpected '='`). */
export interface LogfmtError {
  message: string;
}

/**
 * Decodes the pairs the decoder accepts, in order. Errors skip the broken pair like Loki does, or,
 * with `strict`, stop decoding; `errors` receives the first error either way.
 */
export function decodeLogfmt(line: string, strict = false, errors: LogfmtError[] = []): LogfmtPair[] {
  const out: LogfmtPair[] = [];
  let pos = 0;
  const fail = (at: number, msg: string): void => {
    if (errors.length === 0) errors.push({ message: `logfmt syntax error at pos ${at + 1} : ${msg}` });
  };
  const n = line.length;
  const skipValue = (): void => {
    while (pos < n && line.charCodeAt(pos) > 32) pos++;
  };
  while (pos < n) {
    while (pos < n && line.charCodeAt(pos) <= 32) pos++;
    if (pos >= n) break;
    const start = pos;
    let key: string | undefined;
    let ok = true;
    for (;;) {
      if (pos >= n) {
        key = line.slice(start, pos);
        break;
      }
      const c = line.charCodeAt(pos);
      if (c === 61) {
        if (pos > start) key = line.slice(start, pos);
        else {
          ok = false;
          fail(pos, "unexpected '='");
        }
        break;
      }
      if (c === 34) {
        ok = false;
        fail(pos, `unexpected '"'`);
        break;
      }
      if (c <= 32) {
        key = line.slice(start, pos);
        break;
      }
      pos++;
    }
    if (!ok) {
      if (strict) break;
      skipValue();
      continue;
    }
    if (pos >= n || line.charCodeAt(pos) !== 61) {
      out.push({ key: key ?? '', value: undefined });
      continue;
    }
    pos++;
    if (pos >= n || line.charCodeAt(pos) <= 32) {
      out.push({ key: key ?? '', value: undefined });
      continue;
    }
    if (line.charCodeAt(pos) === 34) {
      const value = quoted(line, pos);
      if (value === undefined) {
        fail(n, 'unterminated quoted value');
        break;
      }
      pos = value.end;
      if (value.text === undefined) {
        fail(pos - 1, 'invalid quoted value');
        if (strict) break;
        skipValue();
        continue;
      }
      out.push({ key: key ?? '', value: value.text === '' ? undefined : value.text });
      continue;
    }
    const vStart = pos;
    let bad = false;
    while (pos < n && line.charCodeAt(pos) > 32) {
      const c = line.charCodeAt(pos);
      if (c === 61 || c === 34) {
        bad = true;
        fail(pos, c === 61 ? "unexpected '='" : `unexpected '"'`);
        break;
      }
      pos++;
    }
    if (bad) {
      if (strict) break;
      skipValue();
      continue;
    }
    out.push({ key: key ?? '', value: line.slice(vStart, pos) });
  }
  return out;
}

/** A quoted value starting at the opening quote; text undefined when its escapes are invalid. */
function quoted(line: string, at: number): { text: string | undefined; end: number } | undefined {
  let esc = false;
  let hasEsc = false;
  for (let p = at + 1; p < line.length; p++) {
    const c = line.charCodeAt(p);
    if (esc) esc = false;
    else if (c === 92) hasEsc = esc = true;
    else if (c === 34) {
      const body = line.slice(at + 1, p);
      if (!hasEsc) return { text: body, end: p + 1 };
      try {
        return { text: JSON.parse(`"${body}"`) as string, end: p + 1 };
      } catch {
        return { text: undefined, end: p + 1 };
      }
    }
  }
  return undefined;
}
