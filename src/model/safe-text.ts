/**
 * Text read from logs can hold characters that no XML document may contain (C0 control
 * characters other than tab, line feed and carriage return; U+FFFE, U+FFFF; unpaired surrogates).
 * One such character in a feature name would make the XLSX, PPTX and SVG of a report invalid, so
 * every text of a report is cleaned once, when the report is built: each becomes U+FFFD.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with every character XML 1.0 cannot hold replaced by U+FFFD. */
export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

/** A copy of a JSON-like value (objects, arrays, strings, numbers, null) with every string made XML-safe; unchanged parts are shared. */
export function withXmlSafeText<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return xmlSafeText(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const c = clean(item);
      if (c !== item) (out ??= value.slice())[i] = c;
    });
    return out ?? value;
  }
  if (typeof value === 'object' && value !== null) {
    let out: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const c = clean(item);
      const k = xmlSafeText(key);
      if (c !== item || k !== key) {
        out ??= { ...(value as Record<string, unknown>) };
        if (k !== key) delete out[key];
        out[k] = c;
      }
    }
    return out ?? value;
  }
  return value;
}
