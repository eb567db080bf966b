/**
 * The Prometheus text exposition format (version 0.0.4), for the few gauges a run pushes.
 * Label values are escaped (backslash, double quote, newline) as the format requires.
 */

/** One gauge with its samples. */
export interface Gauge {
  name: string;
  help: string;
  samples: { labels: Record<string, string>; value: number }[];
}

/** Escapes a label value. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** The gauges as exposition text, ending with a newline. */
export function toExposition(gauges: readonly Gauge[]): string {
  const lines: string[] = [];
  for (const gauge of gauges) {
    lines.push(`# HELP ${gauge.name} ${escapeHelp(gauge.help)}`, `# TYPE ${gauge.name} gauge`);
    for (const sample of gauge.samples) {
      const labels = Object.entries(sample.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
      lines.push(`${gauge.name}${labels.length > 0 ? `{${labels.join(',')}}` : ''} ${formatNumber(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
