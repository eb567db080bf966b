/**
 * The JSON Schema of reports.config.yaml, generated from the zod schema so the two never
 * disagree. Published as reports.config.schema.json (`npm run schema`) for editors: the
 * config's first line points yaml-language-server at it.
 */
import { z } from 'zod';
import { configSchema } from './schema.js';

let cached: Record<string, unknown> | undefined;

/** The schema as a JSON-serialisable object (input side: defaults are optional). */
export function configJsonSchema(): Record<string, unknown> {
  cached ??= {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://obs-report.dev/schema/reports.config.v1.json',
    title: 'obs-report configuration (version 1)',
  };
  return cached;
}
