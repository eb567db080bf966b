/**
 * Loads a template: a folder with manifest.yaml, layout.hbs, partials/*.hbs and style.css
 * (plus any assets, such as the logo). A name is a built-in template under templates/; a
 * path is a folder. Files in `overrideDir` replace the template's files of the same
 * relative path, so changing the logo or one partial is one file.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { ObsReportError } from '../../errors.js';
import type { Template, TemplateAsset } from '../types.js';
import { checkCss, checkHandlebars } from './check.js';
import { registerHelpers } from './helpers.js';
import { mergeManifests, parseManifestYaml, validateManifest } from './manifest.js';
import { addHelperLines, wrapTemplate } from './wrap.js';

/** Where the built-in templates live: `templates/` at the package root (same depth from src/ and dist/). */
export const BUILTIN_TEMPLATES_ROOT = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** Options of `loadTemplate`. */
export interface LoadTemplateOptions {
  /** A folder whose files replace the template's files of the same relative path. */
  overrideDir?: string;
  /** Where built-in templates are looked up by name (default: the package's templates/). */
  builtinRoot?: string;
}

const MIME: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

async function templateNames(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function resolveBase(nameOrPath: string, builtinRoot: string): Promise<string> {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes(sep) || nameOrPath.startsWith('.');
  const dir = looksLikePath ? resolve(nameOrPath) : join(builtinRoot, nameOrPath);
  if (await isDir(dir)) return dir;
  const names = await templateNames(builtinRoot);
  throw new ObsReportError('TEMPLATE', `Template "${nameOrPath}" not found (looked in ${dir})`, {
    hint: `Use a built-in template (${names.join(', ') || 'none found'}) or the path of a template folder.`,
  });
}

/** A path inside the template, or null if it would leave the folder. */
function safeRelative(relativePath: string): string | null {
  const path = normalize(relativePath);
  return isAbsolute(path) || path.startsWith('..') ? null : path;
}

/** Loads, checks and compiles a template (built-in name or folder path), with optional overrides. */
export async function loadTemplate(nameOrPath: string, opts: LoadTemplateOptions = {}): Promise<Template> {
  const base = await resolveBase(nameOrPath, opts.builtinRoot ?? BUILTIN_TEMPLATES_ROOT);
  if (opts.overrideDir !== undefined && !(await isDir(opts.overrideDir))) {
    throw new ObsReportError('TEMPLATE', `Template override folder not found: ${opts.overrideDir}`, {
      hint: 'Create the folder or fix templates.dir in the configuration.',
    });
  }
  const dirs = opts.overrideDir === undefined ? [base] : [resolve(opts.overrideDir), base];

  const find = async (relativePath: string): Promise<{ path: string; data: Buffer } | null> => {
    const rel = safeRelative(relativePath);
    if (rel === null) return null;
    for (const dir of dirs) {
      const path = join(dir, rel);
      const data = await readFile(path).catch(() => null);
      if (data) return { path, data };
    }
    return null;
  };
  const required = async (relativePath: string): Promise<{ path: string; text: string }> => {
    const found = await find(relativePath);
    if (!found) {
      throw new ObsReportError('TEMPLATE', `Template "${nameOrPath}" has no ${relativePath} (in ${dirs.join(' or ')})`, {
        hint: 'A template folder needs manifest.yaml, layout.hbs and style.css; copy templates/default to start one.',
      });
    }
    return { path: found.path, text: found.data.toString('utf8') };
  };

  // The manifest is the template's own, with an override manifest merged over it key by key.
  const manifestFile = join(base, 'manifest.yaml');
  const baseText = await readFile(manifestFile, 'utf8').catch(() => null);
  if (baseText === null) {
    throw new ObsReportError('TEMPLATE', `Template "${nameOrPath}" has no manifest.yaml (in ${base})`, {
      hint: 'A template folder needs manifest.yaml, layout.hbs and style.css; copy templates/default to start one.',
    });
  }
  let rawManifest = parseManifestYaml(baseText, manifestFile);
  if (opts.overrideDir !== undefined) {
    const overrideFile = join(opts.overrideDir, 'manifest.yaml');
    const text = await readFile(overrideFile, 'utf8').catch(() => null);
    if (text !== null) rawManifest = mergeManifests(rawManifest, parseManifestYaml(text, overrideFile));
  }
  const manifest = validateManifest(rawManifest, manifestFile);

  const css = await required('style.css');
  checkCss(css.text, css.path);

  let logo: TemplateAsset | null = null;
  if (manifest.logo !== undefined) {
    const found = await find(manifest.logo);
    const mime = MIME[extname(manifest.logo).toLowerCase()];
    if (!found || !mime) {
      throw new ObsReportError('TEMPLATE', `Template logo "${manifest.logo}" ${found ? 'is not svg, png, jpg, webp or gif' : 'not found'}`, {
        hint: 'Put the logo file in the template (or override) folder and name it in manifest.yaml.',
      });
    }
    logo = { file: found.path, mime, data: found.data };
  }

  const hbs = Handlebars.create();
  registerHelpers(hbs);
  addHelperLines(hbs.helpers as Record<string, (...args: unknown[]) => unknown>);
  const partialFiles = new Map<string, string>();
  for (const dir of [...dirs].reverse()) {
    const names = await readdir(join(dir, 'partials')).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.hbs'))) partialFiles.set(name.slice(0, -4), join(dir, 'partials', name));
  }
  const partialNames = new Set(partialFiles.keys());
  const compiled = new Map<string, (context: object) => string>();
  for (const [name, path] of partialFiles) {
    const source = await readFile(path, 'utf8');
    checkHandlebars(hbs, source, path, partialNames);
    const fn = wrapTemplate(hbs.compile(source, { preventIndent: true }), path);
    hbs.registerPartial(name, fn as Handlebars.Template);
    compiled.set(name, fn);
  }
  const layout = await required('layout.hbs');
  checkHandlebars(hbs, layout.text, layout.path, partialNames);

  return {
    name: manifest.name,
    description: manifest.description,
    formats: manifest.formats,
    theme: manifest.theme,
    logo,
    css: css.text,
    handlebars: hbs,
    layout: wrapTemplate(hbs.compile(layout.text, { preventIndent: true }), layout.path),
    partial: (name, context) => compiled.get(name)?.(context) ?? null,
    readFile: async (relativePath) => (await find(relativePath))?.data ?? null,
    dirs,
  };
}
