/** Grafana-managed alert rules in the health report: where each rule stands, and what changed in the period. */
import type { Section } from '../../model/report.js';
import { currentWindow, type ReportContext } from '../context.js';
import { col, kpi, table } from '../kpi.js';
import { runSection } from '../section.js';

/** The section, or none when no alert-rule source (Grafana) is configured. */
export async function alertRulesSection(ctx: ReportContext): Promise<Section[]> {
  const source = ctx.sources.alertRules;
  if (!source) return [];
  const section = await runSection(
    ctx,
    { id: 'alert-rules', title: 'Grafana alert rules', question: 'Which Grafana alert rules fired, and when did their state change?', howToRead: 'The state of each rule now, then every change of state in the period.' },
    async () => {
      const [rules, changes] = await Promise.all([source.rules(), source.stateHistory({ window: currentWindow(ctx) })]);
      const firings = changes.filter((c) => c.to === 'firing').length;
      return [
        {
          kind: 'kpis',
          items: [
            kpi('rules_firing', 'Rules firing now', rules.filter((r) => r.state === 'firing').length, null, 'count', 'down_is_good'),
            kpi('rule_firings', 'Times a rule started firing', firings, null, 'count', 'down_is_good'),
          ],
        },
        table(
          'alert-rules',
          'Alert rules',
          [col.text('title', 'Rule'), col.text('folder', 'Folder'), col.text('state', 'State'), col.text('health', 'Health'), col.time('since', 'Since')],
          rules.map((r) => ({ title: r.title, folder: r.folder, state: r.state, health: r.health, since: r.activeSince })),
        ),
        table(
          'alert-state-changes',
          'State changes in the period',
          [col.time('ts', 'Time'), col.text('rule', 'Rule'), col.text('from', 'From'), col.text('to', 'To')],
          changes.map((c) => ({ ts: c.ts, rule: c.ruleTitle, from: c.from, to: c.to })),
        ),
      ];
    },
  );
  return [section];
}
