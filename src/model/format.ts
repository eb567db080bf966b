/**
 * Numbers, changes and dates formatted for people, the same way in every format and in
 * generated sentences. Deterministic: fixed locale (en-US digit grouping, en-GB style
 * dates with English month and day names) and an explicit time zone, never the process's
 * locale or time zone.
 */
import { utcOffsetMs } from '../time/offset.js';
import type { Change, Kpi, Polarity, Unit } from './report.js';

/** Shown for a missing (unavailable) figure. */
export const NOT_AVAILABLE = 'n/a';

/** The typographic minus sign (U+2212), used for every negative number shown. */
export const MINUS = '\u2212';

const grouped = new Map<number, Intl.NumberFormat>();

/** `value` with en-US grouping and exactly `decimals` decimals; the sign is a true minus. */
function fixed(value: number, decimals: number): string {
  let nf = grouped.get(decimals);
  if (!nf) {
    nf = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    grouped.set(decimals, nf);
  }
  const text = nf.format(Math.abs(value));
  // Rounding may turn a tiny negative into zero: no sign then.
  return value < 0 && /[1-9]/.test(text) ? MINUS + text : text;
}

/** Counts are integers; averages of counts (e.g. mean daily users) keep one decimal. */
function formatCount(value: number): string {
  return fixed(value, Number.isInteger(value) ? 0 : 1);
}

function formatPercent(ratio: number): string {
  // toPrecision drops binary noise (0.9995 * 100 = 99.94999...) before truncating.
  const pct = Number((ratio * 100).toPrecision(12));
  if (pct === 0 || pct === 100) return `${pct}%`;
  // Near 100 one decimal hides what matters (99.95% vs 100%); truncate so it never reads 100%.
  if (pct >= 99.9 && pct < 100) return `${(Math.floor(pct * 100) / 100).toFixed(2)}%`;
  return `${fixed(pct, 1)}%`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * "850 ms", "4.5 s", "45 s", "2 min 30 s", "12 min", "3 h 12 min", "2 d 4 h"; rounded to the
 * smallest unit shown. Under 10 minutes seconds are shown: whole minutes would make 2:29 and
 * 2:33 read "2 min" and "3 min".
 */
export function formatDuration(ms: number): string {
  if (ms < 0) return MINUS + formatDuration(-ms);
  if (Math.round(ms) < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND - 50) return `${Number((ms / SECOND).toFixed(1))} s`;
  const seconds = Math.round(ms / SECOND);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 600) return seconds % 60 === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(ms / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const rest = minutes % 60;
    return rest === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
  }
  const hours = Math.round(ms / HOUR);
  const rest = hours % 24;
  const days = fixed(Math.floor(hours / 24), 0);
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** "512 B", "4.2 MiB" (binary multiples, one decimal). */
export function formatBytes(bytes: number): string {
  if (bytes < 0) return MINUS + formatBytes(-bytes);
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  for (const unit of BYTE_UNITS) {
    value /= 1024;
    if (Number(value.toFixed(1)) < 1024 || unit === 'PiB') return `${fixed(value, 1)} ${unit}`;
  }
  return `${fixed(value, 1)} PiB`;
}

/** A figure as people read it; null (unavailable) or a non-finite number gives "n/a". */
export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return NOT_AVAILABLE;
  switch (unit) {
    case 'count':
      return formatCount(value);
    case 'percent':
      return formatPercent(value);
    case 'ratio':
      return fixed(value, 2);
    case 'per_user':
      return fixed(value, 1);
    case 'duration_ms':
      return formatDuration(value);
    case 'bytes':
      return formatBytes(value);
  }
}

const COMPACT_STEPS = [
  { size: 1e3, suffix: 'k' },
  { size: 1e6, suffix: 'M' },
  { size: 1e9, suffix: 'B' },
  { size: 1e12, suffix: 'T' },
] as const;

/** Big counts in short form for axes and tiles: 950, 1.4k, 14.2k, 142k, 1.4M; null gives "n/a". */
export function formatCompact(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return NOT_AVAILABLE;
  const abs = Math.abs(value);
  if (abs < 1000) return formatCount(value);
  const sign = value < 0 ? MINUS : '';
  let text = '';
  for (const step of COMPACT_STEPS) {
    const scaled = abs / step.size;
    const rounded = scaled < 100 ? Number(scaled.toFixed(1)) : Math.round(scaled);
    text = `${sign}${fixed(rounded, Number.isInteger(rounded) ? 0 : 1)}${step.suffix}`;
    // 999,960 rounds to "1000k": promote to the next step instead.
    if (rounded < 1000) break;
  }
  return text;
}

