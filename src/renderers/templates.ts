/** Template loading, the entry point other modules import (the parts live in templates/). */
export { BUILTIN_TEMPLATES_ROOT, loadTemplate } from './templates/load.js';
export type { LoadTemplateOptions } from './templates/load.js';
export type { TemplateRoot } from './templates/helpers.js';
