/**
 * Series names as Grafana's backends set `displayNameFromDS`: the legend format with
 * {{label}} replaced, or the Prometheus-style label set when there is no format.
 */

const TEMPLATE = /\{\{\s*(.+?)\s*\}\}/g;

/** `name{a="b", c="d"}` (Prometheus' model.Metric String, __name__ first). */
export function metricName(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  const name = labels.__name__ ?? '';
  if (parts.length === 0) return name === '' ? '{}' : name;
  return `${name}{${parts.join(', ')}}`;
}

function fill(format: string, labels: Record<string, string>): string {
  return format.replace(TEMPLATE, (_, name: string) => labels[name.trim()] ?? '');
}

/** promlib getName: `__auto` names only unlabelled series; an empty name `{}` becomes the query. */
export function prometheusLegend(format: string, labels: Record<string, string>, expr: string): string {
  let legend = metricName(labels);
  if (format === '__auto') {
    if (Object.keys(labels).length > 0) legend = '';
  } else if (format !== '') {
    legend = fill(format, labels);
  }
  return legend === '{}' ? expr : legend;
}

/** Loki formatName: the format filled in, else `{a="b"}`. */
export function lokiLegend(format: string, labels: Record<string, string>): string {
  return format === '' ? metricName(labels) : fill(format, labels);
}
