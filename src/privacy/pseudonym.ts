/**
 * Pseudonymous user ids for outputs: a keyed hash (HMAC-SHA-256), so a report mailed to a
 * group shows patterns, not people, and ids cannot be reversed or guessed without the key.
 * The same key gives the same pseudonym in every report, so reports can be compared.
 */
import { createHmac } from 'node:crypto';

/** Returns a function mapping user ids to what outputs show. */
export function userDisplay(options: { pseudonymize: boolean; key?: string | undefined }): (user: string) => string {
  if (!options.pseudonymize || !options.key) return (user) => user;
  const key = options.key;
  const cache = new Map<string, string>();
  return (user) => {
    let shown = cache.get(user);
    if (!shown) {
      shown = `user-${createHmac('sha256', key).update(user).digest('hex').slice(0, 10)}`;
      cache.set(user, shown);
    }
    return shown;
  };
}
