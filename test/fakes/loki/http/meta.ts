/**
 * Metadata endpoints: labels, label values, series, index stats, buildinfo. Like Loki they accept
 * only label matchers, check max_query_length, and omit `data` when there are no label values.
 * Unlike Loki's ingester (which answers with every stream it holds) the fake only counts streams
 * with a line in the time range.
 */
import { compareGo } from '../logql/format.js';
import { parsePromDuration } from '../logql/duration.js';
import { parseLogQL } from '../logql/parser.js';
import type { Matcher } from '../logql/ast.js';
import { checkTotalLength } from '../engine/plan.js';
import type { ReadStats } from '../engine/source.js';
import { labelsJson, labelString } from './encode.js';
import { BadRequest, parseBounds } from './params.js';
import type { QueryContext } from './query.js';

/** Loki 3.4.6's buildinfo (sample buildinfo.json). */
export const BUILD_INFO = '{"version":"3.4.6","revision":"2b7b94ffbf","branch":"v3.4.6","buildUser":"","buildDate":"2026-11-25T21:24:22Z","goVersion":""}\n';

function matchersOf(query: string | null, required: boolean): Matcher[] {
  if (!query) {
    if (required) parseLogQL('');
    return [];
  }
  const expr = parseLogQL(query);
  if (expr.kind !== 'log' || expr.stages.length > 0) throw new BadRequest('only label matchers are supported');
  return expr.matchers;
}

function bounds(form: URLSearchParams, ctx: QueryContext): { startNs: bigint; endNs: bigint } {
  const b = parseBounds(form, ctx.nowNs);
  checkTotalLength(b.startNs, b.endNs, parsePromDuration(ctx.limits.maxQueryLength));
  return b;
}

/** `/loki/api/v1/labels`. */
export function labels(form: URLSearchParams, ctx: QueryContext): string {
  const { startNs, endNs } = bounds(form, ctx);
  const names = new Set<string>();
  for (const s of ctx.source.streamsIn(matchersOf(form.get('query'), false), startNs, endNs)) for (const k of Object.keys(s.labels)) names.add(k);
  return dataList([...names]);
}

/** `/loki/api/v1/label/<name>/values`. */
export function labelValues(name: string, form: URLSearchParams, ctx: QueryContext): string {
  const { startNs, endNs } = bounds(form, ctx);
  const values = new Set<string>();
  for (const s of ctx.source.streamsIn(matchersOf(form.get('query'), false), startNs, endNs)) {
    const v = s.labels[name];
    if (v !== undefined) values.add(v);
  }
  return dataList([...values]);
}

function dataList(items: string[]): string {
  if (items.length === 0) return '{"status":"success"}\n';
  return `{"status":"success","data":[${items.sort(compareGo).map(labelString).join(',')}]}\n`;
}

/** `/loki/api/v1/series` (match[] or match, several allowed, `{}` for all). */
export function series(form: URLSearchParams, ctx: QueryContext): string {
  const { startNs, endNs } = bounds(form, ctx);
  const groups = [...new Set([...form.getAll('match'), ...form.getAll('match[]')])];
  const selectors = groups.length === 1 && groups[0]?.replace(/ /g, '') === '{}' ? [] : groups;
  const found = new Map<string, Record<string, string>>();
  const all = selectors.length === 0 ? [[] as Matcher[]] : selectors.map(parseLogQLMatchers);
  for (const m of all) for (const s of ctx.source.streamsIn(m, startNs, endNs)) found.set(s.key, s.labels);
  const items = [...found.entries()].sort(([a], [b]) => compareGo(a, b)).map(([, l]) => labelsJson(l));
  return `{"status":"success","data":[${items.join(',')}]}`;
}

/** Series selectors skip the empty-matcher rule (`{app=~".*"}` lists everything). */
function parseLogQLMatchers(q: string): Matcher[] {
  const expr = parseLogQL(q, { validate: false });
  if (expr.kind !== 'log' || expr.stages.length > 0) throw new BadRequest('only label matchers are supported');
  return expr.matchers;
}

/** `/loki/api/v1/index/stats`: streams, chunks (one per stream), bytes and entries in range. */
export function indexStats(form: URLSearchParams, ctx: QueryContext): string {
  const { startNs, endNs } = bounds(form, ctx);
  const matchers = matchersOf(form.get('query'), true);
  const read: ReadStats = { lines: 0, bytes: 0, metadataBytes: 0 };
  const streams = new Set<string>();
  for (const l of ctx.source.read(matchers, startNs, endNs, read)) streams.add(l.stream.key);
  return JSON.stringify({ streams: streams.size, chunks: streams.size, bytes: read.bytes, entries: read.lines });
}
