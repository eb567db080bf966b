// node --import ./register.mjs: installs hooks.mjs (see there) for ES module imports, and logs
// the packages CommonJS code requires (libraries loaded through createRequire) the same way.
import { createRequire, register } from 'node:module';
import { logPackage } from './log.mjs';

register('./hooks.mjs', import.meta.url);

const Module = createRequire(import.meta.url)('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  logPackage(request);
  return load.call(this, request, ...rest);
};
