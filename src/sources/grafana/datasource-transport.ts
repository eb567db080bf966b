/**
 * An HttpTransport that speaks Prometheus' or Loki's query API on the outside and Grafana's
 * `POST /api/ds/query` on the inside, so the Prometheus and Loki sources work unchanged for
 * teams that only have a Grafana service-account token. Other read-only paths (label values,
 * series, build info) go through Grafana's datasource resource proxy.
 */
import { DatasourceError } from '../../errors.js';
import { decodeJson } from '../../http/json.js';
import { describeRequest } from '../../http/request.js';
import type { HttpRequest, HttpResponse, HttpStats, HttpTransport } from '../../http/types.js';
import type { ZodType } from 'zod';
import { runQuery, type DatasourceRef, type QueryBody } from './ds-query.js';
import { grafanaAuthError } from './errors.js';
import { FrameShapeError } from './frame-columns.js';
import type { Frame } from './frame-schema.js';
import { lokiAnswerFor, prometheusAnswerFor, resourcePath } from './native-answers.js';
import { nativeFailure } from './native-errors.js';
import { nativeQuery, type NativeQuery } from './native-request.js';

/** Answers Prometheus or Loki query requests through Grafana's datasource `datasource`. */
export function createGrafanaDatasourceTransport(grafana: HttpTransport, datasource: DatasourceRef): HttpTransport {
  return new GrafanaDatasourceTransport(grafana, datasource);
}

class GrafanaDatasourceTransport implements HttpTransport {
  readonly name: string;
  readonly baseUrl: string;

  constructor(
    private readonly grafana: HttpTransport,
    private readonly ds: DatasourceRef,
  ) {
    this.name = grafana.name;
    this.baseUrl = `${grafana.baseUrl}/api/datasources/uid/${encodeURIComponent(ds.uid)}`;
  }

  get stats(): HttpStats {
    return this.grafana.stats;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const query = nativeQuery(this.name, this.ds.type, req);
    if (!query) return this.resource(req);
    const body = JSON.stringify(await this.answer(query, req));
    return { status: 200, headers: { 'content-type': 'application/json' }, body, bytes: Buffer.byteLength(body) };
  }

  async getJson<T>(req: HttpRequest, schema: ZodType<T>): Promise<T> {
    const res = await this.request(req);
    return decodeJson(this.name, describeRequest(req), res.body, schema);
  }

  /** Sends one /api/ds/query and returns the frames, or throws the native error of a failed refId. */
  private async frames(body: QueryBody, req: HttpRequest): Promise<Frame[]> {
    const answer = await runQuery(this.grafana, this.name, this.ds, body, req.noCache === true);
    if (!answer.ok) throw nativeFailure(this.name, this.ds.type, answer, describeRequest(req));
    return answer.frames;
  }

  private async answer(query: NativeQuery, req: HttpRequest): Promise<unknown> {
    const ask = (body: QueryBody): Promise<Frame[]> => this.frames(body, req);
    try {
      if (query.api === 'prometheus') return await prometheusAnswerFor(this.name, this.ds, query, ask);
      const categorize = /(^|,)categorize-labels(,|$)/.test(headerOf(req, 'X-Loki-Response-Encoding-Flags'));
      return await lokiAnswerFor(this.name, this.ds, query, ask, categorize);
    } catch (error) {
      if (!(error instanceof FrameShapeError)) throw error;
      throw new DatasourceError('DATASOURCE_RESPONSE', this.name, `Grafana (${this.name}) answered ${describeRequest(req)} with frames obs-report cannot read: ${error.message}`, {
        query: query.expr,
        hint: 'Use Grafana 10 or later with its built-in Prometheus/Loki datasource; other datasource plugins answer in other shapes.',
      });
    }
  }

  /** Read-only API paths other than queries, through Grafana's resource proxy for the datasource. */
  private async resource(req: HttpRequest): Promise<HttpResponse> {
    const path = resourcePath(this.ds, req.path);
    if (path === undefined) {
      throw new DatasourceError('DATASOURCE_QUERY', this.name, `${req.path} of ${this.ds.type} cannot be asked through Grafana`, {
        query: describeRequest(req),
        hint: `Only queries, labels and series of the ${this.ds.type} datasource are available through Grafana; point datasources.${this.ds.type}.url at it directly for anything else.`,
      });
    }
    try {
      return await this.grafana.request({ ...req, path: `/api/datasources/uid/${encodeURIComponent(this.ds.uid)}/resources/${path}` });
    } catch (error) {
      // Other statuses pass on unchanged: the source reads the backend's own answer (e.g. 404 for no build info).
      throw grafanaAuthError(error, this.name, `${req.path} of the ${this.ds.type} datasource ${this.ds.uid}`) ?? error;
    }
  }
}

function headerOf(req: HttpRequest, name: string): string {
  const found = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return found?.[1] ?? '';
}
