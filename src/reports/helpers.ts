/** Small helpers the report kinds share. */
import { formatValue } from '../model/format.js';
import type { Highlight } from '../model/report.js';
import type { ActivitySource, MetricsSource } from '../sources/types.js';
import type { ReportContext } from './context.js';
import { MissingSourceError } from './section.js';

/** The activity source, or a section-level "unavailable". */
export function requireActivity(ctx: ReportContext): ActivitySource {
  const source = ctx.sources.activity;
  if (!source) throw new MissingSourceError('activity', ctx.sources.missing.activity ?? 'no activity datasource configured');
  return source;
}

export function forUser(ctx: ReportContext): { user?: string } {
  return ctx.user === undefined ? {} : { user: ctx.user };
}

/** "a, b and c" */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A sentence about a change worth mentioning (weight grows with the size of the change). */
export function changeHighlights(subject: string, what: string, now: number | null, before: number | null, unit: 'count'): Highlight[] {
  if (now === null || before === null || before === 0) return [];
  const relative = (now - before) / before;
  if (Math.abs(relative) < 0.05) return [];
  const direction = relative > 0 ? 'up' : 'down';
  return [
    {
      text: `${subject} ${formatValue(now, unit)} ${what}, ${direction} ${formatValue(Math.abs(relative), 'percent')} on the previous period (${formatValue(before, unit)}).`,
      weight: 50 + Math.min(40, Math.abs(relative) * 100),
      tone: relative > 0 ? ('good' as const) : ('bad' as const),
    },
  ];
}

/** The metrics source, or a section-level "unavailable". */
export function requireMetrics(ctx: ReportContext): MetricsSource {
  const source = ctx.sources.metrics;
  if (!source) throw new MissingSourceError('metrics', ctx.sources.missing.metrics ?? 'no metrics datasource configured');
  return source;
}
