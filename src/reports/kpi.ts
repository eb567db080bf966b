/** Small builders for the model's blocks, so report kinds read as what they show. */
import type { DayMeanBasis } from '../analytics/adoption.js';
import { change } from '../analytics/change.js';
import type { Cell, Column, Kpi, Polarity, TableBlock, Unit } from '../model/report.js';

/** A KPI with its previous-period value and the change between them. */
export function kpi(
  id: string,
  label: string,
  value: number | null,
  previous: number | null,
  unit: Unit,
  polarity: Polarity = 'up_is_good',
  note?: string,
): Kpi {
  return { id, label, value, unit, previous, change: change(value, previous), polarity, queryRefs: [], ...(note ? { note } : {}) };
}

/**
 * Marks a KPI whose figure is not defined for the period (its data was read, but e.g. a mean time
 * to recover has no incidents to average): `when` says whether that is the case for the period,
 * `whenBefore` for the previous one, `reason` why. Tiles then say so instead of "unavailable" or
 * "n/a". A figure that has a value is left as it is.
 */
export function notDefinedWhen(item: Kpi, when: boolean, reason: string, whenBefore = false): Kpi {
  return {
    ...item,
    ...(when && item.value === null ? { notDefined: reason } : {}),
    ...(whenBefore && item.previous === null ? { previousNotDefined: reason } : {}),
  };
}

/** What the per-day means of a window rest on: its users and the days averaged (reports/data.ts UsersSummary). */
interface DayMeans {
  users: number;
  avgDau: number | null;
  stickiness: number | null;
  averaged: DayMeanBasis;
}

/** Why a window's stickiness has no figure although its data was read: no active users, or none in the 30 days up to any whole day (all came today). */
function noStickiness(s: DayMeans): string | null {
  if (s.stickiness !== null) return null;
  return s.users === 0 ? 'no active users' : 'no active users on whole days';
}

/**
 * The "Daily active users" (mean DAU) and "Stickiness" KPIs, `idPrefix` before their ids. Their
 * notes say which days the current period's means average when that is not every day of the
 * period: its whole days when today (of a period to date) is left out, or today so far when the
 * period has no whole day yet (see analytics daysToAverage). `before` is null when the previous
 * period cannot be compared with (forComparison).
 */
export function dayMeanKpis(idPrefix: string, now: DayMeans, before: DayMeans | null): [Kpi, Kpi] {
  const [dauNote, stickinessNote] = now.averaged.partial
    ? ['today so far: no whole day yet', 'DAU / MAU today so far: no whole day yet']
    : now.averaged.leftOut > 0
      ? ['mean over the whole days, today left out', 'mean DAU / MAU over the whole days, today left out']
      : ['mean over the days', 'mean DAU / MAU'];
  const whyNot = noStickiness(now);
  const whyNotBefore = before && noStickiness(before);
  let stickiness = kpi(`${idPrefix}stickiness`, 'Stickiness', now.stickiness, before?.stickiness ?? null, 'percent', 'up_is_good', stickinessNote);
  stickiness = notDefinedWhen(stickiness, whyNot !== null, whyNot ?? '');
  stickiness = notDefinedWhen(stickiness, false, whyNotBefore ?? '', whyNotBefore !== null);
  return [kpi(`${idPrefix}avg_dau`, 'Daily active users', now.avgDau, before?.avgDau ?? null, 'count', 'up_is_good', dauNote), stickiness];
}

/** A table block; query references are filled in by the section runner. */
export function table(id: string, title: string, columns: Column[], rows: Record<string, Cell>[]): TableBlock {
  return { kind: 'table', id, title, columns, rows, queryRefs: [] };
}

export const col = {
  text: (key: string, label: string): Column => ({ key, label, type: 'text' }),
  num: (key: string, label: string, unit: Unit = 'count'): Column => ({ key, label, type: 'number', unit }),
  /** A change against the previous period, written with its sign. */
  change: (key: string, label: string, unit: Unit): Column => ({ key, label, type: 'number', unit, signed: true }),
  time: (key: string, label: string): Column => ({ key, label, type: 'time' }),
};
