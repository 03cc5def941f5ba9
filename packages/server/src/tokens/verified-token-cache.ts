/**
 * Access tokens whose signature and claims were verified, kept until they expire: a client sends the same
 * token for its whole lifetime, and verifying it again is costly (docs/benchmarks.md). The key is the whole
 * token, signature included, so only a string that passed verification can be found. Liveness is never
 * cached: each request's read statement, or the bearer check's query for a write, asks the database anew
 * (tokens/live-principal.ts).
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
