/** The session columns: a growable builder and the sorted, read-only table it produces. */

/** Sessions in start order (ties in creation order); column i belongs to session i. */
export interface SessionTable {
  count: number;
  /** session_start time, epoch ms (whole seconds). */
  start: Float64Array;
  /** session_end - session_start, ms. */
  duration: Float64Array;
  user: Int32Array;
  app: Uint8Array;
  /** Events between login and logout/session_end. */
  body: Uint16Array;
  /** 1 if the session ends with a logout line. */
  logout: Uint8Array;
  /** Session indices per app, ascending (so in start order). */
  byApp: Int32Array[];
}

/** Sort keys pack (second since origin, creation index) in one float: both must fit 26 bits. */
const INDEX_BITS = 2 ** 26;

/** Appends sessions in any order, then sorts them by start. */
export class SessionColumns {
  private count = 0;
  private start: Float64Array;
  private duration: Float64Array;
  private user: Int32Array;
  private app: Uint8Array;
  private body: Uint16Array;
  private logout: Uint8Array;

  constructor(capacity: number) {
    const n = Math.ceil(capacity);
    this.start = new Float64Array(n);
    this.duration = new Float64Array(n);
    this.user = new Int32Array(n);
    this.app = new Uint8Array(n);
    this.body = new Uint16Array(n);
    this.logout = new Uint8Array(n);
  }

  push(start: number, duration: number, user: number, app: number, body: number, logout: boolean): void {
    if (this.count === this.start.length) this.grow();
    const i = this.count++;
    this.start[i] = start;
    this.duration[i] = duration;
    this.user[i] = user;
    this.app[i] = app;
    this.body[i] = body;
    this.logout[i] = logout ? 1 : 0;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const copy = <T extends Float64Array | Int32Array | Uint8Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.start = copy(this.start, (k) => new Float64Array(k));
    this.duration = copy(this.duration, (k) => new Float64Array(k));
    this.user = copy(this.user, (k) => new Int32Array(k));
    this.app = copy(this.app, (k) => new Uint8Array(k));
    this.body = copy(this.body, (k) => new Uint16Array(k));
    this.logout = copy(this.logout, (k) => new Uint8Array(k));
  }

  /** The table in start order; `origin` is at or before every start. */
  sorted(origin: number, apps: number): SessionTable {
    const n = this.count;
    if (n >= INDEX_BITS) throw new RangeError(`too many simulated sessions (${n})`);
    const keys = new Float64Array(n);
    const originS = Math.floor(origin / 1000);
    // Starts are whole seconds, so the key is an exact integer below 2^52.
    for (let i = 0; i < n; i++) keys[i] = (this.start[i]! / 1000 - originS) * INDEX_BITS + i;
    keys.sort();
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      order[i] = key - Math.floor(key / INDEX_BITS) * INDEX_BITS;
    }
    const pick = <T extends Float64Array | Int32Array | Uint8Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      for (let i = 0; i < n; i++) b[i] = a[order[i]!]!;
      return b;
    };
    const table: SessionTable = {
      count: n,
      start: pick(this.start, (k) => new Float64Array(k)),
      duration: pick(this.duration, (k) => new Float64Array(k)),
      user: pick(this.user, (k) => new Int32Array(k)),
      app: pick(this.app, (k) => new Uint8Array(k)),
      body: pick(this.body, (k) => new Uint16Array(k)),
      logout: pick(this.logout, (k) => new Uint8Array(k)),
      byApp: [],
    };
    const perApp = new Int32Array(apps);
    for (let i = 0; i < n; i++) perApp[table.app[i]!]!++;
    table.byApp = Array.from(perApp, (size) => new Int32Array(size));
    const fill = new Int32Array(apps);
    for (let i = 0; i < n; i++) {
      const a = table.app[i]!;
      table.byApp[a]![fill[a]!++] = i;
    }
    return table;
  }
}
