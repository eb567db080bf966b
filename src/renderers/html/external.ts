/**
 * Finds references that would make a browser fetch something: src/href/xlink:href/srcset/
 * action/poster attributes of tags, and url() / @import in <style> elements and style
 * attributes, that point anywhere but `data:` or an in-page `#fragment`. Escaped text
 * (`&lt;img src=x&gt;`) is not a tag and is not reported. A report must be viewable
 * offline and must not phone home.
 */

const TAG = /<[a-zA-Z][^>]*>/g;
const URL_ATTRIBUTE = /\s(?:src|href|xlink:href|srcset|action|formaction|poster|background|data|ping)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const STYLE_ATTRIBUTE = /\sstyle\s*=\s*("([^"]*)"|'([^']*)')/gi;
const STYLE_ELEMENT = /<style[^>]*>([\s\S]*?)<\/style>/gi;
const CSS_URL = /url\(\s*(['"]?)([^'")\s]*)/gi;
/** A tag without one of these names followed by `=` has none of the attributes above: most (a chart's paths) are passed over at once. */
const MAY_REFER = /(?:src|href|srcset|action|poster|background|data|ping|style)\s*=/i;

function isLocal(target: string): boolean {
  const value = target.trim().toLowerCase();
  return value.startsWith('data:') || value.startsWith('#');
}

function cssReferences(css: string): string[] {
  const found = [...css.matchAll(CSS_URL)].filter((m) => !isLocal(m[2] ?? '')).map((m) => m[0]);
  return [...found, ...[...css.matchAll(/@import[^;]*/gi)].map((m) => m[0])];
}

/** Every external reference in an HTML (or SVG) document, as the offending snippet; empty when self-contained. */
export function findExternalReferences(html: string): string[] {
  const found: string[] = [];
  for (const [tag] of html.matchAll(TAG)) {
    if (!MAY_REFER.test(tag)) continue;
    for (const match of tag.matchAll(URL_ATTRIBUTE)) {
      const target = match[2] ?? match[3] ?? match[4] ?? '';
      if (!isLocal(target)) found.push(match[0].trim());
    }
    for (const match of tag.matchAll(STYLE_ATTRIBUTE)) found.push(...cssReferences(match[2] ?? match[3] ?? ''));
  }
  for (const match of html.matchAll(STYLE_ELEMENT)) found.push(...cssReferences(match[1] ?? ''));
  return found;
}
