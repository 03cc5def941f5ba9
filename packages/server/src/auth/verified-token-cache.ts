import type { Principal } from './access-token.js';

/**
 * Access tokens whose signature and claims were verified, kept until they expire. A client sends the same
 * token with every request for its whole lifetime, and verifying it again with jsonwebtoken costs about as
 * much CPU as the rest of a request's handling in Express (measured by bench/). The key is the whole token,
 * signature included, so only a string that passed verification can ever be found. The bearer check still
 * asks the database on every request whether the user and tenant are active.
 */
export interface VerifiedTokenCache {
  /** The principal of a token verified before, if it has not expired at `nowUnix` (seconds). */
  get(token: string, nowUnix: number): Principal | undefined;
  set(token: string, principal: Principal, expiresUnix: number): void;
}

/** A cache of at most `maxEntries` tokens; when full, the oldest entry makes room (insertion order). */
export function createVerifiedTokenCache(maxEntries: number): VerifiedTokenCache {
  const entries = new Map<string, { principal: Principal; expiresUnix: number }>();
  return {
    get(token, nowUnix) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      // jsonwebtoken's rule: a token is expired from its `exp` second on.
      if (nowUnix >= entry.expiresUnix) {
        entries.delete(token);
        return undefined;
      }
      return entry.principal;
    },
    set(token, principal, expiresUnix) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, { principal, expiresUnix });
    },
  };
}
