/**
 * Access tokens whose signature and claims were verified, kept until they expire. A client sends the same
 * token with every request for its whole lifetime, and verifying it again with jsonwebtoken costs about as
 * much CPU as the rest of a request's handling in Express (measured by bench/). The key is the whole token,
 * signature included, so only a string that passed verification can ever be found. The bearer check still
 * asks the database on every request whether the user and tenant are active.
 */
export interface VerifiedTokenCache<Claims> {
  /** What a token verified before stands for, if it has not expired at `nowUnix` (seconds). */
  get(token: string, nowUnix: number): Claims | undefined;
  set(token: string, claims: Claims, expiresUnix: number): void;
}

/** A cache of at most `maxEntries` tokens; when full, the oldest entry makes room (insertion order). */
export function createVerifiedTokenCache<Claims>(maxEntries: number): VerifiedTokenCache<Claims> {
  const entries = new Map<string, { claims: Claims; expiresUnix: number }>();
  return {
    get(token, nowUnix) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      // jsonwebtoken's rule: a token is expired from its `exp` second on.
      if (nowUnix >= entry.expiresUnix) {
        entries.delete(token);
        return undefined;
      }
      return entry.claims;
    },
    set(token, claims, expiresUnix) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, { claims, expiresUnix });
    },
  };
}
