// One line on stderr for each package a process loads, read by test/e2e/startup.spec.ts: a
// bare specifier, not a relative or absolute path, a URL or one of Node's own modules.
import { builtinModules } from 'node:module';

export function logPackage(specifier) {
  if (/^(\.|\/|node:|file:|data:)/.test(specifier) || builtinModules.includes(specifier)) return;
  process.stderr.write(`[package-log] ${specifier}\n`);
}
