/**
 * Per-user rows of counts (one column per day), allocated only for the users that appear.
 * Counts only grow by positive amounts, so every allocated row has a non-zero count.
 */
export class UserRows {
  private readonly rowOf: Int32Array;
  private data: Int32Array;
  private rows = 0;

  constructor(
    users: number,
    readonly width: number,
  ) {
    this.rowOf = new Int32Array(users).fill(-1);
    this.data = new Int32Array(Math.max(1, width) * 64);
  }

  /** Adds `n` (> 0) to user `u`'s count in column `column`. */
  add(u: number, column: number, n: number): void {
    let row = this.rowOf[u]!;
    if (row < 0) {
      row = this.rows++;
      this.rowOf[u] = row;
      if (this.rows * this.width > this.data.length) {
        const bigger = new Int32Array(this.data.length * 2);
        bigger.set(this.data);
        this.data = bigger;
      }
    }
    this.data[row * this.width + column]! += n;
  }

  /** Calls `visit` for each user with a row, in user order, with a view of the row. */
  forEach(visit: (u: number, row: Int32Array) => void): void {
    for (let u = 0; u < this.rowOf.length; u++) {
      const r = this.rowOf[u]!;
      if (r >= 0) visit(u, this.data.subarray(r * this.width, (r + 1) * this.width));
    }
  }
}
