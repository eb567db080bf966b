/**
 * The template theme as Office files want it: one font name rather than a CSS stack, and
 * colours as six hex digits without `#`.
 */
import type { Theme } from '../types.js';

// CSS keywords and system aliases that name no installable font.
const GENERIC = /^(system-ui|-apple-system|blinkmacsystemfont|ui-[\w-]+|sans-serif|serif|monospace|cursive|fantasy|emoji|math|fangsong)$/i;

/** The first concrete family of a CSS font stack (`"Segoe UI"` from `system-ui, "Segoe UI", sans-serif`), or `fallback`. */
export function officeFont(stack: string, fallback = 'Calibri'): string {
  for (const raw of stack.split(',')) {
    const name = raw.trim().replace(/^["']|["']$/g, '');
    if (name && !GENERIC.test(name)) return name;
  }
  return fallback;
}

/** `#2563eb` or `#26e` as `2563EB`. */
export function officeColor(hex: string): string {
  const digits = hex.replace(/^#/, '');
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  return full.toUpperCase();
}

/** A colour mixed with white: `amount` 0 is the colour, 1 is white (for tints such as heatmap cells). */
export function tint(hex: string, amount: number): string {
  const full = officeColor(hex);
  const mix = (i: number): string => {
    const channel = Number.parseInt(full.slice(i, i + 2), 16);
    return Math.round(channel + (255 - channel) * Math.min(1, Math.max(0, amount)))
      .toString(16)
      .padStart(2, '0');
  };
  return `${mix(0)}${mix(2)}${mix(4)}`.toUpperCase();
}

/** The theme's fonts and colours for Office formats. */
export interface OfficeTheme {
  font: string;
  headingFont: string;
  monoFont: string;
  text: string;
  muted: string;
  good: string;
  bad: string;
  neutral: string;
  accent: string;
}

/** Fonts and colours of a theme, ready for pptx and xlsx. */
export function officeTheme(theme: Theme): OfficeTheme {
  return {
    font: officeFont(theme.fonts.body),
    headingFont: officeFont(theme.fonts.heading),
    monoFont: officeFont(theme.fonts.mono, 'Consolas'),
    text: officeColor(theme.text),
    muted: officeColor(theme.muted),
    good: officeColor(theme.good),
    bad: officeColor(theme.bad),
    neutral: officeColor(theme.neutral),
    accent: officeColor(theme.palette[0] ?? theme.neutral),
  };
}
