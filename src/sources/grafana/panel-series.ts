/**
 * The series of a dashboard panel's query: every number field of Grafana's frames, named as
 * Grafana shows it (the datasource's legend, else the labels, else the query).
 */
import { FrameShapeError, numberColumn, timeColumnMs } from './frame-columns.js';
import type { Frame } from './frame-schema.js';

/** One line of a panel: its name and [epoch ms, value] points, null where there is no value. */
export interface PanelSeries {
  name: string;
  points: [number, number | null][];
}

/** `name{a="b", c="d"}` as Grafana names an unlabelled-legend series. */
export function labelsName(labels: Record<string, string>): string {
  const name = labels.__name__ ?? '';
  const rest = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return rest.length === 0 ? name : `${name}{${rest.join(', ')}}`;
}

/** The series in `frames`; `expr` names a series without legend or labels. */
export function panelSeries(frames: readonly Frame[], expr: string): PanelSeries[] {
  const out: PanelSeries[] = [];
  for (const frame of frames) {
    const fields = frame.schema.fields;
    const timeAt = fields.findIndex((f) => f.type === 'time');
    if (timeAt < 0) continue;
    const times = timeColumnMs(frame, timeAt);
    fields.forEach((field, index) => {
      if (field.type !== 'number') return;
      const values = numberColumn(frame, index);
      const name = field.config?.displayNameFromDS || labelsName(field.labels ?? {}) || expr;
      // NaN and ±Inf cannot be drawn: they are gaps, like missing values.
      const points = times.map((t, row): [number, number | null] => {
        const v = values[row];
        return [t, v !== null && v !== undefined && Number.isFinite(v) ? v : null];
      });
      out.push({ name, points });
    });
  }
  return out;
}

/** Throws when a frame holds log lines, which a report section does not draw. */
export function rejectLogs(frames: readonly Frame[]): void {
  if (frames.some((f) => f.schema.fields.some((field) => field.name === 'Line' || field.name === 'body'))) {
    throw new FrameShapeError('the query returns log lines, which reports do not include; use a metric query (e.g. count_over_time) instead');
  }
}
