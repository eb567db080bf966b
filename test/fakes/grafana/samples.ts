/** The recorded Grafana answers in ./samples (copied from shared/samples/grafana, see its README). */
import { readFileSync } from 'node:fs';

/** The text of a sample file. */
export function grafanaSampleText(name: string): string {
  return readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8');
}

/** A sample file, parsed. */
export function grafanaSample(name: string): unknown {
  return JSON.parse(grafanaSampleText(name));
}
