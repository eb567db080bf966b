/** One person's HTTP client for one app: keeps its session cookie and counts every answer. */

/** Answers per app and status code ("network" for requests that got no answer). */
export type Tally = Record<string, Record<string, number>>;

/** A cookie-keeping client of one app's JSON API. */
export class AppClient {
  private cookie: string | undefined;

  constructor(
    readonly app: string,
    private readonly base: string,
    private readonly tally: Tally,
    private readonly timeoutMs: number,
  ) {}

  /** Sends one request; returns its status, or 0 when there was no answer. */
  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<number> {
    const counts = (this.tally[this.app] ??= {});
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(this.cookie ? { cookie: this.cookie } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer();
      const setCookie = res.headers.get('set-cookie');
      if (setCookie) this.cookie = setCookie.split(';')[0];
      counts[res.status] = (counts[res.status] ?? 0) + 1;
      return res.status;
    } catch {
      counts.network = (counts.network ?? 0) + 1;
      return 0;
    }
  }

  /** Forgets the session (a person who closes the tab without logging out). */
  forget(): void {
    this.cookie = undefined;
  }
}
