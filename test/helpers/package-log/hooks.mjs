// Module resolution hook (node:module register): logs each package a process imports (log.mjs),
// one line per import, so a test can check what a command loads.
import { logPackage } from './log.mjs';

export async function resolve(specifier, context, next) {
  logPackage(specifier);
  return next(specifier, context);
}
