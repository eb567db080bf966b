/**
 * Checks template files when they are loaded, so mistakes name the file and line instead of
 * surfacing mid-render: Handlebars syntax, unescaped output (`{{{ }}}` and `{{& }}` are
 * refused: data is always escaped), unknown helpers and partials, and CSS that would fetch
 * anything (the output must stay self-contained).
 */
import type Handlebars from 'handlebars';
import { ObsReportError, describeError } from '../../errors.js';

const HINT = 'Fix this template file (or remove it from the override folder to use the built-in one).';

/** A TEMPLATE error that names the file and, when known, the line. */
export function templateError(file: string, line: number | undefined, message: string, cause?: unknown): ObsReportError {
  return new ObsReportError('TEMPLATE', `${file}${line ? `:${line}` : ''}: ${message}`, {
    hint: HINT,
    ...(cause === undefined ? {} : { cause }),
  });
}

interface Node {
  type: string;
  loc?: { start: { line: number } };
  [key: string]: unknown;
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of ['body', 'program', 'inverse', 'params', 'path', 'name']) {
    const value = node[key];
    if (Array.isArray(value)) out.push(...(value as Node[]));
    else if (value && typeof value === 'object') out.push(value as Node);
  }
  const hash = node.hash as { pairs: { value: Node }[] } | undefined;
  if (hash) out.push(...hash.pairs.map((p) => p.value));
  return out;
}

function helperName(node: Node): string | null {
  const path = node.path as { type: string; original: string; parts: string[]; data: boolean } | undefined;
  if (!path || path.type !== 'PathExpression' || path.data || path.parts.length !== 1) return null;
  const hasArgs = (node.params as unknown[]).length > 0 || node.hash !== undefined;
  // `{{name}}` alone may be a property; with arguments, or as a block, it must be a helper.
  return hasArgs || node.type === 'BlockStatement' ? path.original : null;
}

/** Parses and checks a Handlebars source; throws a TEMPLATE error naming `file` and the line. */
export function checkHandlebars(hbs: typeof Handlebars, source: string, file: string, partials: Set<string>): void {
  let ast: Node;
  try {
    ast = hbs.parse(source) as unknown as Node;
  } catch (error) {
    const line = /line (\d+)/.exec(describeError(error))?.[1];
    const message = describeError(error).split('\n').filter(Boolean);
    throw templateError(file, line ? Number(line) : undefined, `${message[0] ?? 'parse error'} ${message.slice(3).join(' ')}`.trim(), error);
  }
  const visit = (node: Node): void => {
    const line = node.loc?.start.line;
    if (node.type === 'MustacheStatement' && node.escaped === false) {
      throw templateError(file, line, 'unescaped output ({{{ }}} or {{& }}) is not allowed; use {{ }} so data is escaped');
    }
    if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
      const name = helperName(node);
      if (name !== null && !(name in hbs.helpers)) throw templateError(file, line, `unknown helper "${name}"`);
    }
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
      const name = node.name as { type: string; original: string };
      if (name.type === 'PathExpression' && !partials.has(name.original)) {
        throw templateError(file, line, `unknown partial "${name.original}" (partials are the files in partials/)`);
      }
    }
    children(node).forEach(visit);
  };
  visit(ast);
}

/** Refuses CSS that fetches anything or could end the <style> element. */
export function checkCss(css: string, file: string): void {
  const lines = css.split('\n');
  lines.forEach((text, i) => {
    if (/@import/i.test(text)) throw templateError(file, i + 1, '@import is not allowed: reports must not fetch anything');
    for (const match of text.matchAll(/url\(\s*(['"]?)([^'")\s]*)/gi)) {
      const target = match[2] ?? '';
      if (!target.startsWith('data:') && !target.startsWith('#')) {
        throw templateError(file, i + 1, `url(${target}) is not allowed: use a data: URL so the report stays self-contained`);
      }
    }
    if (/<\/style/i.test(text)) throw templateError(file, i + 1, '"</style" cannot appear in the stylesheet');
  });
}
