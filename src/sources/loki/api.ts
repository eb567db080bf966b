/**
 * The three Loki calls the source makes: instant metric queries, range metric queries and log
 * queries. Each is validated with zod, counted (requests and the work Loki reports), and its
 * failures are turned into DatasourceErrors naming the query; the series limit is rethrown as
 * is, for the sharding layer to act on.
 */
import { DatasourceError } from '../../errors.js';
import type { HttpTransport } from '../../http/types.js';
import { isSeriesLimit, lokiError } from './errors.js';
import { queryResponseSchema, workOf, type MatrixSeries, type QueryData, type Stream, type VectorSample } from './schema.js';

/** Longest LogQL sent in a URL; longer queries go as a POST form (proxies often refuse URLs over 8 KiB). */
const MAX_URL_QUERY = 2000;

/** Counts the requests of one logical query (for the query log). */
export interface Tally {
  requests: number;
}

/** Totals over a source's lifetime, for benchmarks and logs. */
export interface LokiWork {
  requests: number;
  bytesProcessed: number;
  linesProcessed: number;
  entriesReturned: number;
}

/** Nanosecond epoch of an epoch-ms instant. */
export function msToNs(ms: number): bigint {
  return BigInt(ms) * 1_000_000n;
}

/** Thin typed client of Loki's query endpoints. */
export class LokiApi {
  readonly work: LokiWork = { requests: 0, bytesProcessed: 0, linesProcessed: 0, entriesReturned: 0 };

  constructor(
    readonly http: HttpTransport,
    readonly name: string,
  ) {}

  /** Instant metric query evaluated at `timeNs` (sent as a form when long: packed counts run to kilobytes). */
  async instant(query: string, timeNs: bigint, tally: Tally): Promise<VectorSample[]> {
    const data = await this.get('/loki/api/v1/query', { query, time: timeNs.toString() }, query, tally, false, query.length > MAX_URL_QUERY);
    if (data.resultType === 'vector') return data.result;
    if (data.resultType === 'scalar') return [{ metric: {}, value: data.result }];
    throw this.unexpected(data.resultType, 'vector', query);
  }

  /** Range metric query evaluated at start, start + step, ... <= end. */
  async range(query: string, startNs: bigint, endNs: bigint, stepMs: number, tally: Tally): Promise<MatrixSeries[]> {
    const params = { query, start: startNs.toString(), end: endNs.toString(), step: String(stepMs / 1000) };
    const data = await this.get('/loki/api/v1/query_range', params, query, tally, false);
    if (data.resultType === 'matrix') return data.result;
    throw this.unexpected(data.resultType, 'matrix', query);
  }

  /** One page of a log query over [startNs, endNs), oldest first. Never cached: pages are read once. */
  async logs(query: string, startNs: bigint, endNs: bigint, limit: number, tally: Tally): Promise<Stream[]> {
    const params = { query, start: startNs.toString(), end: endNs.toString(), limit: String(limit), direction: 'forward' };
    const data = await this.get('/loki/api/v1/query_range', params, query, tally, true);
    if (data.resultType === 'streams') return data.result;
    throw this.unexpected(data.resultType, 'streams', query);
  }

  private async get(path: string, query: Record<string, string>, logql: string, tally: Tally, noCache: boolean, post = false): Promise<QueryData> {
    tally.requests++;
    this.work.requests++;
    try {
      const req = post ? { path, method: 'POST' as const, form: query, noCache } : { path, query, noCache };
      const body = await this.http.getJson(req, queryResponseSchema);
      const work = workOf(body.data);
      this.work.bytesProcessed += work.bytesProcessed;
      this.work.linesProcessed += work.linesProcessed;
      this.work.entriesReturned += work.entriesReturned;
      return body.data;
    } catch (error) {
      if (isSeriesLimit(error)) throw error;
      throw lokiError(error, this.name, `${logql} (${describeParams(query)})`);
    }
  }

  private unexpected(got: string, wanted: string, query: string): DatasourceError {
    return new DatasourceError('DATASOURCE_RESPONSE', this.name, `Loki (${this.name}) answered a ${wanted} query with a ${got} result`, {
      query,
      hint: 'Check that datasources.loki.url points at Loki itself, not at a proxy that rewrites answers.',
    });
  }
}

function describeParams(params: Record<string, string>): string {
  return Object.entries(params)
    .filter(([k]) => k !== 'query')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
