/**
 * Instant and range queries against a Prometheus-compatible API: POSTed as forms (long PromQL
 * fits), recorded in the query log, range queries chunked under the points limit.
 */
import type { HttpTransport } from '../../http/types.js';
import { noteQuery } from '../query-log.js';
import { queryError } from './errors.js';
import { chunkRange, mergeSeries } from './range.js';
import { queryResponseSchema, type QueryResult, type Series } from './schema.js';

function seconds(ms: number): string {
  return String(ms / 1000);
}

function seriesOf(result: QueryResult): Series[] {
  return result.resultType === 'string' ? [] : result.series;
}

/** The query endpoints of one Prometheus-compatible datasource. */
export class PrometheusApi {
  constructor(
    readonly http: HttpTransport,
    /** Datasource name and type for the query log. */
    readonly name = http.name,
    readonly type = 'prometheus',
  ) {}

  /** Evaluates `query` at `atMs`. */
  async instant(query: string, atMs: number, purpose: string): Promise<Series[]> {
    this.note(query, purpose);
    const form = { query, time: seconds(atMs) };
    return seriesOf(await this.call('/api/v1/query', form, query));
  }

  /** Evaluates `query` at start, start + step, ... <= end; several requests if the points limit needs it. */
  async range(query: string, startMs: number, endMs: number, stepMs: number, purpose: string): Promise<Series[]> {
    this.note(query, purpose);
    const chunks = chunkRange(startMs, endMs, stepMs);
    const parts = await Promise.all(
      chunks.map(async (chunk) => {
        const form = { query, start: seconds(chunk.start), end: seconds(chunk.end), step: seconds(stepMs) };
        return seriesOf(await this.call('/api/v1/query_range', form, query));
      }),
    );
    return mergeSeries(parts);
  }

  private async call(path: string, form: Record<string, string>, query: string): Promise<QueryResult> {
    try {
      return await this.http.getJson({ path, method: 'POST', form }, queryResponseSchema);
    } catch (error) {
      throw queryError(error, query, this.http.baseUrl);
    }
  }

  private note(query: string, purpose: string): void {
    noteQuery({ datasource: this.name, datasourceType: this.type, query, purpose });
  }
}
