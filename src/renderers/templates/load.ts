/**
 * Loads a template: a folder with manifest.yaml, layout.hbs, partials/*.hbs and stylesheets
 * (plus any assets, such as the logo). A name is a team template in `overrideDir` or a
 * built-in under templates/; a path is a folder. A template may extend another; files in
 * `overrideDir` replace built-in files of the same relative path, so changing the logo or one
 * partial is one file (see chain.ts).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { ObsReportError } from '../../errors.js';
import type { Template, TemplateAsset } from '../types.js';
import { checkCss, checkHandlebars } from './check.js';
import { registerHelpers } from './helpers.js';
import { resolveChain } from './chain.js';
import { mergeManifests, validateManifest } from './manifest.js';
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

/** A path inside the template, or null if it would leave the folder. */
function safeRelative(relativePath: string): string | null {
  const path = normalize(relativePath);
  return isAbsolute(path) || path.startsWith('..') ? null : path;
}

/** Loads, checks and compiles a template (built-in name or folder path), with optional overrides. */
export async function loadTemplate(nameOrPath: string, opts: LoadTemplateOptions = {}): Promise<Template> {
  const builtinRoot = opts.builtinRoot ?? BUILTIN_TEMPLATES_ROOT;
  if (opts.overrideDir !== undefined && !(await isDir(opts.overrideDir))) {
    throw new ObsReportError('TEMPLATE', `Template override folder not found: ${opts.overrideDir}`, {
      hint: 'Create the folder or fix templates.dir in the configuration.',
    });
  }
  const { dirs, manifests } = await resolveChain(nameOrPath, { builtinRoot, ...(opts.overrideDir === undefined ? {} : { overrideDir: opts.overrideDir }) });

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
        hint: 'A template folder needs manifest.yaml, layout.hbs and its stylesheets; run `obs-report templates init` to start one.',
      });
    }
    return { path: found.path, text: found.data.toString('utf8') };
  };

  // Manifests merge parent first, so the child (and the override folder) win key by key.
  const raw = manifests.reduceRight<unknown>((merged, file) => mergeManifests(merged, file.value), {});
  const manifest = validateManifest(raw, manifests);

  const sheets: string[] = [];
  for (const stylesheet of manifest.stylesheets) {
    const css = await required(stylesheet);
    checkCss(css.text, css.path);
    sheets.push(css.text);
  }

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
    ...(manifest.sections === undefined ? {} : { sections: manifest.sections }),
    css: sheets.join('\n'),
    handlebars: hbs,
    layout: wrapTemplate(hbs.compile(layout.text, { preventIndent: true }), layout.path),
    partial: (name, context) => compiled.get(name)?.(context) ?? null,
    readFile: async (relativePath) => (await find(relativePath))?.data ?? null,
    dirs,
  };
}
