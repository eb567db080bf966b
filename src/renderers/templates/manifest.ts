/**
 * `manifest.yaml` of a template: name, description, formats, the parent template it extends,
 * the sections it keeps, its stylesheets, theme and logo. A template that extends another,
 * and an override folder's manifest.yaml, give only the keys they change: manifests are
 * merged over their parent's, objects key by key, lists (and `sections`) replaced.
 */
import { z } from 'zod';
import { reportKinds } from '../../config/schema.js';
import { ObsReportError } from '../../errors.js';
import type { SectionSelection, Theme } from '../types.js';
import type { YamlFile } from './yaml-file.js';
import { isRecord } from '../../is-record.js';

const colour = z.string().regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'must be a hex colour such as #2563eb');
// Font stacks go into CSS and SVG: names, commas, spaces, quotes and hyphens only.
const fontStack = z.string().regex(/^[\w\s,"'-]+$/, 'must be a CSS font stack such as system-ui, "Segoe UI", sans-serif');
const relativeFile = z
  .string()
  .regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, 'must be a file inside the template folder, e.g. logo.svg');
/** Template names: also folder names, so no separators. */
export const templateName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'must be a template name such as default (letters, digits, - and _)');
const sectionList = z.array(z.string().regex(/^[\w*.-]+$/, 'must be a section id such as overview or availability-*')).min(1);

const manifestSchema = z.strictObject({
  name: z.string().min(1).describe('Template name.'),
  description: z.string().default('').describe('What the template is for.'),
  formats: z.array(z.string().min(1)).min(1).describe('Output formats it is written for, e.g. [html, pdf, pptx, xlsx].'),
  extends: templateName.optional().describe('A template whose files and manifest keys this one inherits.'),
  sections: z
    .union([sectionList, z.partialRecord(z.enum(reportKinds), sectionList)])
    .optional()
    .describe('Section ids to keep, in order, for every report kind or per kind; `*` matches any characters.'),
  stylesheets: z.array(relativeFile).min(1).default(['style.css']).describe('CSS files, concatenated in order.'),
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
  sections?: SectionSelection;
  stylesheets: string[];
  logo?: string;
  theme: Theme;
}

/** Keys whose value is replaced whole by a child manifest, never merged key by key. */
const REPLACED = new Set(['sections']);

/** Deep-merges `override` over `base`: objects key by key, everything else (and `sections`) replaced. */
export function mergeManifests(base: unknown, override: unknown, top = true): unknown {
  if (!isRecord(base) || !isRecord(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = top && REPLACED.has(key) ? value : mergeManifests(base[key], value, false);
  }
  return merged;
}

/** `extends` of one manifest file, checked on its own (before merging), or undefined. */
export function extendsOf(file: YamlFile): string | undefined {
  const value = isRecord(file.value) ? file.value.extends : undefined;
  if (value === undefined) return undefined;
  const result = templateName.safeParse(value);
  if (result.success) return result.data;
  throw new ObsReportError('TEMPLATE', `${file.file}:${file.lineOf(['extends']) ?? 1}: extends: ${result.error.issues[0]?.message ?? 'invalid'}`, {
    hint: 'Name a built-in template (e.g. extends: default) or one in the templates folder.',
  });
}

/** Where a problem at `path` is: the first file (child first) that has that key, else the closest one. */
function locate(path: readonly PropertyKey[], files: readonly YamlFile[]): string {
  const exact = files.find((f) => f.has(path));
  const file = exact ?? files[0];
  if (!file) return 'manifest.yaml';
  return `${file.file}:${file.lineOf(path) ?? 1}`;
}

/**
 * Validates a merged manifest; `files` are the manifests it was merged from, child first,
 * so each problem names the file and line it comes from.
 */
export function validateManifest(raw: unknown, files: readonly YamlFile[]): Manifest {
  const result = manifestSchema.safeParse(raw);
  if (!result.success) {
    const [first, ...others] = result.error.issues.map((i) => {
      // An unknown key is located at the key itself, not at the object holding it.
      const path = i.code === 'unrecognized_keys' && i.keys[0] !== undefined ? [...i.path, i.keys[0]] : i.path;
      return { at: locate(path, files), text: `${i.path.join('.') || '(top)'}: ${i.message}` };
    });
    const more = others.map((p) => `; ${p.at}: ${p.text}`).join('');
    throw new ObsReportError('TEMPLATE', `${first?.at ?? 'manifest.yaml'}: invalid template manifest: ${first?.text ?? ''}${more}`, {
      hint: 'Compare it with templates/default/manifest.yaml (docs/templates.md lists every key).',
    });
  }
  const { theme, extends: _parent, ...rest } = result.data;
  const body = theme.fonts.body;
  return {
    ...rest,
    theme: {
      ...theme,
      fonts: { body, heading: theme.fonts.heading ?? body, mono: theme.fonts.mono ?? 'ui-monospace, Menlo, Consolas, monospace' },
    },
  };
}
