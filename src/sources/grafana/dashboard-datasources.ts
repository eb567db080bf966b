/**
 * Which datasource a panel query runs on. Dashboards refer to datasources by uid, by a
 * datasource variable (`${datasource}`), by an export placeholder (`${DS_LOKI}`, declared in
 * `__inputs` and left unresolved in provisioned dashboards), by a legacy name string, or not at
 * all (the default datasource). Placeholders map to the datasource configured for that type.
 */
import type { DatasourceRef } from './ds-query.js';
import type { DatasourceRefJson, DashboardJson } from './dashboard-schema.js';
import type { GrafanaDatasource } from './schema.js';
import type { VariableValue } from './templating.js';

/** A resolved datasource, or why it could not be. */
export type Resolution = { ok: true; ds: DatasourceRef } | { ok: false; reason: string };

/** What resolution may consult: configured uids per type, and Grafana's datasource list (fetched once, on demand). */
export interface DatasourceContext {
  configured: { prometheus?: string | undefined; loki?: string | undefined };
  catalog: () => Promise<GrafanaDatasource[]>;
}

const PLACEHOLDER = /^\$\{?(\w+)\}?$/;
const SPECIAL = new Set(['-- Mixed --', '-- Dashboard --', '-- Grafana --', '__expr__', 'grafana', 'datasource']);

function supported(type: string | undefined): type is DatasourceRef['type'] {
  return type === 'prometheus' || type === 'loki';
}

/** Resolves datasource references of one dashboard. */
export class DatasourceResolver {
  constructor(
    private readonly dashboard: DashboardJson,
    private readonly variables: ReadonlyMap<string, VariableValue>,
    private readonly ctx: DatasourceContext,
  ) {}

  /** The datasource of a target (`ref`) in a panel whose own reference is `panelRef`. */
  async resolve(ref: DatasourceRefJson, panelRef: DatasourceRefJson): Promise<Resolution> {
    const own = ref ?? panelRef;
    if (own === null || own === undefined) return this.byDefault();
    if (typeof own === 'string') return this.byText(own, undefined);
    return this.byText(own.uid ?? '', own.type ?? undefined);
  }

  private async byText(text: string, type: string | undefined): Promise<Resolution> {
    if (text === '') return type ? this.byType(type) : this.byDefault();
    if (SPECIAL.has(text)) return { ok: false, reason: `its datasource "${text}" is not a Prometheus or Loki datasource` };
    const name = PLACEHOLDER.exec(text)?.[1];
    if (name !== undefined) return this.placeholder(name, type);
    return this.byUidOrName(text, type);
  }

  private async placeholder(name: string, type: string | undefined): Promise<Resolution> {
    const input = this.dashboard.__inputs?.find((i) => i.name === name);
    if (input) return this.byType(input.pluginId ?? type ?? '');
    const variable = this.dashboard.templating?.list.find((v) => v.name === name && v.type === 'datasource');
    if (variable) {
      const value = this.variables.get(name);
      const chosen = value?.kind === 'values' ? value.values[0] : value?.value;
      if (chosen && chosen !== 'default' && !PLACEHOLDER.test(chosen)) return this.byVariableValue(chosen, typeof variable.query === 'string' ? variable.query : type);
      return this.byType(typeof variable.query === 'string' ? variable.query : (type ?? ''));
    }
    if (type) return this.byType(type);
    return { ok: false, reason: `its datasource \${${name}} is neither a dashboard input nor a datasource variable` };
  }

  private async byType(type: string): Promise<Resolution> {
    if (!supported(type)) return { ok: false, reason: `its datasource type "${type}" is not Prometheus or Loki` };
    const configured = this.ctx.configured[type];
    if (configured) return { ok: true, ds: { uid: configured, type } };
    const candidates = (await this.ctx.catalog()).filter((d) => d.type === type);
    const chosen = candidates.find((d) => d.isDefault) ?? candidates[0];
    if (!chosen) return { ok: false, reason: `Grafana has no ${type} datasource` };
    return { ok: true, ds: { uid: chosen.uid, type } };
  }

  private async byDefault(): Promise<Resolution> {
    const chosen = (await this.ctx.catalog()).find((d) => d.isDefault);
    if (!chosen) return { ok: false, reason: 'it uses the default datasource and Grafana has none' };
    return supported(chosen.type) ? { ok: true, ds: { uid: chosen.uid, type: chosen.type } } : { ok: false, reason: `its default datasource is of type "${chosen.type}"` };
  }

  /** A datasource variable holds a uid (Grafana 8.3+) or, in older dashboards, a name. */
  private async byVariableValue(value: string, type: string | undefined): Promise<Resolution> {
    const list = await this.ctx.catalog().catch(() => []);
    const found = list.find((d) => d.uid === value || d.name === value);
    if (found) return this.byUidOrName(found.uid, found.type);
    return this.byUidOrName(value, type);
  }

  private async byUidOrName(text: string, type: string | undefined): Promise<Resolution> {
    // `{uid, type}` references carry real uids; untyped ones (legacy strings, variable values) may be names.
    if (supported(type)) return { ok: true, ds: { uid: text, type } };
    const found = (await this.ctx.catalog()).find((d) => d.uid === text || d.name === text);
    if (!found) return { ok: false, reason: `Grafana has no datasource "${text}"` };
    return supported(found.type) ? { ok: true, ds: { uid: found.uid, type: found.type } } : { ok: false, reason: `its datasource "${found.name}" is of type "${found.type}"` };
  }
}
