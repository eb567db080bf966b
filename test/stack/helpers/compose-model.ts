/**
 * Reads compose files the way `docker compose` resolves them, for static checks: each file with
 * its own folder for relative paths, `include` followed recursively, and every reference a
 * service makes (other services, networks, volumes, configs, secrets, host paths, build files).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';

/** One compose file, parsed, with the files it includes. */
export interface ComposeFile {
  path: string;
  dir: string;
  doc: Record<string, unknown>;
  includes: ComposeFile[];
}

/** A reference that does not resolve: which file, where in it, and what is missing. */
export interface BrokenReference {
  file: string;
  where: string;
  missing: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const keys = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : Object.keys(obj(v)));

/** Loads a compose file and, recursively, the files it includes. */
export function loadCompose(path: string): ComposeFile {
  const doc = obj(parse(readFileSync(path, 'utf8')));
  const dir = dirname(path);
  const includes = (Array.isArray(doc.include) ? doc.include : []).flatMap((entry: unknown) => {
    const paths = typeof entry === 'string' ? [entry] : ([obj(entry).path].flat() as string[]);
    return paths.map((p) => loadCompose(resolve(dir, p)));
  });
  return { path, dir, doc, includes };
}

/** Every file of the tree, the root first. */
export function allFiles(file: ComposeFile): ComposeFile[] {
  return [file, ...file.includes.flatMap(allFiles)];
}

/** Services a file can refer to: its own and those of the files it includes. */
export function visibleServices(file: ComposeFile): Map<string, Obj> {
  const services = new Map<string, Obj>();
  for (const f of allFiles(file)) for (const [name, svc] of Object.entries(obj(f.doc.services))) services.set(name, obj(svc));
  return services;
}

/** Host paths a service mounts (short and long volume syntax), with whether each is a named volume. */
function mounts(svc: Obj): { source: string; named: boolean }[] {
  return (Array.isArray(svc.volumes) ? svc.volumes : []).flatMap((v: unknown) => {
    const source = typeof v === 'string' ? (v.includes(':') ? v.split(':')[0]! : '') : String(obj(v).source ?? '');
    if (source === '' || (typeof v !== 'string' && obj(v).type === 'tmpfs')) return [];
    const named = !source.startsWith('.') && !source.startsWith('/') && !source.startsWith('~') && !source.startsWith('$');
    return [{ source, named }];
  });
}

/** The references of one file that do not resolve. Absolute host paths are the Docker host's and are not checked. */
export function brokenReferences(file: ComposeFile): BrokenReference[] {
  const broken: BrokenReference[] = [];
  const services = visibleServices(file);
  const declared = (section: string) => new Set(keys(file.doc[section]));
  const [networks, volumes, configs, secrets] = ['networks', 'volumes', 'configs', 'secrets'].map(declared) as [Set<string>, Set<string>, Set<string>, Set<string>];
  const fail = (where: string, missing: string) => broken.push({ file: file.path, where, missing });
  const hostPath = (where: string, p: string) => {
    if (!isAbsolute(p) && !existsSync(resolve(file.dir, p))) fail(where, `path ${p}`);
  };
  for (const inc of file.includes) if (!existsSync(inc.path)) fail('include', `file ${inc.path}`);
  for (const [name, svc] of Object.entries(obj(file.doc.services)).map(([n, s]) => [n, obj(s)] as const)) {
    const at = (what: string) => `services.${name}.${what}`;
    for (const dep of keys(svc.depends_on)) if (!services.has(dep)) fail(at('depends_on'), `service ${dep}`);
    for (const link of keys(svc.links)) if (!services.has(link.split(':')[0]!)) fail(at('links'), `service ${link}`);
    for (const from of keys(svc.volumes_from)) if (!services.has(from.replace(/^service:/, '').split(':')[0]!)) fail(at('volumes_from'), `service ${from}`);
    const mode = typeof svc.network_mode === 'string' ? svc.network_mode : '';
    if (mode.startsWith('service:') && !services.has(mode.slice(8))) fail(at('network_mode'), mode);
    for (const net of keys(svc.networks)) if (net !== 'default' && !networks.has(net)) fail(at('networks'), `network ${net}`);
    for (const m of mounts(svc)) {
      if (m.named && !volumes.has(m.source)) fail(at('volumes'), `volume ${m.source}`);
      if (!m.named) hostPath(at('volumes'), m.source);
    }
    for (const c of (Array.isArray(svc.configs) ? svc.configs : []).map((c: unknown) => (typeof c === 'string' ? c : String(obj(c).source))))
      if (!configs.has(c)) fail(at('configs'), `config ${c}`);
    for (const s of (Array.isArray(svc.secrets) ? svc.secrets : []).map((s: unknown) => (typeof s === 'string' ? s : String(obj(s).source))))
      if (!secrets.has(s)) fail(at('secrets'), `secret ${s}`);
    for (const envFile of [svc.env_file ?? []].flat()) hostPath(at('env_file'), typeof envFile === 'string' ? envFile : String(obj(envFile).path));
    if (svc.build !== undefined) {
      const build = typeof svc.build === 'string' ? { context: svc.build } : obj(svc.build);
      const context = String(build.context ?? '.');
      hostPath(at('build.context'), context);
      const dockerfile = resolve(file.dir, context, String(build.dockerfile ?? 'Dockerfile'));
      if (build.dockerfile_inline === undefined && !existsSync(dockerfile)) fail(at('build.dockerfile'), `file ${dockerfile}`);
    }
    if (svc.extends !== undefined && obj(svc.extends).file !== undefined) hostPath(at('extends.file'), String(obj(svc.extends).file));
  }
  for (const section of ['configs', 'secrets'] as const) {
    for (const [name, def] of Object.entries(obj(file.doc[section]))) {
      const path = obj(def).file;
      if (typeof path === 'string') hostPath(`${section}.${name}.file`, path);
    }
  }
  return broken;
}
