/**
 * The templates there are (built-in and the team's), and copying a built-in to start a new
 * one. Used by `obs-report templates list|init`; loading for rendering is load.ts.
 */
import { cp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { whyNotWritten } from '../../delivery/files.js';
import { makeDir } from '../../delivery/make-dir.js';
import { ObsReportError, describeError } from '../../errors.js';
import { resolveChain, templateNames } from './chain.js';
import { BUILTIN_TEMPLATES_ROOT, loadTemplate, type LoadTemplateOptions } from './load.js';
import { mergeManifests, templateName } from './manifest.js';

/** One template as listed. */
export interface TemplateInfo {
  name: string;
  source: 'built-in' | 'team';
  dir: string;
  description: string;
  formats: string[];
  /** The template it extends, if any. */
  extends?: string;
  /** Why it cannot be loaded, if it cannot. */
  error?: string;
}

/** Where templates are looked for. */
export interface CatalogOptions {
  builtinRoot?: string;
  /** The team's folder (config `templates.dir`). */
  overrideDir?: string;
}

async function info(name: string, source: TemplateInfo['source'], dir: string, opts: LoadTemplateOptions): Promise<TemplateInfo> {
  const raw = parseDocument(await readFile(join(dir, 'manifest.yaml'), 'utf8').catch(() => '')).toJS() as { extends?: unknown } | null;
  const parent = typeof raw?.extends === 'string' ? { extends: raw.extends } : {};
  try {
    const template = await loadTemplate(dir, opts);
    return { name, source, dir, description: template.description, formats: template.formats, ...parent };
  } catch (error) {
    return { name, source, dir, description: '', formats: [], ...parent, error: describeError(error) };
  }
}

/** Built-in templates, then the team's (folders with a manifest.yaml in `overrideDir`). */
export async function listTemplates(opts: CatalogOptions = {}): Promise<TemplateInfo[]> {
  const builtinRoot = opts.builtinRoot ?? BUILTIN_TEMPLATES_ROOT;
  const builtins = await Promise.all((await templateNames(builtinRoot)).map((n) => info(n, 'built-in', join(builtinRoot, n), { ...opts, builtinRoot })));
  if (opts.overrideDir === undefined) return builtins;
  const teamRoot = resolve(opts.overrideDir);
  const team = await Promise.all((await templateNames(teamRoot)).map((n) => info(n, 'team', join(teamRoot, n), { ...opts, builtinRoot })));
  return [...builtins, ...team];
}

/** Relative paths of the files under `dir` (recursively), sorted; `skip` leaves some out. */
async function filesUnder(dir: string, skip: (rel: string) => boolean = () => false, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? join(prefix, entry.name) : entry.name;
    if (skip(rel)) continue;
    if (entry.isDirectory()) found.push(...(await filesUnder(dir, skip, rel)));
    else if (entry.isFile()) found.push(rel);
  }
  return found.sort();
}

/** Files at the override folder's top level (outside team template folders): they replace built-in files of every template. */
export async function overrideFiles(overrideDir: string): Promise<string[]> {
  const teams = new Set(await templateNames(overrideDir));
  return filesUnder(overrideDir, (rel) => teams.has(rel.split(/[/\\]/)[0] ?? ''));
}

/** Copies built-in `from` (with everything it inherits) to `dir/name`, as a template that stands alone. */
export async function initTemplate(name: string, from: string, dir: string, builtinRoot = BUILTIN_TEMPLATES_ROOT): Promise<{ dir: string; files: string[] }> {
  if (!templateName.safeParse(name).success) {
    throw new ObsReportError('USAGE', `"${name}" is not a template name`, { hint: 'Use letters, digits, - and _, e.g. acme-weekly.' });
  }
  const target = resolve(dir, name);
  if (await stat(target).catch(() => null)) {
    throw new ObsReportError('OUTPUT', `${target} already exists`, { hint: 'Choose another name, or remove the folder first.' });
  }
  const chain = await resolveChain(from, { builtinRoot });
  // The child's manifest keeps its comments; keys inherited from parents are filled in.
  const [own] = chain.manifests;
  const doc = parseDocument(await readFile(join(chain.base, 'manifest.yaml'), 'utf8'));
  const merged = chain.manifests.reduceRight<unknown>((acc, file) => mergeManifests(acc, file.value), {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(merged)) {
    if (key !== 'extends' && JSON.stringify((own?.value as Record<string, unknown> | undefined)?.[key]) !== JSON.stringify(value)) doc.set(key, value);
  }
  doc.delete('extends');
  doc.set('name', name);
  doc.commentBefore = ` Copied from the built-in template "${from}" by obs-report templates init; edit freely (docs/templates.md).`;
  const copied = new Set<string>();
  try {
    for (const source of chain.dirs) {
      for (const rel of await filesUnder(source)) {
        if (copied.has(rel) || rel === 'manifest.yaml') continue;
        await makeDir(join(target, rel, '..'));
        await cp(join(source, rel), join(target, rel));
        copied.add(rel);
      }
    }
    await makeDir(target);
    await writeFile(join(target, 'manifest.yaml'), doc.toString());
  } catch (error) {
    throw new ObsReportError('OUTPUT', `could not write the template to ${target}: ${whyNotWritten(error, join(target, 'manifest.yaml'))}`, {
      hint: 'Choose a folder (--dir) that exists or can be created and is writable.',
      cause: error,
    });
  }
  return { dir: target, files: ['manifest.yaml', ...copied].sort() };
}
