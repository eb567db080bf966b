/** Counting app sequences (transitions, paths) with the distinct users behind each. */
import type { AppId } from '../sources/types.js';
import { compareTextLists } from './sequence.js';

/** One counted sequence. */
export interface TallyRow {
  key: AppId[];
  count: number;
  users: Set<string>;
}

/** Occurrences and distinct users per app sequence. */
export class SequenceTally {
  private readonly rows = new Map<string, TallyRow>();

  /** Counts one occurrence of `key` by `user`. */
  add(key: AppId[], user: string): void {
    // JSON keeps the key unambiguous whatever characters app ids contain.
    const id = JSON.stringify(key);
    const row = this.rows.get(id) ?? { key, count: 0, users: new Set<string>() };
    row.count++;
    row.users.add(user);
    this.rows.set(id, row);
  }

  /** Rows by count desc, then distinct users desc, then the sequence's app ids. */
  ranked(): TallyRow[] {
    return [...this.rows.values()].sort(
      (a, b) => b.count - a.count || b.users.size - a.users.size || compareTextLists(a.key, b.key),
    );
  }
}
