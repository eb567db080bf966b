/**
 * Runs one section: its queries are attributed to it in the appendix, and a datasource that
 * fails turns the section into an explicit "data unavailable" block with the reason, so the
 * rest of the report is still produced (and the run exits 1, partial).
 */
import type { ObsReportError} from '../errors.js';
import { DatasourceError, describeError, sentence } from '../errors.js';
import type { Block, Section } from '../model/report.js';
import { within } from '../sources/query-log.js';
import type { ReportContext } from './context.js';

/** What a section declares before it computes. */
export interface SectionSpec {
  id: string;
  title: string;
  question: string;
  howToRead?: string;
}

/** Builds a section, catching datasource failures into an unavailable block. */
export async function runSection(
  ctx: ReportContext,
  spec: SectionSpec,
  build: () => Promise<Block[]>,
): Promise<Section> {
  try {
    const blocks = await within(ctx.queries, spec.id, build);
    return { ...spec, blocks: blocks.map((b) => withQueryRefs(b, ctx, spec.id)) };
  } catch (error) {
    if (!isDataFailure(error)) throw error;
    const datasource = error instanceof DatasourceError ? error.datasource : 'unknown';
    const reason = reasonOf(error);
    ctx.unavailable.push({ what: spec.title, reason, datasource, section: spec.id });
    return { ...spec, blocks: [{ kind: 'unavailable', what: spec.title, reason, datasource }] };
  }
}

/** A source the report needs but the config does not provide: an unavailable section, not a crash. */
export class MissingSourceError extends DatasourceError {
  constructor(question: 'activity' | 'metrics' | 'annotations' | 'dashboards', reason: string) {
    super('DATASOURCE_UNREACHABLE', question, reason, {
      // The demo organisation answers every question but Grafana's dashboards.
      hint: question === 'dashboards' ? 'Configure datasources.grafana in reports.config.yaml.' : 'Configure the datasource in reports.config.yaml, or add --demo to use the demo organisation.',
    });
  }
}

function isDataFailure(error: unknown): error is ObsReportError {
  return error instanceof DatasourceError;
}

function reasonOf(error: ObsReportError): string {
  const text = describeError(error);
  return error.hint ? `${sentence(text)} ${error.hint}` : text;
}

/** Fills empty queryRefs of tables, charts and KPIs with the queries the section ran. */
function withQueryRefs(block: Block, ctx: ReportContext, section: string): Block {
  const refs = () => ctx.queries.idsFor(section);
  if (block.kind === 'table' || block.kind === 'chart') {
    return block.queryRefs.length > 0 ? block : { ...block, queryRefs: refs() };
  }
  if (block.kind === 'kpis') {
    return { ...block, items: block.items.map((k) => (k.queryRefs.length > 0 ? k : { ...k, queryRefs: refs() })) };
  }
  return block;
}
