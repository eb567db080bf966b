import { AsyncLocalStorage } from 'node:async_hooks';
import type { QueryRecord } from '../model/report.js';

/** What a source reports about a query it sent (or, for the demo, the computation standing for it). */
export interface QueryNote {
  datasource: string;
  datasourceType: string;
  query: string;
  purpose: string;
  /**
   * Requests this part of the query took (Loki: one logical query is split, sharded and paged).
   * The record's purpose then ends with the total over every part noted for that query.
   */
  requests?: number;
}

/**
 * Collects every query sent during one run and which report section asked for it.
 *
 * Sources call `noteQuery()` without knowing about reports; the section that is computing
 * runs inside `within(sectionId, ...)`, and AsyncLocalStorage carries its id through awaits.
 * The same query text from the same datasource is one record, used by several sections.
 */
export class QueryLog {
  /** Per query: its record, the purpose as first noted, and the requests counted for it so far. */
  private readonly entries = new Map<string, { record: QueryRecord; purpose: string; requests?: number }>();
  /** Notes whose requests are counted: a note replayed for another section (the same object) is not counted again. */
  private readonly counted = new WeakSet<QueryNote>();

  add(note: QueryNote, section: string | undefined): string {
    const key = `${note.datasource}\u0000${note.query}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const { requests: _, ...fields } = note;
      entry = { record: { id: `q${this.entries.size + 1}`, ...fields, usedBy: [] }, purpose: note.purpose };
      this.entries.set(key, entry);
    }
    const { record } = entry;
    if (note.requests !== undefined && !this.counted.has(note)) {
      this.counted.add(note);
      const total = (entry.requests ?? 0) + note.requests;
      entry.requests = total;
      record.purpose = `${entry.purpose} (${total} request${total === 1 ? '' : 's'})`;
    }
    if (section && !record.usedBy.includes(section)) record.usedBy.push(section);
    return record.id;
  }

  /** Ids of the records a section used. */
  idsFor(section: string): string[] {
    return this.all().filter((r) => r.usedBy.includes(section)).map((r) => r.id);
  }

  all(): QueryRecord[] {
    return [...this.entries.values()].map((e) => e.record);
  }
}

interface Scope {
  log: QueryLog;
  section: string | undefined;
  /** Collects notes for a shared dataset, to attribute them to each section that uses it. */
  sink?: QueryNote[];
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs `fn` with queries attributed to `section` in `log`. */
export function within<T>(log: QueryLog, section: string | undefined, fn: () => Promise<T>): Promise<T> {
  return scope.run({ log, section }, fn);
}

/** Called by sources for each query; a no-op outside a run (for example in unit tests). */
export function noteQuery(note: QueryNote): void {
  const current = scope.getStore();
  current?.sink?.push(note);
  current?.log.add(note, current.section);
}

/** Runs `fn` collecting the queries it notes instead of attributing them to the current section. */
export async function collectNotes<T>(fn: () => Promise<T>): Promise<{ value: T; notes: QueryNote[] }> {
  const current = scope.getStore();
  const notes: QueryNote[] = [];
  if (!current) return { value: await fn(), notes };
  const value = await scope.run({ log: current.log, section: undefined, sink: notes }, fn);
  return { value, notes };
}

/** Attributes previously collected queries to the current section. */
export function replayNotes(notes: readonly QueryNote[]): void {
  notes.forEach(noteQuery);
}
