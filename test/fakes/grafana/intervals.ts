/**
 * Grafana's interval arithmetic, re-implemented for the fake from its Go source:
 * sdk gtime (RoundInterval, FormatInterval, GetIntervalFrom, ParseIntervalStringToTimeDuration)
 * and the query-time variables both backends substitute ($__interval, $__range, ...).
 */
import { goDuration } from './go.js';

const ROUND: [upToMs: number, toMs: number][] = [
  [10, 1], [15, 10], [35, 20], [75, 50], [150, 100], [350, 200], [750, 500], [1500, 1000], [3500, 2000], [7500, 5000],
  [12500, 10000], [17500, 15000], [25000, 20000], [45000, 30000], [90000, 60000], [210000, 120000], [450000, 300000],
  [750000, 600000], [1050000, 900000], [1500000, 1200000], [2700000, 1800000], [5400000, 3600000], [9000000, 7200000],
  [16200000, 10800000], [32400000, 21600000], [86400000, 43200000], [172800000, 86400000], [604800000, 86400000],
  [1814400000, 604800000],
];

/** gtime.RoundInterval, on (possibly fractional) milliseconds. */
export function roundIntervalMs(ms: number): number {
  for (const [upTo, to] of ROUND) if (ms <= upTo) return to;
  return ms < 63072000000 ? 2592000000 : 31536000000;
}

/** gtime.FormatInterval: the largest whole unit, "1m", "30s", "2h", "1d". */
export function formatInterval(ms: number): string {
  const units: [number, string][] = [[31536000000, 'y'], [86400000, 'd'], [3600000, 'h'], [60000, 'm'], [1000, 's'], [1, 'ms']];
  for (const [size, unit] of units) if (ms >= size) return `${Math.floor(ms / size)}${unit}`;
  return '1ms';
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
const DATE_UNITS: Record<string, number> = { d: 86400000, w: 604800000, M: 2629800000, y: 31557600000 };

/** gtime.ParseIntervalStringToTimeDuration: "<10m>", "15" (seconds), "1m30s", "2d". Throws on bad input. */
export function parseIntervalMs(text: string): number {
  const inner = text.replace(/^</, '').replace(/>$/, '');
  if (/^\d+$/.test(inner)) return Number(inner) * 1000;
  const date = /^(\d+)([dwMy])$/.exec(inner);
  if (date) return Number(date[1]) * (DATE_UNITS[date[2] ?? ''] ?? NaN);
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(inner)) throw new Error(`time: invalid duration "${text}"`);
  let total = 0;
  for (const [, n, unit] of inner.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(n) * (DURATION_UNITS[unit ?? ''] ?? NaN);
  return total;
}

/** gtime.GetIntervalFrom: the query's interval, else its intervalMs, else the datasource's, else the default. */
export function intervalFrom(dsInterval: string, queryInterval: string, queryIntervalMs: number, defaultMs: number): number {
  const interval = queryInterval === '0s' ? '' : queryInterval;
  if (interval === '' && queryIntervalMs !== 0) return queryIntervalMs;
  const chosen = interval === '' ? dsInterval : interval;
  return chosen === '' ? defaultMs : parseIntervalMs(chosen);
}

/** Replaces the time variables both backends interpolate, in both `$x` and `${x}` spellings. */
export function interpolateTimeVariables(expr: string, vars: { intervalMs: number; rangeMs: number; rateIntervalMs?: number }): string {
  const rangeS = Math.round(vars.rangeMs / 1000);
  const table: [string, string][] = [
    ['__interval_ms', String(vars.intervalMs)],
    ['__interval', formatInterval(vars.intervalMs)],
    ['__range_ms', String(vars.rangeMs)],
    ['__range_s', String(rangeS)],
    ['__range', `${rangeS}s`],
  ];
  if (vars.rateIntervalMs !== undefined) {
    table.push(['__rate_interval_ms', String(vars.rateIntervalMs)], ['__rate_interval', goDuration(vars.rateIntervalMs)]);
  }
  // Longer names first, as the Go code orders its replacements ($__interval_ms before $__interval).
  let out = expr;
  for (const [name, value] of table.sort((a, b) => b[0].length - a[0].length)) out = out.split(`$${name}`).join(value).split(`\${${name}}`).join(value);
  return out;
}
