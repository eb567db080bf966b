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

/**
 * The notes of the mean DAU and stickiness KPIs, saying which days they average when that is not
 * every day of the period: the whole days when today (of a period to date) is left out, today
 * so far when the period has no whole day yet. `averaged` is the current period's.
 */
export function dayMeanNotes(averaged: DayMeanBasis): { avgDau: string; stickiness: string } {
  if (averaged.partial) return { avgDau: 'today so far: no whole day yet', stickiness: 'DAU / MAU today so far: no whole day yet' };
  if (averaged.leftOut > 0) return { avgDau: 'mean over the whole days, today left out', stickiness: 'mean DAU / MAU over the whole days, today left out' };
  return { avgDau: 'mean over the days', stickiness: 'mean DAU / MAU' };
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