/** The short form used on axes and chart labels: compact counts (14.2k), whole percents without decimals (35%). */
export function formatAxisValue(value: number, unit: Unit): string {
  if (unit === 'count' && Math.abs(value) >= 1000) return formatCompact(value);
  if (unit === 'percent') {
    const pct = Number((value * 100).toPrecision(12));
    if (Number.isInteger(pct)) return `${fixed(pct, 0)}%`;
  }
  return formatValue(value, unit);
}

/**
 * A change against the previous period: "+12%", "−3%", "no change", "new" (previous was 0);
 * for percent units the difference in percentage points, "+1.2 pts". null gives "n/a".
 */
export function formatChange(change: Change | null, unit: Unit): string {
  if (change === null || !Number.isFinite(change.absolute)) return NOT_AVAILABLE;
  if (change.absolute === 0) return 'no change';
  if (unit === 'percent') {
    const points = change.absolute * 100;
    // Uptime moves in hundredths of a point; one decimal would call that "no change".
    const decimals = Math.abs(points) < 0.095 ? 2 : 1;
    const text = fixed(points, decimals);
    if (!/[1-9]/.test(text)) return 'no change';
    return `${points > 0 ? '+' : ''}${text} pts`;
  }
  if (change.relative === null) return 'new';
  const pct = change.relative * 100;
  const text = fixed(pct, Math.abs(pct) < 0.95 ? 1 : 0);
  if (!/[1-9]/.test(text)) return 'no change';
  return `${pct > 0 ? '+' : ''}${text}%`;
}

/**
 * A KPI's change as text. For a figure without a value, why: what leaves it undefined ("no
 * incidents"), or "unavailable"; for one whose previous figure was undefined, "no incidents before".
 */
export function formatKpiChange(kpi: Pick<Kpi, 'value' | 'previous' | 'change' | 'unit' | 'notDefined' | 'previousNotDefined'>): string {
  if (kpi.value === null) return kpi.notDefined ?? 'unavailable';
  if (kpi.change === null && kpi.previous === null && kpi.previousNotDefined !== undefined) return `${kpi.previousNotDefined} before`;
  return formatChange(kpi.change, kpi.unit);
}

/**
 * +1 or -1 for a change that shows as one, 0 for none: no change, an unavailable one, or one
 * that `formatChange` rounds to "no change" (then it gets no arrow and no colour either).
 * Without `unit` only an exact zero is no change.
 */
export function changeDirection(change: Change | null, unit?: Unit): -1 | 0 | 1 {
  if (change === null || change.absolute === 0 || !Number.isFinite(change.absolute)) return 0;
  if (unit !== undefined && formatChange(change, unit) === 'no change') return 0;
  return change.absolute > 0 ? 1 : -1;
}

/** ▲ or ▼ for a change that shows as one (see changeDirection), else ''. */
export function changeArrow(change: Change | null, unit?: Unit): string {
  const direction = changeDirection(change, unit);
  return direction > 0 ? '▲' : direction < 0 ? '▼' : '';
}

/** Whether a change is good or bad news given the figure's polarity (for colouring). */
export function changeTone(change: Change | null, polarity: Polarity, unit?: Unit): 'good' | 'bad' | 'neutral' {
  if (changeDirection(change, unit) === 0 || change === null) return 'neutral';
  if (polarity === 'neutral') return 'neutral';
  const up = change.absolute > 0;
  return up === (polarity === 'up_is_good') ? 'good' : 'bad';
}

/** Date styles: day "16 Nov 2026", datetime "16 Nov 2026 14:05", time "14:05", month "Nov 2026", short "16 Nov", weekday "Mon 16 Nov". */
export type DateStyle = 'day' | 'datetime' | 'time' | 'month' | 'short' | 'weekday';

/** English month abbreviations, January first. */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number): string => String(n).padStart(2, '0');

/**
 * An instant (epoch ms) as wall-clock time in the IANA time zone `tz`: the date-fns patterns
 * d MMM yyyy, d MMM yyyy HH:mm, HH:mm, MMM yyyy, d MMM and EEE d MMM, written from the instant
 * moved by the zone's offset (a report formats thousands; date-fns's TZDate asks Intl for the
 * offset again for every field).
 */
export function formatDate(ms: number, tz: string, style: DateStyle): string {
  if (!Number.isFinite(ms)) return NOT_AVAILABLE;
  const local = new Date(ms + utcOffsetMs(ms, tz));
  const day = local.getUTCDate();
  const month = MONTHS[local.getUTCMonth()]!;
  const year = String(local.getUTCFullYear()).padStart(4, '0');
  const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
  switch (style) {
    case 'day':
      return `${day} ${month} ${year}`;
    case 'datetime':
      return `${day} ${month} ${year} ${time}`;
    case 'time':
      return time;
    case 'month':
      return `${month} ${year}`;
    case 'short':
      return `${day} ${month}`;
    case 'weekday':
      return `${WEEKDAYS[local.getUTCDay()]!} ${day} ${month}`;
  }
}
