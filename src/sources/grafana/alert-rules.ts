/**
 * Grafana-managed alert rules and their state history. Rules come from
 * `/api/prometheus/grafana/api/v1/rules` (Prometheus format: rule state firing|pending|inactive|
 * recovering, alert states Alerting|Pending|Normal|NoData|Error); history from whichever
 * state-history backend Grafana runs (see alert-history.ts).
 */
import { DatasourceError } from '../../errors.js';
import { HttpStatusError, type HttpTransport } from '../../http/types.js';
import type { Window } from '../../time/window.js';
import type { AlertRuleSource, AlertRuleState, AlertStateChange } from '../types.js';
import { changeFromAnnotation, changesFromLokiFrame, type RuleLookup } from './alert-history.js';
import { grafanaError, grafanaMessage } from './errors.js';
import { frameSchema } from './frame-schema.js';
import { annotationsSchema, promRulesSchema, provisionedRulesSchema } from './schema.js';
import { readAll } from './time-split.js';

/** What a GrafanaAlertRuleSource is built from. */
export interface GrafanaAlertRuleSourceOptions {
  name: string;
  http: HttpTransport;
  /** Items asked for per history request; a full answer is split in halves. */
  pageLimit?: number;
}

const DEFAULT_PAGE_LIMIT = 1000;
const STATES: readonly string[] = ['firing', 'pending', 'inactive', 'recovering', 'nodata', 'error'] satisfies AlertRuleState['state'][];

function isState(state: string): state is AlertRuleState['state'] {
  return STATES.includes(state);
}

/** Epoch ms of an RFC 3339 time, null for Go's zero time or garbage. */
function activeAt(text: string | undefined): number | null {
  const ms = text === undefined ? NaN : Date.parse(text);
  return Number.isNaN(ms) || ms <= 0 ? null : ms;
}

function ruleState(state: string | undefined, health: string): AlertRuleState['state'] {
  const s = (state ?? '').toLowerCase();
  // An inactive rule whose evaluation fails or finds no data says so in its health.
  if ((s === 'inactive' || s === '') && (health === 'error' || health === 'nodata')) return health;
  return isState(s) ? s : 'inactive';
}

/** AlertRuleSource over Grafana-managed alerting. */
export class GrafanaAlertRuleSource implements AlertRuleSource {
  readonly name: string;
  readonly type = 'grafana';

  constructor(private readonly options: GrafanaAlertRuleSourceOptions) {
    this.name = options.name;
  }

  async rules(): Promise<AlertRuleState[]> {
    const path = '/api/prometheus/grafana/api/v1/rules';
    let body;
    try {
      body = await this.options.http.getJson({ path }, promRulesSchema);
    } catch (error) {
      throw grafanaError(error, this.name, 'the alert rules');
    }
    return body.data.groups.flatMap((group) =>
      group.rules.map((rule): AlertRuleState => {
        const state = ruleState(rule.state, rule.health);
        const since = (rule.alerts ?? []).filter((a) => !/^normal/i.test(a.state)).map((a) => activeAt(a.activeAt)).filter((t) => t !== null);
        return {
          uid: rule.uid ?? '',
          title: rule.name,
          folder: group.file,
          state,
          health: rule.health,
          labels: { ...(rule.labels ?? {}) },
          activeSince: state === 'inactive' ? null : since.length > 0 ? Math.min(...since) : activeAt(rule.activeAt),
        };
      }),
    );
  }

  async stateHistory(q: { window: Window }): Promise<AlertStateChange[]> {
    const inWindow = (c: AlertStateChange): boolean => c.ts >= q.window.from && c.ts < q.window.to;
    const fromLoki = await this.lokiHistory(q.window);
    const changes = fromLoki ?? (await this.annotationHistory(q.window));
    return changes.filter(inWindow).sort((a, b) => a.ts - b.ts);
  }

  /** The Loki backend's changes, or undefined when Grafana runs the annotations backend. */
  private async lokiHistory(window: Window): Promise<AlertStateChange[] | undefined> {
    const limit = this.options.pageLimit ?? DEFAULT_PAGE_LIMIT;
    const fetch = async (from: number, to: number): Promise<AlertStateChange[]> => {
      // Epoch seconds, widened to cover [from, to).
      const query = { from: Math.floor(from / 1000), to: Math.ceil(to / 1000), limit };
      const frame = await this.options.http.getJson({ path: '/api/v1/rules/history', query }, frameSchema);
      return changesFromLokiFrame(frame);
    };
    try {
      const changes = await readAll(this.name, 'alert state changes', window, limit, fetch, 1000);
      // Halves of a split window share the second at their border: keep each change once.
      return [...new Map(changes.map((c) => [JSON.stringify(c), c])).values()];
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 500 && /ruleUID is required/.test(grafanaMessage(error.body) ?? '')) return undefined;
      throw grafanaError(error, this.name, 'the alert state history');
    }
  }

  private async annotationHistory(window: Window): Promise<AlertStateChange[]> {
    const limit = this.options.pageLimit ?? DEFAULT_PAGE_LIMIT;
    const fetch = async (from: number, to: number) => {
      try {
        return await this.options.http.getJson({ path: '/api/annotations', query: { from, to: to - 1, type: 'alert', limit } }, annotationsSchema);
      } catch (error) {
        throw grafanaError(error, this.name, 'the alert state annotations');
      }
    };
    const items = await readAll(this.name, 'alert annotations', window, limit, fetch, 1);
    const unique = [...new Map(items.map((i) => [i.id, i])).values()];
    if (unique.length === 0) return [];
    const lookup = await this.ruleLookup();
    return unique.map((item) => changeFromAnnotation(item, lookup));
  }

  /** Rule ids need the provisioning API (admin by default); without it, rules are matched by title and folder. */
  private async ruleLookup(): Promise<RuleLookup> {
    const byId = new Map<number, { uid: string; title: string }>();
    try {
      const provisioned = await this.options.http.getJson({ path: '/api/v1/provisioning/alert-rules' }, provisionedRulesSchema);
      for (const rule of provisioned) byId.set(rule.id, { uid: rule.uid, title: rule.title });
    } catch (error) {
      // 403 (the service account is not an admin) or 404 (an older Grafana): match by title instead.
      const status = error instanceof HttpStatusError || error instanceof DatasourceError ? error.status : undefined;
      if (status !== 403 && status !== 404) throw grafanaError(error, this.name, 'the provisioned alert rules');
    }
    const rules = await this.rules();
    return {
      byId,
      byTitle: (title, folder) => rules.find((r) => r.title === title && (folder === undefined || r.folder === folder || r.folder.endsWith(`/${folder}`)))?.uid,
    };
  }
}
