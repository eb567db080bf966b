/**
 * Splits a configured base URL and auth settings into what every request carries (headers,
 * base query parameters) and what must never be shown (the secrets to redact).
 */

/** Extra header names whose values are always treated as secrets. */
const SECRET_HEADER = /auth|token|key|secret|cookie|pass|cred|session/i;

/** Auth settings of a datasource, as in the config: bearer or basic, plus extra headers. */
export interface HttpAuthOptions {
  bearer?: string;
  basic?: { username: string; password: string };
  headers?: Record<string, string>;
}

/** The parts of a base URL and auth that requests are built from. */
export interface ResolvedBase {
  /** Origin and path prefix, without userinfo, query or trailing slash. */
  url: string;
  /** `url` for messages (identical, as it carries no credentials). */
  displayUrl: string;
  /** Query parameters of the base URL, encoded, added to every request. */
  params: string;
  headers: Record<string, string>;
  /** Values to mask wherever text leaves the client. */
  secrets: string[];
}

/** Resolves the base URL (userinfo becomes basic auth when no auth is configured) and default headers. */
export function resolveBase(
  url: string,
  auth: HttpAuthOptions | undefined,
  tenant: string | undefined,
  userAgent: string | undefined,
): ResolvedBase {
  const parsed = new URL(url);
  const secrets: string[] = [];
  const headers: Record<string, string> = { 'User-Agent': userAgent ?? 'obs-report' };
  let basic = auth?.basic;
  if (parsed.username || parsed.password) {
    const fromUrl = { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
    if (parsed.password) secrets.push(fromUrl.password, parsed.password);
    if (!auth?.bearer && !basic) basic = fromUrl;
  }
  if (auth?.bearer) {
    headers.Authorization = `Bearer ${auth.bearer}`;
    secrets.push(auth.bearer);
  } else if (basic) {
    const token = Buffer.from(`${basic.username}:${basic.password}`).toString('base64');
    headers.Authorization = `Basic ${token}`;
    secrets.push(token, basic.password);
  }
  for (const [name, value] of Object.entries(auth?.headers ?? {})) {
    headers[name] = value;
    // Masking short harmless values (an org id "1") would garble every message.
    if (SECRET_HEADER.test(name) || value.length >= 12) secrets.push(value);
  }
  if (tenant !== undefined) headers['X-Scope-OrgID'] = tenant;
  for (const value of parsed.searchParams.values()) secrets.push(value);
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  return { url: base, displayUrl: base, params: parsed.searchParams.toString(), headers, secrets: secrets.filter((s) => s !== '') };
}
