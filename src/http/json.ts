/** Turns a response body into a validated value, or a DATASOURCE_RESPONSE error that says where it broke. */
import type { ZodType } from 'zod';
import { DatasourceError } from '../errors.js';

/** `data.result[0].value` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** JSON.parse then zod validation; `request` names the call in the error (already free of secrets). */
export function decodeJson<T>(
  datasource: string,
  request: string,
  body: string,
  schema: ZodType<T>,
  redact: (text: string) => string = (text) => text,
): T {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    // Node quotes the start of the body in the message: it may echo secrets, so it is redacted.
    const reason = redact(error instanceof Error ? error.message : String(error));
    throw new DatasourceError('DATASOURCE_RESPONSE', datasource, `${datasource} answered ${request} with a body that is not valid JSON (${body.length} characters): ${reason}`, {
      hint: 'The answer was cut off or is not from the expected server: check the URL (a proxy or login page may answer instead) and try again.',
      query: request,
    });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue ? `at ${formatPath(issue.path)}: ${issue.message}` : result.error.message;
  throw new DatasourceError('DATASOURCE_RESPONSE', datasource, `${datasource} answered ${request} in an unexpected shape, ${where}`, {
    hint: 'Check that the URL points at the right kind of server and version.',
    query: request,
  });
}
