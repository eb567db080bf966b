/**
 * JSON encoding as Loki writes it: log lines escaped like Go's encoding/json (`<`, `>`, `&`,
 * U+2028/9 as \uXXXX), labels without HTML escaping, timestamps as exact decimal numbers of seconds,
 * sample values as Go-formatted strings. Bodies are built by hand because JSON.stringify differs.
 */
import { formatSampleValue, formatSeconds } from '../logql/format.js';
import type { Labels } from '../engine/labels.js';
import { sortedObject } from '../engine/labels.js';
import type { StreamResult } from '../engine/log-query.js';

const fixShortEscapes = (json: string): string => json.replace(/\\(.)/g, (m, c: string) => (c === 'b' ? '\\u0008' : c === 'f' ? '\\u000c' : m));

/** A string as jsoniter writes label values. */
export function labelString(s: string): string {
  return fixShortEscapes(JSON.stringify(s));
}

/** A string as encoding/json writes log lines (HTML-safe). */
export function lineString(s: string): string {
  return fixShortEscapes(JSON.stringify(s)).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** A label map with sorted keys. */
export function labelsJson(labels: Labels): string {
  const sorted = sortedObject(labels);
  return '{' + Object.entries(sorted).map(([k, v]) => `${labelString(k)}:${labelString(v)}`).join(',') + '}';
}

/** `result` of a streams answer. */
export function streamsJson(streams: StreamResult[]): string {
  return '[' + streams.map((s) => {
    const values = s.values.map((v) => {
      const extra = v[2] === undefined ? '' : ',' + extraJson(v[2]);
      return `[${labelString(v[0])},${lineString(v[1])}${extra}]`;
    });
    return `{"stream":${labelsJson(s.stream)},"values":[${values.join(',')}]}`;
  }).join(',') + ']';
}

function extraJson(x: { structuredMetadata?: Labels; parsed?: Labels }): string {
  const parts: string[] = [];
  if (x.structuredMetadata) parts.push(`"structuredMetadata":${labelsJson(x.structuredMetadata)}`);
  if (x.parsed) parts.push(`"parsed":${labelsJson(x.parsed)}`);
  return '{' + parts.join(',') + '}';
}

/** A [seconds, "value"] pair. */
export function pointJson(ms: number, v: number): string {
  return `[${formatSeconds(ms)},${JSON.stringify(formatSampleValue(v))}]`;
}
