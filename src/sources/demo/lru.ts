/** A small least-recently-used cache. */
export class Lru<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  /** The value for `key`, built (and kept) on first use. */
  get(key: string, build: () => V): V {
    const value = this.entries.has(key) ? this.entries.get(key)! : build();
    // Re-inserting moves the key to the most recently used end.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
