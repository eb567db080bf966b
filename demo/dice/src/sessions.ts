/** Logged-in sessions, kept in memory: a session id (the cookie) maps to its user and start. */
import { randomBytes } from 'node:crypto';

/** One user's session. */
export interface Session {
  id: string;
  user: string;
  started: number;
  lastSeen: number;
}

/** Sessions by id; idle ones are ended by `sweep`. */
export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Opens a session for `user`. */
  open(user: string): Session {
    const now = this.clock();
    const session = { id: `s-${randomBytes(6).toString('hex')}`, user, started: now, lastSeen: now };
    this.byId.set(session.id, session);
    return session;
  }

  /** The live session with this id, marked as seen now. */
  touch(id: string | undefined): Session | undefined {
    const session = id === undefined ? undefined : this.byId.get(id);
    if (session) session.lastSeen = this.clock();
    return session;
  }

  /** Ends a session and returns its length in ms. */
  close(session: Session): number {
    this.byId.delete(session.id);
    return this.clock() - session.started;
  }

  /** Sessions idle for longer than `idleMs`, removed; their length ends at the last activity. */
  sweep(idleMs: number): { session: Session; durationMs: number }[] {
    const now = this.clock();
    const idle = [...this.byId.values()].filter((s) => now - s.lastSeen > idleMs);
    for (const s of idle) this.byId.delete(s.id);
    return idle.map((session) => ({ session, durationMs: session.lastSeen - session.started }));
  }
}
