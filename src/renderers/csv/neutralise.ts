/**
 * Spreadsheet formula injection: a text cell that starts with = + - @, a tab or a carriage
 * return can be read as a formula by Excel or LibreOffice (e.g. `=HYPERLINK(...)` from a log
 * line). Such text gets a leading apostrophe, as OWASP recommends, and stays text. Numbers
 * are never passed here, so a negative number stays a number.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a spreadsheet could take this text for a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The text, with an apostrophe in front if a spreadsheet could take it for a formula. */
export function neutraliseFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}
