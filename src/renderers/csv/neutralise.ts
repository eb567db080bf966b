/**
 * Spreadsheet formula injection: a text cell that starts with = + - @, a tab, a carriage
 * return or a line feed can be read as a formula by Excel or LibreOffice (e.g.
 * `=HYPERLINK(...)` from a log line). So can one whose formula character comes after leading
 * white space (LibreOffice's CSV import trims it when asked to) or is a full-width form
 * (＝ ＋ － ＠, which Excel takes for the ASCII ones under an East Asian input method). Such
 * text gets a leading apostrophe, as OWASP recommends, and stays text. Numbers are never
 * passed here, so a negative number stays a number.
 */

const FORMULA_START = /^[\t\r\n]|^[\s\u00a0\u3000\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20]/u;

/** Whether a spreadsheet could take this text for a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The text, with an apostrophe in front if a spreadsheet could take it for a formula. */
export function neutraliseFormula(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}
