/**
 * Typed access to the columns of a validated data frame: times with their nanoseconds, numbers
 * with their NaN/Inf entities restored, strings and label objects. A column of the wrong kind
 * throws FrameShapeError, which the transport reports as an unexpected answer.
 */
import type { Frame } from './frame-schema.js';

/** A frame that passed the JSON schema but does not have the columns a conversion needs. */
export class FrameShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameShapeError';
  }
}

/** Index of the first field named `name`, or -1. */
export function fieldIndex(frame: Frame, name: string): number {
  return frame.schema.fields.findIndex((f) => f.name === name);
}

function columnAt(frame: Frame, index: number): unknown[] {
  const values = frame.data.values[index];
  if (!values) throw new FrameShapeError(`frame has no column ${index}`);
  return values;
}

function describe(frame: Frame, index: number): string {
  return `field "${frame.schema.fields[index]?.name ?? index}"`;
}

/** A time column as epoch nanoseconds: ms from `values` plus the remainder from `data.nanos`. */
export function timeColumnNs(frame: Frame, index: number): bigint[] {
  const nanos = frame.data.nanos?.[index] ?? null;
  return columnAt(frame, index).map((v, row) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new FrameShapeError(`${describe(frame, index)} row ${row} is not an epoch-ms time`);
    return BigInt(v) * 1_000_000n + BigInt(nanos?.[row] ?? 0);
  });
}

/** A time column as epoch ms (sub-ms parts are dropped, as Grafana's own frames have none for metrics). */
export function timeColumnMs(frame: Frame, index: number): number[] {
  return columnAt(frame, index).map((v, row) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new FrameShapeError(`${describe(frame, index)} row ${row} is not an epoch-ms time`);
    return v;
  });
}

/** A number column; null cells named in `data.entities` become NaN/+Inf/-Inf, other nulls stay null. */
export function numberColumn(frame: Frame, index: number): (number | null)[] {
  const special = new Map<number, number>();
  const entities = frame.data.entities?.[index];
  for (const row of entities?.NaN ?? []) special.set(row, NaN);
  for (const row of entities?.Inf ?? []) special.set(row, Infinity);
  for (const row of entities?.NegInf ?? []) special.set(row, -Infinity);
  return columnAt(frame, index).map((v, row) => {
    if (v === null) return special.get(row) ?? null;
    if (typeof v !== 'number') throw new FrameShapeError(`${describe(frame, index)} row ${row} is not a number`);
    return v;
  });
}

/** A string column. */
export function stringColumn(frame: Frame, index: number): string[] {
  return columnAt(frame, index).map((v, row) => {
    if (typeof v !== 'string') throw new FrameShapeError(`${describe(frame, index)} row ${row} is not a string`);
    return v;
  });
}

function isLabels(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** A JSON column of label objects (`{"app": "dice"}`). */
export function labelsColumn(frame: Frame, index: number): Record<string, string>[] {
  return columnAt(frame, index).map((v, row) => {
    if (!isLabels(v)) throw new FrameShapeError(`${describe(frame, index)} row ${row} is not a label object`);
    return v;
  });
}
