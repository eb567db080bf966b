/** The template theme as CSS custom properties, so stylesheets use colours and fonts from manifest.yaml. */
import type { Theme } from '../types.js';

/** `:root { --good: ...; --series-0: ...; --font-body: ...; }` (values were validated with the manifest). */
export function themeCss(theme: Theme): string {
  const vars: [string, string][] = [
    ['good', theme.good],
    ['bad', theme.bad],
    ['neutral', theme.neutral],
    ['text', theme.text],
    ['muted', theme.muted],
    ['accent', theme.palette[0] ?? theme.neutral],
    ...theme.palette.map((colour, i): [string, string] => [`series-${i}`, colour]),
    ['font-body', theme.fonts.body],
    ['font-heading', theme.fonts.heading],
    ['font-mono', theme.fonts.mono],
  ];
  return `:root {\n${vars.map(([name, value]) => `  --${name}: ${value};`).join('\n')}\n}`;
}
