/**
 * Worksheet names Excel accepts: at most 31 characters, none of [ ] : * ? / \, not starting
 * or ending with an apostrophe, not "History", and unique regardless of case.
 */

const MAX = 31;

/** A name cleaned of what Excel refuses (not yet unique). */
export function cleanSheetName(name: string): string {
  const cleaned = [...name]
    .map((c) => (c.charCodeAt(0) < 32 ? ' ' : c))
    .join('')
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  const short = cleaned.slice(0, MAX).trim();
  if (short === '') return 'Data';
  return short.toLowerCase() === 'history' ? 'History data' : short;
}

/** Hands out unique sheet names, starting from the names already taken. */
export class SheetNames {
  private readonly used = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const name of reserved) this.used.add(name.toLowerCase());
  }

  /** A unique, valid name for `wanted`: cleaned, then suffixed " (2)", " (3)"... within 31 characters. */
  take(wanted: string): string {
    const base = cleanSheetName(wanted);
    let name = base;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${base.slice(0, MAX - suffix.length).trim()}${suffix}`;
    }
    this.used.add(name.toLowerCase());
    return name;
  }
}
