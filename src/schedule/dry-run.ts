/**
 * `obs-report run <job> --dry-run`: what a run would generate and send to whom, read from the
 * plan and the ledger without changing anything.
 */
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Ledger } from '../delivery/ledger.js';
import type { JobPlan } from './plan.js';
import { localIso } from './wall-time.js';

/** The file a format is written to: `<stem>.<ext>`; CSV is one file per table, `<stem>-<table>.csv`. */
export function plannedFile(stem: string, format: string): string {
  return format === 'csv' ? `${stem}-<table>.csv` : `${stem}.${format}`;
}

/** Lines describing the run of `plan`. */
export async function describeRun(config: Config, plan: JobPlan, ledger: Ledger, outDir: string): Promise<string[]> {
  const lines = [`Job ${plan.job}: the run for ${localIso(plan.slot, plan.tz)} ${plan.tz} (${new Date(plan.slot).toISOString()}). Nothing is generated or sent (--dry-run).`];
  const smtp = config.delivery.smtp;
  lines.push(smtp ? `E-mail via ${smtp.host}:${smtp.port} (${smtp.security}), from ${smtp.from}.` : 'E-mail: off (delivery.smtp is not configured); files only.');
  for (const item of plan.reports) {
    const apps = item.report.apps.length > 0 ? item.report.apps.join(', ') : 'all apps';
    lines.push('', `Report ${item.report.id} (${item.report.kind}, ${apps}), period ${item.period.label} [${item.periodSpec}]`);
    const files = [
      ...item.formats.map((f) => plannedFile(item.stem, f)),
      ...item.variants.flatMap((v) => v.formats.map((f) => `${plannedFile(`${item.stem}-${v.suffix}`, f)} (template ${v.template})`)),
    ];
    lines.push(`  would write: ${files.map((name) => join(outDir, name)).join(', ')}`);
    if (item.recipients.length === 0) lines.push('  would mail: nobody (no stakeholder takes this report)');
    for (const r of item.recipients) {
      const status = await ledger.status({ job: plan.job, period: item.ledgerPeriod, report: item.report.id, recipient: r.email });
      const note = status === 'sent' ? 'already sent, would skip' : status === 'claimed' ? 'claimed by a run that may be sending it, would not send it (partial)' : status === 'abandoned' ? 'claimed by a run that is gone, would take over and send' : smtp ? 'would send' : 'would skip (no SMTP)';
      lines.push(`  ${r.name} <${r.email}>: ${r.formats.join(', ')}${r.template === undefined ? '' : ` (template ${r.template})`} — ${note}`);
    }
    const webhook = config.delivery.webhook;
    if (webhook) lines.push(`  would post to the ${webhook.kind} webhook`);
  }
  for (const note of plan.notes) lines.push('', `Note: ${note}`);
  return lines;
}
