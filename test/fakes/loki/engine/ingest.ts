/**
 * What Loki's distributor adds to every pushed line, applied to the fake's lines when they are
 * read: the `service_name` stream label (discovered from app, service, ...; else
 * `unknown_service`) and the `detected_level` structured metadata (from a `level` label, the
 * line's JSON or logfmt `level` field, or keywords in the line; else `unknown`).
 */
import { getPath, topLevelMembers } from './json.js';
import { decodeLogfmt } from './logfmt.js';
import type { Labels } from './labels.js';

const SERVICE_NAME_SOURCES = [
  'service', 'app', 'application', 'app_name', 'name', 'app_kubernetes_io_name', 'container',
  'container_name', 'k8s_container_name', 'component', 'workload', 'job', 'k8s_job_name',
];

/** Stream labels as stored by Loki. */
export function withServiceName(labels: Labels): Labels {
  if (Object.hasOwn(labels, 'service_name')) return { ...labels };
  const source = SERVICE_NAME_SOURCES.find((n) => (labels[n] ?? '') !== '');
  return { ...labels, service_name: source ? (labels[source] ?? '') : 'unknown_service' };
}

const LEVELS: [string, string[]][] = [
  ['trace', ['trace', 'trc']],
  ['debug', ['debug', 'dbg']],
  ['info', ['info', 'inf']],
  ['warn', ['warn', 'wrn', 'warning']],
  ['error', ['error', 'err']],
  ['critical', ['critical']],
  ['fatal', ['fatal']],
];

/** The detected_level Loki 3.4 stores for a line. */
export function detectLevel(stream: Labels, meta: Labels | undefined, line: string): string {
  const fromLabel = stream.level ?? meta?.level;
  if (fromLabel !== undefined && fromLabel !== '') return fromLabel;
  let v: string | undefined;
  if (isJsonLike(line)) {
    if (line.includes('"level"')) {
      try {
        v = line.charCodeAt(0) === 123 ? topLevelMembers(line, ['level'])[0]?.raw : getPath(line, ['level'])?.raw;
      } catch {
        v = undefined;
      }
    }
  } else if (line.includes('=')) {
    v = decodeLogfmt(line).find((p) => p.key.toLowerCase() === 'level')?.value;
  } else {
    return levelFromKeywords(line);
  }
  const lower = (v ?? '').toLowerCase();
  const hit = LEVELS.find(([, names]) => names.includes(lower));
  return hit ? hit[0] : levelFromKeywords(line);
}

function isJsonLike(line: string): boolean {
  let i = 0;
  let j = line.length - 1;
  while (i <= j && /\s/.test(line[i] ?? '')) i++;
  while (j >= i && /\s/.test(line[j] ?? '')) j--;
  return line.charCodeAt(i) === 123 && line.charCodeAt(j) === 125;
}

function levelFromKeywords(line: string): string {
  if (line.includes('info') || line.includes('INFO')) return 'info';
  if (line.includes('err:') || line.includes('ERR:') || line.includes('error') || line.includes('ERROR')) return 'error';
  if (line.includes('warn:') || line.includes('WARN:') || line.includes('warning') || line.includes('WARNING')) return 'warn';
  if (line.includes('CRITICAL:') || line.includes('critical:')) return 'critical';
  if (line.includes('debug:') || line.includes('DEBUG:')) return 'debug';
  return 'unknown';
}
