/** Go string literals and byte sizes as LogQL's lexer reads them. */

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1e3, kb: 1e3, ki: 1024, kib: 1024, m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2,
  g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3, t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4,
  p: 1e15, pb: 1e15, pi: 1024 ** 5, pib: 1024 ** 5,
};

/** go-humanize ParseBytes, for `size > 20MB` style filters. */
export function parseHumanBytes(s: string): number {
  const m = /^([0-9.]+)\s*([a-zA-Z]*)$/.exec(s);
  const unit = SIZE_UNITS[(m?.[2] ?? 'x').toLowerCase()];
  if (!m || unit === undefined) throw new Error('bad size');
  return Math.floor(Number(m[1]) * unit);
}

/** Prometheus strutil.Unquote: Go double-quoted, single-quoted or raw (backtick) strings. */
export function unquote(s: string): string {
  const invalid = new Error('invalid syntax');
  if (s.length < 2) throw invalid;
  const q = s[0];
  if (q !== s[s.length - 1]) throw invalid;
  const body = s.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw invalid;
    return body;
  }
  if ((q !== '"' && q !== "'") || body.includes('\n')) throw invalid;
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i] ?? '';
    if (c === q) throw invalid;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1] ?? '';
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (simple[e] !== undefined) {
      out += simple[e];
      i += 2;
    } else if (e === q) {
      out += q;
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw invalid;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) throw invalid;
      out += String.fromCodePoint(cp);
      i += 2 + n;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) throw invalid;
      out += String.fromCodePoint(parseInt(oct, 8));
      i += 4;
    } else {
      throw invalid;
    }
  }
  return out;
}
