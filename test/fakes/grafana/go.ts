/**
 * The few Go behaviours Grafana's output depends on: time.Duration.String(),
 * strconv.ParseFloat on Prometheus' value strings, encoding/json of a label map (sorted keys,
 * HTML-safe escaping) and hash/fnv's 32-bit FNV-1 (Loki log line ids).
 */

/** Go's Duration.String() for a whole number of milliseconds: "1m0s", "1h0m0s", "500ms", "1.5s". */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = (rest / 1000).toFixed(3).replace(/\.?0+$/, '');
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** strconv.ParseFloat for the values Prometheus and Loki write ("1.5", "NaN", "+Inf", "-Inf", "1e+00"). */
export function goParseFloat(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan') return NaN;
  if (lower === '+inf' || lower === 'inf' || lower === '+infinity' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(text)}: invalid syntax`);
  return value;
}

/** encoding/json (and jsoniter's default config) of a map[string]string: keys sorted, <>& and U+2028/9 escaped. */
export function goJsonLabels(labels: Record<string, string>): string {
  const escape = (s: string): string =>
    JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const body = Object.keys(labels)
    .sort()
    .map((k) => `${escape(k)}:${escape(labels[k] ?? '')}`)
    .join(',');
  return `{${body}}`;
}

/** hash/fnv New32 (FNV-1, not FNV-1a) of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash = Math.imul(hash, 0x01000193) >>> 0;
    hash = (hash ^ byte) >>> 0;
  }
  return hash;
}

/** strconv.FormatFloat(f, 'f', -1, 64) of seconds, as promlib's formatTime writes start/end/time. */
export function goSeconds(ms: number): string {
  const text = String(ms / 1000);
  return text.includes('e') ? (ms / 1000).toFixed(3).replace(/\.?0+$/, '') : text;
}
