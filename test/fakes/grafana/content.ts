/**
 * The fake's read-only content endpoints, in the samples' shapes: /api/datasources,
 * /api/search, /api/dashboards/uid/<uid> (404 unknown, 406 v2 schema) and /api/annotations
 * (pkg/services/annotations/annotationsimpl/xorm_store.go filtering and order).
 */
import type { FakeDatasource, FakeReply } from './ds-query.js';
import { grafanaSample } from './samples.js';

const json = (status: number, value: unknown): FakeReply => ({ status, body: JSON.stringify(value) });

/** An annotation as /api/annotations returns it (ItemDTO). */
export interface FakeAnnotation {
  id: number;
  alertId: number;
  dashboardUID: string | null;
  panelId: number;
  time: number;
  timeEnd: number;
  text: string;
  tags: string[];
  newState?: string;
  prevState?: string;
  data?: unknown;
  [key: string]: unknown;
}

/** GET /api/datasources: sorted by name, case-insensitively; no secrets. */
export function listDatasources(datasources: readonly FakeDatasource[]): FakeReply {
  const items = [...datasources]
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
    .map((d) => ({
      id: d.id,
      uid: d.uid,
      orgId: 1,
      name: d.name,
      type: d.type,
      typeName: d.type === 'loki' ? 'Loki' : d.type === 'prometheus' ? 'Prometheus' : d.type,
      typeLogoUrl: `public/app/plugins/datasource/${d.type}/img/logo.svg`,
      access: 'proxy',
      url: d.url ?? '',
      user: '',
      database: '',
      basicAuth: false,
      isDefault: d.isDefault,
      jsonData: d.jsonData,
      readOnly: false,
    }));
  return json(200, items);
}

function dashboardJson(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The full answer of /api/dashboards/uid/<uid> for a stored dashboard (meta + dashboard). */
function fullDashboard(uid: string, stored: unknown): Record<string, unknown> {
  const value = dashboardJson(stored);
  if ('dashboard' in value && 'meta' in value) return value;
  const slug = String(value.title ?? uid).toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return { meta: { type: 'db', slug, url: `/d/${uid}/${slug}`, version: value.version ?? 1, provisioned: false, apiVersion: 'v1beta1' }, dashboard: value };
}

/** GET /api/dashboards/uid/<uid>. */
export function getDashboard(uid: string, dashboards: Record<string, unknown>, v2: readonly string[]): FakeReply {
  if (v2.includes(uid)) {
    const sample = grafanaSample('error-406-dashboard-v2-schema.json') as { message: string };
    return json(406, { message: sample.message.replace(/dashboards\/[^/ ]+ instead/, `dashboards/${uid} instead`) });
  }
  const stored = dashboards[uid];
  if (stored === undefined) return json(404, grafanaSample('error-404-dashboard-not-found.json'));
  return json(200, fullDashboard(uid, stored));
}

/** GET /api/search over the stored dashboards (title substring, limit at most 5000). */
export function search(params: URLSearchParams, dashboards: Record<string, unknown>): FakeReply {
  const limit = Number(params.get('limit') ?? 1000);
  if (limit > 5000) return json(422, { message: 'Limit is above maximum allowed (5000), use page parameter to access hits beyond limit' });
  const type = params.get('type');
  const text = (params.get('query') ?? '').toLowerCase();
  if (type !== null && type !== 'dash-db') return json(200, []);
  const hits = Object.entries(dashboards)
    .map(([uid, stored]) => ({ uid, dashboard: dashboardJson(fullDashboard(uid, stored).dashboard) }))
    .filter(({ dashboard }) => String(dashboard.title ?? '').toLowerCase().includes(text))
    .slice(0, limit)
    .map(({ uid, dashboard }) => {
      const slug = String(dashboard.title ?? uid).toLowerCase().replace(/[^a-z0-9]+/g, '-');
      return { id: dashboard.id ?? 0, uid, orgId: 1, title: dashboard.title ?? '', uri: `db/${slug}`, url: `/d/${uid}/${slug}`, slug: '', type: 'dash-db', tags: dashboard.tags ?? [], isStarred: false, sortMeta: 0, isDeleted: false };
    });
  return json(200, hits);
}

/** GET /api/annotations: overlap with [from, to], type, tags (all, or any with matchAny), dashboardUID, newest first, limit 100 by default. */
export function annotations(params: URLSearchParams, items: readonly FakeAnnotation[]): FakeReply {
  const from = Number(params.get('from') ?? 0);
  const to = Number(params.get('to') ?? 0);
  const type = params.get('type');
  const tags = params.getAll('tags');
  const matchAny = params.get('matchAny') === 'true';
  const dashboardUID = params.get('dashboardUID');
  const alertId = params.get('alertId');
  const limit = Number(params.get('limit') ?? 100) || 100;
  const found = items
    .filter((a) => !(from > 0 && to > 0) || (a.time <= to && a.timeEnd >= from))
    .filter((a) => (type === 'alert' ? a.alertId > 0 : type === 'annotation' ? a.alertId === 0 : true))
    .filter((a) => tags.length === 0 || (matchAny ? tags.some((t) => a.tags.includes(t)) : tags.every((t) => a.tags.includes(t))))
    .filter((a) => dashboardUID === null || a.dashboardUID === dashboardUID)
    .filter((a) => alertId === null || a.alertId === Number(alertId))
    .sort((a, b) => b.time - a.time || b.timeEnd - a.timeEnd)
    .slice(0, limit);
  return json(200, found);
}
