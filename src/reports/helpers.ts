/** Small helpers the report kinds share. */
import { DatasourceError, sentence } from '../errors.js';
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

/**
 * A previous-period figure that cannot be had: the changes are n/a and the appendix says why
 * (once per `what`), but the period's own figures stand and the report is not partial for it.
 */
export function comparisonUnavailable(ctx: ReportContext, what: string, error: DatasourceError, section: string): void {
  if (ctx.unavailable.some((u) => u.what === what)) return;
  ctx.unavailable.push({ what, reason: `${sentence(error.message)} Changes against the previous period are n/a.`, datasource: error.datasource, section, comparisonOnly: true });
}

/**
 * A previous-period figure, asked for comparison only: when the source has no data there
 * (DATASOURCE_NO_DATA, e.g. a period before the demo organisation's history), null, and the
 * changes are n/a with the reason in the appendix (comparisonUnavailable), never a change
 * against zero. Other failures are the section's, as before.
 */
export async function forComparison<T>(ctx: ReportContext, what: string, section: string, load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof DatasourceError) || error.code !== 'DATASOURCE_NO_DATA') throw error;
    comparisonUnavailable(ctx, what, error, section);
    return null;
  }
}

/**
 * People used these apps in a window and not one session_start came back: the apps do not log
 * sessions (or not under apps[].fields.event), so what is counted from them is unavailable, not
 * zero. `when`: "in this period" or "in the previous period".
 */
export function sessionsNotLogged(ctx: ReportContext, apps: readonly { name: string; users: number }[], when: string, hint: string): DatasourceError {
  return new DatasourceError('DATASOURCE_NO_DATA', requireActivity(ctx).name, `${noSessionStarts(apps, when)}.`, { hint });
}

/** "Dice logged events of 43 people in this period but no session_start event" (no full stop). */
export function noSessionStarts(apps: readonly { name: string; users: number }[], when: string): string {
  const who = apps.map((a) => `${a.name} logged events of ${formatValue(a.users, 'count')} people`).join(', ');
  return `${who} ${when} but no session_start event`;
}
