/**
 * Where a template's files come from. A template is a folder; it may `extend` another
 * (files it lacks are taken from the parent, manifest keys merged), and the team's override
 * folder (config `templates.dir`) replaces built-in files by relative path. A name is looked
 * up first as a team template (`templates.dir/NAME/manifest.yaml`), then as a built-in.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ObsReportError } from '../../errors.js';
import { extendsOf } from './manifest.js';
import { parseYamlFile, type YamlFile } from './yaml-file.js';

/** The folders a template's files are searched in, and its manifests, both first-wins. */
export interface TemplateChain {
  /** The template's own folder. */
  base: string;
  /** Folders searched for any file, the first that has it wins. */
  dirs: string[];
  /** Manifest files in the same order (the override folder's only if it has one). */
  manifests: YamlFile[];
}

/** Where templates are looked up. */
export interface TemplateRoots {
  builtinRoot: string;
  overrideDir?: string;
}

const MAX_DEPTH = 8;
const SETUP_HINT = 'A template folder needs manifest.yaml (and, for html/pdf, layout.hbs); run `obs-report templates init` to start one.';

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** Names of the template folders (those with a manifest.yaml) under `root`. */
export async function templateNames(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const names = await Promise.all(
    entries.filter((e) => e.isDirectory()).map(async (e) => ((await stat(join(root, e.name, 'manifest.yaml')).catch(() => null)) ? e.name : null)),
  );
  return names.filter((n): n is string => n !== null).sort();
}

const looksLikePath = (name: string): boolean => name.includes('/') || name.includes(sep) || name.startsWith('.');

/** Candidate folders for a name, team first; a path is itself. */
async function candidates(nameOrPath: string, roots: TemplateRoots): Promise<string[]> {
  if (looksLikePath(nameOrPath)) return [resolve(nameOrPath)];
  const found: string[] = [];
  if (roots.overrideDir !== undefined) {
    const team = resolve(roots.overrideDir, nameOrPath);
    if (await stat(join(team, 'manifest.yaml')).catch(() => null)) found.push(team);
  }
  const builtin = resolve(roots.builtinRoot, nameOrPath);
  if (await isDir(builtin)) found.push(builtin);
  return found;
}

async function notFound(nameOrPath: string, roots: TemplateRoots, from?: string): Promise<ObsReportError> {
  const names = [...new Set([...(roots.overrideDir ? await templateNames(roots.overrideDir) : []), ...(await templateNames(roots.builtinRoot))])];
  const where = from ? ` (extended by ${from})` : '';
  return new ObsReportError('TEMPLATE', `Template "${nameOrPath}" not found${where}`, {
    hint: `Use a template (${names.join(', ') || 'none found'}) or the path of a template folder.`,
  });
}

async function readManifest(dir: string, name: string): Promise<YamlFile> {
  const file = join(dir, 'manifest.yaml');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) throw new ObsReportError('TEMPLATE', `Template "${name}" has no manifest.yaml (in ${dir})`, { hint: SETUP_HINT });
  return parseYamlFile(text, file);
}

const isInside = (dir: string, root: string): boolean => !relative(resolve(root), dir).startsWith('..');

/** Resolves a template name or folder into its folders and manifests, following `extends`. */
export async function resolveChain(nameOrPath: string, roots: TemplateRoots): Promise<TemplateChain> {
  const [base] = await candidates(nameOrPath, roots);
  if (base === undefined || !(await isDir(base))) throw await notFound(nameOrPath, roots);
  const chain: { dir: string; manifest: YamlFile }[] = [];
  let dir: string | undefined = base;
  let name = nameOrPath;
  while (dir !== undefined) {
    const manifest = await readManifest(dir, name);
    chain.push({ dir, manifest });
    const parent = extendsOf(manifest);
    if (parent === undefined) break;
    if (chain.length >= MAX_DEPTH) throw new ObsReportError('TEMPLATE', `${manifest.file}: templates extend each other more than ${MAX_DEPTH} deep`, { hint: 'Check the extends: keys for a loop.' });
    // A team template may extend the built-in of the same name: skip folders already in the chain.
    const next: string | undefined = (await candidates(parent, roots)).find((c) => !chain.some((link) => link.dir === c));
    if (next === undefined) {
      const loop = (await candidates(parent, roots)).length > 0;
      if (loop) throw new ObsReportError('TEMPLATE', `${manifest.file}:${manifest.lineOf(['extends']) ?? 1}: extends: "${parent}" leads back to this template`, { hint: 'Point extends: at another template.' });
      throw await notFound(parent, roots, manifest.file);
    }
    dir = next;
    name = parent;
  }
  const dirs = chain.map((link) => link.dir);
  const manifests = chain.map((link) => link.manifest);
  if (roots.overrideDir === undefined) return { base, dirs, manifests };
  // The override folder replaces built-in files: it goes just before the first built-in folder.
  const override = resolve(roots.overrideDir);
  const at = (i: number): number => (i === -1 ? dirs.length : i);
  const position = at(dirs.findIndex((d) => isInside(d, roots.builtinRoot)));
  dirs.splice(position, 0, override);
  const overrideText = await readFile(join(override, 'manifest.yaml'), 'utf8').catch(() => null);
  if (overrideText !== null) manifests.splice(position, 0, parseYamlFile(overrideText, join(override, 'manifest.yaml')));
  return { base, dirs, manifests };
}
