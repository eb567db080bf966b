/**
 * The mail that carries a report: subject with title and period; an HTML body with the
 * headline figures and their changes (formatted as in the report itself) and the top
 * highlights; the same as plain text for clients that do not show HTML. Every value taken
 * from the report or the config is escaped, so an app name cannot inject markup.
 */
import { changeTone, formatBytes, formatKpiChange, formatValue } from '../model/format.js';
import type { Report } from '../model/report.js';

/** A file that goes with the mail: attached, or linked when `url` is set. */
export interface MailFile {
  name: string;
  bytes: number;
  url?: string;
}

/** Subject and both bodies of a mail. */
export interface MailContent {
  subject: string;
  html: string;
  text: string;
}

/** Where the mail comes from, for its footer. */
export interface MailOrigin {
  job: string;
  runId: string;
}

const TONE_COLOURS = { good: '#1a7f37', bad: '#cf222e', neutral: '#52606d' } as const;
const HIGHLIGHTS = 3;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "Dice: usage — Week 47, 16–22 Nov 2026", marked when data was missing. */
export function mailSubject(report: Report): string {
  return `${report.title} — ${report.period.label}${report.status === 'partial' ? ' (partial)' : ''}`;
}

/** Composes the mail of one report. */
export function composeReportMail(report: Report, files: readonly MailFile[], origin: MailOrigin): MailContent {
  const kpis = report.headline.map((k) => ({
    label: k.label,
    value: formatValue(k.value, k.unit),
    change: formatKpiChange(k),
    colour: TONE_COLOURS[changeTone(k.change, k.polarity)],
  }));
  const highlights = [...report.highlights].sort((a, b) => b.weight - a.weight).slice(0, HIGHLIGHTS).map((h) => h.text);
  const linked = files.some((f) => f.url !== undefined);
  const partial =
    report.status === 'partial'
      ? `Some data was unavailable (${report.appendix.unavailable.length} part(s)); the report's appendix says which and why.`
      : null;
  const footer = `Sent by obs-report, job ${origin.job}, run ${origin.runId}.`;

  const cell = 'padding:6px 8px;border-bottom:1px solid #e4e7eb';
  const html = [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(mailSubject(report))}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f7fa;font-family:Helvetica,Arial,sans-serif;color:#1f2933">',
    '<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px">',
    `<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(report.title)}</h1>`,
    `<p style="margin:0 0 16px;color:#52606d">${escapeHtml(report.period.label)} (${escapeHtml(report.period.tz)})</p>`,
    partial ? `<p style="margin:0 0 16px;color:#cf222e">${escapeHtml(partial)}</p>` : '',
    '<table role="presentation" style="border-collapse:collapse;width:100%;margin:0 0 16px">',
    `<tr><th align="left" style="${cell}">Figure</th><th align="right" style="${cell}">Value</th><th align="right" style="${cell}">Change</th></tr>`,
    ...kpis.map(
      (k) =>
        `<tr><td style="${cell}">${escapeHtml(k.label)}</td><td align="right" style="${cell};font-weight:bold">${escapeHtml(k.value)}</td>` +
        `<td align="right" style="${cell};color:${k.colour}">${escapeHtml(k.change)}</td></tr>`,
    ),
    '</table>',
    highlights.length > 0 ? `<ul style="margin:0 0 16px;padding-left:20px">${highlights.map((h) => `<li>${escapeHtml(h)}</li>`).join('')}</ul>` : '',
    linked
      ? `<p>The full report is too large to attach; download it here:</p><ul>${files
          .map((f) => `<li><a href="${escapeHtml(f.url ?? '')}">${escapeHtml(f.name)}</a> (${escapeHtml(formatBytes(f.bytes))})</li>`)
          .join('')}</ul>`
      : `<p>The full report is attached: ${files.map((f) => `${escapeHtml(f.name)} (${escapeHtml(formatBytes(f.bytes))})`).join(', ')}.</p>`,
    `<p style="font-size:12px;color:#7b8794">${escapeHtml(footer)}</p>`,
    '</div></body></html>',
  ]
    .filter(Boolean)
    .join('\n');

  const text = [
    report.title,
    `${report.period.label} (${report.period.tz})`,
    '',
    ...(partial ? [partial, ''] : []),
    ...kpis.map((k) => `${k.label}: ${k.value} (${k.change})`),
    '',
    ...highlights.map((h) => `- ${h}`),
    ...(highlights.length > 0 ? [''] : []),
    linked ? 'The full report is too large to attach; download it here:' : 'The full report is attached:',
    ...files.map((f) => `  ${f.name} (${formatBytes(f.bytes)})${f.url ? `: ${f.url}` : ''}`),
    '',
    footer,
  ].join('\n');

  return { subject: mailSubject(report), html, text };
}
