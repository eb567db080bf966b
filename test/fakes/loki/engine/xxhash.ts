/**
 * XXH64 (seed 0), as Prometheus' labels.Hash() computes it over `name\xffvalue\xff...`. Loki breaks
 * ties between streams with equal timestamps by this hash, so the fake can pick the same lines when
 * a `limit` cuts through lines sharing one nanosecond.
 */
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;
const M = (1n << 64n) - 1n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M;
const round = (acc: bigint, input: bigint): bigint => (rotl((acc + input * P2) & M, 31n) * P1) & M;
const merge = (acc: bigint, val: bigint): bigint => ((((acc ^ round(0n, val)) * P1) & M) + P4) & M;

function u64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k] ?? 0);
  return v;
}

function u32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16)) + BigInt(b[i + 3] ?? 0) * 16777216n;
}

/** XXH64 of bytes. */
export function xxhash64(b: Uint8Array): bigint {
  const n = b.length;
  let i = 0;
  let h: bigint;
  if (n >= 32) {
    let v1 = (P1 + P2) & M;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (M + 1n - P1) & M;
    for (; i + 32 <= n; i += 32) {
      v1 = round(v1, u64(b, i));
      v2 = round(v2, u64(b, i + 8));
      v3 = round(v3, u64(b, i + 16));
      v4 = round(v4, u64(b, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M;
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(n)) & M;
  for (; i + 8 <= n; i += 8) h = ((rotl(h ^ round(0n, u64(b, i)), 27n) * P1) & M) + P4 & M;
  if (i + 4 <= n) {
    h = ((rotl(h ^ ((u32(b, i) * P1) & M), 23n) * P2) & M) + P3 & M;
    i += 4;
  }
  for (; i < n; i++) h = (rotl(h ^ ((BigInt(b[i] ?? 0) * P5) & M), 11n) * P1) & M;
  h ^= h >> 33n;
  h = (h * P2) & M;
  h ^= h >> 29n;
  h = (h * P3) & M;
  h ^= h >> 32n;
  return h;
}

/** Prometheus labels.Hash() of a label set (names sorted). */
export function labelsHash(pairs: [string, string][]): bigint {
  const parts: Buffer[] = [];
  const sep = Buffer.from([0xff]);
  for (const [k, v] of pairs) parts.push(Buffer.from(k, 'utf8'), sep, Buffer.from(v, 'utf8'), sep);
  return xxhash64(Buffer.concat(parts));
}
