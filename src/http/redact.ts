/**
 * Keeps credentials out of everything a user or a log may see: URLs, request descriptions,
 * error messages and echoed response bodies.
 */

/** Query-string parameter names whose values are treated as secrets. */
const SECRET_PARAM = /token|key|secret|passw|pwd|auth|signature|credential/i;

/** `Bearer abc` / `Basic abc` anywhere in a text (e.g. a server echoing the request). */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/** Replaces userinfo (`user:pass@` -> `***@`) and the values of secret-looking query parameters in a URL. */
export function redactUrl(url: string): string {
  return cleanUrl(url, '***');
}

/** Removes userinfo (`user:pass@`) and the values of secret-looking query parameters from a URL, as a report shows it. */
export function withoutCredentials(url: string): string {
  return cleanUrl(url, '');
}

function cleanUrl(url: string, user: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can parse: strip anything that looks like userinfo, which ends at the last @
    // before the path (a password may hold an @, as URL parsing allows).
    return url.replace(/\/\/[^/?#\s]*@/g, user ? `//${user}@` : '//');
  }
  if (parsed.username || parsed.password) {
    parsed.username = user;
    parsed.password = '';
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***');
  }
  const text = parsed.toString();
  // Keep the base URL exactly as configured when nothing was removed (no added trailing slash).
  return text === `${url}/` ? url : text;
}

/** Redacts secret-looking values in a query string (`a=1&token=x` -> `a=1&token=***`). */
export function redactQueryString(qs: string): string {
  const params = new URLSearchParams(qs);
  let changed = false;
  for (const name of [...params.keys()]) {
    if (SECRET_PARAM.test(name)) {
      params.set(name, '***');
      changed = true;
    }
  }
  return changed ? params.toString() : qs;
}

/** Replaces each known secret, and any `Bearer`/`Basic` credential, in `text` by `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(AUTH_SCHEME, '$1 ***');
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    out = out.split(secret).join('***');
    // Secrets also travel URL-encoded (in query strings and form bodies).
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('***');
  }
  return out;
}
