/**
 * `manifest.yaml` of a template: name, description, formats, theme, logo. An override
 * folder may carry its own manifest.yaml with only the keys it changes (e.g. the palette);
 * it is merged over the template's, objects key by key, lists replaced.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ObsReportError } from '../../errors.js';
import type { Theme } from '../types.js';

const colour = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #2563eb');
// Font stacks go into CSS and SVG: names, commas, spaces, quotes and hyphens only.
const fontStack = z.string().regex(/^[\w\s,"'-]+$/, 'must be a CSS font stack such as system-ui, "Segoe UI", sans-serif');
const relativeFile = z
  .string()
  .regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, 'must be a file inside the template folder, e.g. logo.svg');

const manifestSchema = z.strictObject({
  name: z.string().min(1).describe('Template name.'),
  description: z.string().default('').describe('What the template is for.'),
  formats: z.array(z.string().min(1)).min(1).describe('Output formats it is written for, e.g. [html, pdf, pptx, xlsx].'),
  logo: relativeFile.optional().describe('Logo file in the template folder (svg, png, jpg).'),
  theme: z.strictObject({
    palette: z.array(colour).min(3).describe('Series colours; the report apps take the first ones.'),
    good: colour.describe('Colour of good news.'),
    bad: colour.describe('Colour of bad news.'),
    neutral: colour.describe('Colour of neither.'),
    text: colour.default('#111827'),
    muted: colour.default('#6b7280'),
    fonts: z.strictObject({ body: fontStack, heading: fontStack.optional(), mono: fontStack.optional() }),
    seriesColors: z.record(z.string(), colour).default({}).describe('Fixed colours for series names.'),
  }),
});

/** A validated manifest. */
export interface Manifest {
  name: string;
  description: string;
  formats: string[];
  logo?: string;
  theme: Theme;
}

/** Parses YAML into a plain value; syntax errors name the file and line. */
export function parseManifestYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    throw new ObsReportError('TEMPLATE', `${file}${line ? `:${line}` : ''}: ${error.message.split('\n')[0] ?? ''}`, {
      hint: 'Fix the YAML syntax of the template manifest.',
    });
  }
  return doc.toJS() as unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges `override` over `base`: objects key by key, everything else replaced. */
export function mergeManifests(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeManifests(base[key], value);
  return merged;
}

/** Validates a (merged) manifest; problems are listed with their path. */
export function validateManifest(raw: unknown, file: string): Manifest {
  const result = manifestSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new ObsReportError('TEMPLATE', `${file}: invalid template manifest: ${problems}`, {
      hint: 'Compare it with templates/default/manifest.yaml.',
    });
  }
  const { theme, ...rest } = result.data;
  const body = theme.fonts.body;
  return {
    ...rest,
    theme: {
      ...theme,
      fonts: { body, heading: theme.fonts.heading ?? body, mono: theme.fonts.mono ?? 'ui-monospace, Menlo, Consolas, monospace' },
    },
  };
}
