// Module resolution hook (node:module register): prints each package a process imports, one
// line per import on stderr, so a test can check what a command loads.
export async function resolve(specifier, context, next) {
  if (!/^(\.|\/|node:|file:|data:)/.test(specifier)) process.stderr.write(`[package-log] ${specifier}\n`);
  return next(specifier, context);
}
