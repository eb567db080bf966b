/**
 * Finding, reading and validating reports.config.yaml: YAML -> ${VAR} substitution ->
 * environment overrides -> zod -> cross-references. Every problem found is reported at once,
 * each with its YAML path and line, so one run of `obs-report validate` lists them all.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, ObsReportError, describeError, type ConfigIssue } from '../errors.js';
import { substituteEnv } from './env.js';
import { toConfigIssues } from './issues.js';
import { applyEnvOverrides, overriddenPaths, type AppliedOverrides } from './overrides.js';
import { checkReferences, referenceView } from './references.js';
import { configSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_NAME = 'reports.config.yaml';

/** The config shipped with obs-report, used by --demo when no config file is found. */
export const BUILTIN_CONFIG = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', DEFAULT_CONFIG_NAME);

/** A validated config and where it came from. */
export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read. */
  file: string;
  /** Names of the OBS_REPORT_* variables that overrode the file. */
  overrides: string[];
  /** OBS_REPORT_* variables set for a datasource the config does not use (a token without its URL), not applied. */
  unusedOverrides: AppliedOverrides['unused'];
}

export interface LoadOptions {
  /** --config; else $OBS_REPORT_CONFIG; else ./reports.config.yaml. */
  file?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Fall back to the built-in config when no file is found (for --demo). */
  allowBuiltin?: boolean;
}

/** Finds the config file to read, or throws CONFIG_NOT_FOUND saying where it looked. */
export function locateConfig(options: LoadOptions): string {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file ?? env.OBS_REPORT_CONFIG;
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (existsSync(path)) return path;
    // A container sets OBS_REPORT_CONFIG for the file it mounts; `--demo` works without one.
    if (!options.file && options.allowBuiltin && existsSync(BUILTIN_CONFIG)) return BUILTIN_CONFIG;
    throw new ObsReportError('CONFIG_NOT_FOUND', `config file not found: ${path}`, {
      hint: 'Check the path given with --config (or OBS_REPORT_CONFIG).',
    });
  }
  const local = resolve(cwd, DEFAULT_CONFIG_NAME);
  if (existsSync(local)) return local;
  if (options.allowBuiltin && existsSync(BUILTIN_CONFIG)) return BUILTIN_CONFIG;
  throw new ObsReportError('CONFIG_NOT_FOUND', `no ${DEFAULT_CONFIG_NAME} in ${cwd}`, {
    hint: 'Pass --config PATH (or set OBS_REPORT_CONFIG). To try obs-report without a config, `obs-report generate --demo` uses its built-in demo organisation.',
  });
}

/** Reads, substitutes, overrides and validates; throws ConfigError listing every problem. */
export async function loadConfig(options: LoadOptions = {}): Promise<LoadedConfig> {
  const file = locateConfig(options);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'EISDIR' ? 'is a folder, not a config file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${describeError(error)})`;
    throw new ObsReportError('CONFIG_NOT_FOUND', `${file} ${what}`, {
      hint: code === 'EISDIR' ? `Give the YAML file's path, e.g. --config ${join(file, DEFAULT_CONFIG_NAME)}.` : 'Give the path of a readable YAML file with --config (or OBS_REPORT_CONFIG).',
      cause: error,
    });
  }
  return parseConfig(text, file, options.env ?? process.env);
}

/** Validates config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: `line ${e.linePos?.[0]?.line ?? '?'}`,
        message: e.message.split('\n')[0] ?? e.message,
        fix: 'fix the YAML syntax (indentation, quotes, a missing colon)',
      })),
    );
  }
  const issues: ConfigIssue[] = substituteEnv(doc, env);
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, [{ path: '(top level)', message: 'must be a mapping', fix: 'start with `version: 1`' }]);
  }
  const { applied: overrides, unused: unusedOverrides } = applyEnvOverrides(raw as Record<string, unknown>, env);
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    // A value whose ${VAR} is unset was already reported; its follow-on errors would only add noise.
    const unset = new Set(issues.map((i) => i.path));
    const found = toConfigIssues(result.error.issues, doc, lines, overriddenPaths(overrides));
    issues.push(...found.filter((i) => !unset.has(i.path.replace(/ \((line \d+|from \w+)\)$/, ''))));
    // And the references, as far as they can be read, so that every problem is listed at once.
    issues.push(...checkReferences(referenceView(raw as Record<string, unknown>)));
  }
  if (issues.length > 0 || !result.success) throw new ConfigError(file, issues);
  const references = checkReferences(result.data);
  if (references.length > 0) throw new ConfigError(file, references);
  return { config: result.data, file, overrides, unusedOverrides };
}
