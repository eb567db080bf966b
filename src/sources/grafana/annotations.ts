/**
 * Deploys, incidents and other notes from Grafana's annotations (`/api/annotations`, epoch ms).
 * Alert-state annotations are left out (they are state history, see alert-history.ts). An
 * annotation belongs to an app when it is tagged `app:<id>` (or `app=<id>`, or just `<id>`), or
 * sits on one of the app's dashboards.
 */
import type { HttpTransport } from '../../http/types.js';
import type { Window } from '../../time/window.js';
import type { Annotation, AnnotationSource, AppId } from '../types.js';
import { grafanaError } from './errors.js';
import { annotationsSchema, type AnnotationItem } from './schema.js';
import { readAll } from './time-split.js';

/** What a GrafanaAnnotationSource is built from. */
export interface GrafanaAnnotationSourceOptions {
  /** Datasource name, as in the config. */
  name: string;
  http: HttpTransport;
  /** Dashboard uids per app: annotations on them belong to the app. */
  appDashboards?: Record<AppId, string[]>;
  /** Items asked for per request; a full answer is split in halves (Grafana's own default is 100). */
  pageLimit?: number;
}

/** Annotations per request unless configured: large enough that splitting is rare. */
const DEFAULT_PAGE_LIMIT = 1000;

/** True when the annotation concerns `app` (by tag, or by dashboard). */
export function belongsTo(item: AnnotationItem, app: AppId, dashboards: readonly string[]): boolean {
  const tags = item.tags ?? [];
  if (tags.some((t) => t === app || t === `app:${app}` || t === `app=${app}`)) return true;
  return item.dashboardUID !== null && item.dashboardUID !== undefined && dashboards.includes(item.dashboardUID);
}

/** An annotation item as the report's Annotation: regions keep their end, points do not. */
export function toAnnotation(item: AnnotationItem): Annotation {
  const out: Annotation = { ts: item.time, text: item.text, tags: [...(item.tags ?? [])] };
  if (item.timeEnd !== null && item.timeEnd !== undefined && item.timeEnd > item.time) out.tsEnd = item.timeEnd;
  return out;
}

/** AnnotationSource over Grafana's annotations. */
export class GrafanaAnnotationSource implements AnnotationSource {
  readonly name: string;
  readonly type = 'grafana';

  constructor(private readonly options: GrafanaAnnotationSourceOptions) {
    this.name = options.name;
  }

  async annotations(q: { window: Window; app?: AppId }): Promise<Annotation[]> {
    const { window, app } = q;
    const items = await this.items(window);
    const dashboards = app === undefined ? [] : (this.options.appDashboards?.[app] ?? []);
    const byId = new Map<number, AnnotationItem>();
    for (const item of items) {
      // Grafana returns what overlaps [from, to] inclusively; the window is [from, to).
      const end = item.timeEnd ?? item.time;
      if (item.time >= window.to || end < window.from) continue;
      if (app !== undefined && !belongsTo(item, app, dashboards)) continue;
      byId.set(item.id, item);
    }
    return [...byId.values()].sort((a, b) => a.time - b.time || a.id - b.id).map(toAnnotation);
  }

  private items(window: Window): Promise<AnnotationItem[]> {
    const limit = this.options.pageLimit ?? DEFAULT_PAGE_LIMIT;
    const fetch = async (from: number, to: number): Promise<AnnotationItem[]> => {
      const query = { from, to: to - 1, type: 'annotation', limit };
      try {
        return await this.options.http.getJson({ path: '/api/annotations', query }, annotationsSchema);
      } catch (error) {
        throw grafanaError(error, this.name, `annotations from ${from} to ${to}`);
      }
    };
    return readAll(this.name, 'annotations', window, limit, fetch, 1);
  }
}
