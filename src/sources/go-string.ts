/**
 * PromQL and LogQL read double-quoted strings with Go's `strconv.Unquote`, so one quoting serves
 * both languages: every value from config or data placed in a query goes through `goString`.
 */

/**
 * A double-quoted Go string literal holding exactly `value`. Backslash and quote are escaped,
 * control characters become `\n`, `\r`, `\t` or `\xHH`, and a lone surrogate (which cannot travel
 * as UTF-8) becomes U+FFFD; other characters, backticks and any Unicode included, are safe.
 */
export function goString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\uFFFD';
    else out += ch;
  }
  return `${out}"`;
}
