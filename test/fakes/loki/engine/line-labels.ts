/**
 * The labels of one log line while it runs through a pipeline, after Loki's LabelsBuilder: stream
 * labels, structured metadata (detected_level, ...) and parsed labels, parsed taking precedence
 * over metadata over stream labels; `__error__` and `__error_details__` kept apart.
 */
import { detectLevel } from './ingest.js';
import type { Labels } from './labels.js';

/** The mutable per-line label state a pipeline works on. */
export class LineLabels {
  parsed: Map<string, string> | undefined;
  deleted: Set<string> | undefined;
  err = '';
  errDetails = '';
  /** Set when the query's parser hints include `__error__` (then parser errors are preserved). */
  preserveError = false;

  private metaCache: Labels | undefined;

  constructor(
    /** Stream labels, including the service_name Loki adds at ingestion. */
    readonly stream: Labels,
    /** Structured metadata as pushed. */
    private readonly pushedMeta: Labels | undefined,
    /** The original line, for detected_level. */
    private readonly rawLine: string,
  ) {}

  /** Structured metadata with detected_level, computed on first use (level detection costs). */
  get meta(): Labels {
    this.metaCache ??= { ...this.pushedMeta, detected_level: detectLevel(this.stream, this.pushedMeta, this.rawLine) };
    return this.metaCache;
  }

  /** Whether a stream label of that name exists (LabelsBuilder.BaseHas). */
  baseHas(name: string): boolean {
    return Object.hasOwn(this.stream, name);
  }

  get(name: string): string | undefined {
    if (name === '__error__') return this.err === '' ? undefined : this.err;
    if (name === '__error_details__') return this.errDetails === '' ? undefined : this.errDetails;
    const p = this.parsed?.get(name);
    if (p !== undefined) return p;
    if (this.deleted?.has(name)) return undefined;
    return Object.hasOwn(this.meta, name) ? this.meta[name] : Object.hasOwn(this.stream, name) ? this.stream[name] : undefined;
  }

  setParsed(name: string, value: string): void {
    (this.parsed ??= new Map()).set(name, value);
  }

  setError(err: string, details?: string): void {
    this.err = err;
    if (details !== undefined) this.errDetails = details;
  }

  delete(name: string): void {
    if (name === '__error__') this.err = '';
    else if (name === '__error_details__') this.errDetails = '';
    this.parsed?.delete(name);
    (this.deleted ??= new Set()).add(name);
  }

  /** Every label name currently visible. */
  names(): string[] {
    const out = new Set<string>();
    for (const k of Object.keys(this.stream)) if (!this.deleted?.has(k)) out.add(k);
    for (const k of Object.keys(this.meta)) if (!this.deleted?.has(k)) out.add(k);
    for (const k of this.parsed?.keys() ?? []) out.add(k);
    if (this.err !== '') out.add('__error__');
    if (this.errDetails !== '') out.add('__error_details__');
    return [...out];
  }

  /** The final label set of the line. */
  all(): Labels {
    const out: Labels = {};
    for (const n of this.names()) out[n] = this.get(n) ?? '';
    return out;
  }

  /** Labels by category, for the categorize-labels encoding. */
  categorized(): { stream: Labels; meta: Labels; parsed: Labels } {
    const stream: Labels = {};
    const meta: Labels = {};
    const parsed: Labels = {};
    for (const [k, v] of Object.entries(this.stream)) {
      if (!this.deleted?.has(k) && !this.parsed?.has(k) && !Object.hasOwn(this.meta, k)) stream[k] = v;
    }
    for (const [k, v] of Object.entries(this.meta)) if (!this.deleted?.has(k) && !this.parsed?.has(k)) meta[k] = v;
    for (const [k, v] of this.parsed ?? []) parsed[k] = v;
    if (this.err !== '') parsed.__error__ = this.err;
    if (this.errDetails !== '') parsed.__error_details__ = this.errDetails;
    return { stream, meta, parsed };
  }
}
