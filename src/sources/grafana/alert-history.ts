/**
 * Alert state changes from either of Grafana's state-history backends:
 * - "loki": `/api/v1/rules/history` answers a bare frame (time, line JSON, labels) for all rules;
 * - "annotations" (Grafana's default): that endpoint needs a ruleUID and its time filter is
 *   unreliable across versions, so the changes are read from `/api/annotations?type=alert`,
 *   where each item names the rule by numeric id and its labels only in the text
 *   (`<title> {alertname=..., app=...} - B=..., C=...`).
 * States are normalised to the AlertRuleState words: Alerting -> firing, Normal -> inactive, ...
 */
import { z } from 'zod';
import type { AlertStateChange } from '../types.js';
import { FrameShapeError, fieldIndex, timeColumnMs } from './frame-columns.js';
import type { Frame } from './frame-schema.js';
import type { AnnotationItem } from './schema.js';

const STATES: Record<string, string> = { alerting: 'firing', firing: 'firing', pending: 'pending', normal: 'inactive', inactive: 'inactive', nodata: 'nodata', error: 'error', recovering: 'recovering' };

/** A Grafana alert state ("Alerting", "Normal (MissingSeries)") in AlertRuleState's words. */
export function normalizeState(state: string): string {
  const word = (state.split(/[\s(]/)[0] ?? '').toLowerCase();
  return STATES[word] ?? word;
}

const lineSchema = z.looseObject({
  ruleUID: z.string().default(''),
  ruleTitle: z.string().default(''),
  previous: z.string(),
  current: z.string(),
  labels: z.record(z.string(), z.string()).default({}),
});

/** The changes in a Loki-backend history frame. */
export function changesFromLokiFrame(frame: Frame): AlertStateChange[] {
  const timeAt = fieldIndex(frame, 'time');
  const lineAt = fieldIndex(frame, 'line');
  if (timeAt < 0 || lineAt < 0) throw new FrameShapeError('a state-history frame needs time and line fields');
  const times = timeColumnMs(frame, timeAt);
  const lines = frame.data.values[lineAt] ?? [];
  return times.map((ts, row) => {
    const parsed = lineSchema.safeParse(lines[row]);
    if (!parsed.success) throw new FrameShapeError(`state-history line ${row} is not a state change`);
    const line = parsed.data;
    return { ts, ruleUid: line.ruleUID, ruleTitle: line.ruleTitle, from: normalizeState(line.previous), to: normalizeState(line.current), labels: line.labels };
  });
}

/** The labels in an alert annotation's text, `{k=v, k=v}` (Go's label-set String, values unquoted). */
export function labelsFromText(text: string): Record<string, string> {
  const block = /\{(.*)\}(?: - |$)/s.exec(text)?.[1];
  if (block === undefined) return {};
  const keys = [...block.matchAll(/(?:^|, )([A-Za-z_][A-Za-z0-9_]*)=/g)];
  const labels: Record<string, string> = {};
  keys.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = keys[i + 1]?.index ?? block.length;
    if (m[1]) labels[m[1]] = block.slice(start, end);
  });
  return labels;
}

/** How to name the rule of an alert annotation: by its numeric id, else by title (and folder). */
export interface RuleLookup {
  byId: Map<number, { uid: string; title: string }>;
  byTitle: (title: string, folder: string | undefined) => string | undefined;
}

/** The change an alert annotation records. */
export function changeFromAnnotation(item: AnnotationItem, rules: RuleLookup): AlertStateChange {
  const labels = labelsFromText(item.text);
  const known = rules.byId.get(item.alertId);
  const title = known?.title ?? labels.alertname ?? item.text.split(' {')[0] ?? '';
  const ruleUid = known?.uid ?? rules.byTitle(title, labels.grafana_folder) ?? '';
  return { ts: item.time, ruleUid, ruleTitle: title, from: normalizeState(item.prevState ?? ''), to: normalizeState(item.newState ?? ''), labels };
}
