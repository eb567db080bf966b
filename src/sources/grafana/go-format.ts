/**
 * Number formatting as Prometheus and Loki write sample values (Go's
 * `strconv.FormatFloat(v, 'f', -1, 64)`): the shortest digits that read back to the same float,
 * never in exponent form, and "NaN", "+Inf", "-Inf".
 */

/** `v` as Prometheus/Loki put it in `[seconds, "value"]`. */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const text = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  // JavaScript switches to exponent form below 1e-6 and from 1e21; Go's 'f' format never does.
  const sign = m[1] ?? '';
  const digits = `${m[2] ?? ''}${m[3] ?? ''}`;
  const point = 1 + Number(m[4]);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

