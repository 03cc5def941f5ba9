import type { Session } from './types.js';

/**
 * Where the client keeps the token pair. Methods may be synchronous or return promises, so that
 * asynchronous stores (React Native's AsyncStorage or SecureStore) fit as well.
 */
export interface SessionStore {
  get(): Session | null | Promise<Session | null>;
  set(session: Session): void | Promise<void>;
  clear(): void | Promise<void>;
  /**
   * Runs `task` while holding a lock shared by every client using the same storage (browser tabs).
   * Refresh tokens are single-use and the server revokes the whole session when one is presented twice
   * (OAuth 2.0 Security BCP, section 4.14), so two tabs must not refresh with the same token at once.
   */
  lock?<T>(task: () => Promise<T>): Promise<T>;
  /**
   * Calls `listener` when another client of the same storage (another tab) changed the session, with the
   * session before and after. Returns what stops listening. The client's auth events use it.
   */
  subscribe?(listener: (change: SessionChange) => void): () => void;
  /**
   * Cookie mode (`cookieSessionStore`): the API keeps the refresh token in an `HttpOnly` cookie, so the
   * client asks for cookie mode on every sign-in, refresh and logout, sends the cookie along, and learns
   * whether a sign-in exists by refreshing through the cookie once. The stored `refreshToken` is empty.
   */
  readonly refreshCookie?: boolean;
}

/** A change of the stored session made elsewhere: `next` is null when it was cleared. */
export interface SessionChange {
  previous: Session | null;
  next: Session | null;
}

/** A store that keeps the session in memory: the default, and the right choice in Node. */
export function memorySessionStore(initial: Session | null = null): SessionStore {
  let session = initial;
  return {
    get: () => session,
    set: (next) => {
      session = next;
    },
    clear: () => {
      session = null;
    },
  };
}
