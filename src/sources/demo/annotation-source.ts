/** Deploy and incident annotations of the demo organisation, as Grafana would hold them. */
import { noteQuery } from '../query-log.js';
import type { Annotation, AnnotationSource, AppId } from '../types.js';
import type { Window } from '../../time/window.js';
import type { DemoOrg } from './org.js';

/** AnnotationSource over the simulated organisation: deploys and the outage. */
export class DemoAnnotationSource implements AnnotationSource {
  readonly type = 'demo';

  constructor(
    private readonly org: DemoOrg,
    readonly name = 'demo',
  ) {}

  async annotations(q: { window: Window; app?: AppId }): Promise<Annotation[]> {
    const query = `demo: deploys and incidents${q.app === undefined ? '' : `, app=${q.app}`}`;
    noteQuery({ datasource: this.name, datasourceType: 'demo', query, purpose: 'deploy and incident annotations' });
    const from = Math.max(q.window.from, this.org.range.start);
    const to = Math.min(q.window.to, this.org.range.end);
    const out: Annotation[] = [];
    for (const app of this.org.apps) {
      const id = app.spec.id;
      if (q.app !== undefined && q.app !== id) continue;
      for (const d of app.ops.deploys) {
        if (d.ts >= from && d.ts < to) out.push({ ts: d.ts, text: `Deploy ${id} v${d.version}`, tags: ['deploy', id] });
      }
      const outage = app.ops.outage;
      if (outage && outage.start < to && outage.end > from) {
        const hours = ((outage.end - outage.start) / 3_600_000).toFixed(1);
        out.push({ ts: outage.start, tsEnd: outage.end, text: `Outage: ${app.spec.name} down for ${hours} h`, tags: ['incident', id] });
      }
    }
    return out.sort((a, b) => a.ts - b.ts);
  }
}
