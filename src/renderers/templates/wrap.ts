/** Runs compiled Handlebars templates so that any error names the template file (and line when known). */
import { ObsReportError, describeError } from '../../errors.js';
import { templateError } from './check.js';

/** A compiled template or partial, as Handlebars calls it. */
export type CompiledTemplate = (context: object, options?: object) => string;

/**
 * Wraps a compiled template: errors become TEMPLATE errors naming `file`. Errors already
 * named by an inner partial, and our own errors (e.g. a chart that failed), pass unchanged.
 */
export function wrapTemplate(fn: CompiledTemplate, file: string): CompiledTemplate {
  return (context, options) => {
    try {
      return fn(context, options);
    } catch (error) {
      if (error instanceof ObsReportError) throw error;
      const line = (error as { lineNumber?: unknown }).lineNumber;
      throw templateError(file, typeof line === 'number' ? line : undefined, describeError(error), error);
    }
  };
}

/**
 * Makes helper errors carry the line of the helper call: Handlebars gives helpers their
 * location (`options.loc`) but its own exceptions (e.g. from #with) often lack it.
 */
export function addHelperLines(helpers: Record<string, (...args: unknown[]) => unknown>): void {
  for (const [name, helper] of Object.entries(helpers)) {
    helpers[name] = function (this: unknown, ...args: unknown[]) {
      try {
        return helper.apply(this, args);
      } catch (error) {
        const loc = (args.at(-1) as { loc?: { start?: { line?: number } } } | undefined)?.loc;
        const line = loc?.start?.line;
        if (error instanceof Error && !(error instanceof ObsReportError) && line !== undefined && !('lineNumber' in error && error.lineNumber)) {
          Object.assign(error, { lineNumber: line });
        }
        throw error;
      }
    };
  }
}
