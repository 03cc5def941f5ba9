import type { AuthEvent } from './auth-events.js';
import { PortalApiError } from './errors.js';
import type { SessionStore } from './session-store.js';
import type { AuthTokens, Session } from './types.js';
import { untilAborted } from './until-aborted.js';

/** Refresh this long before `accessExpiresUnix`, so that a token does not expire on its way. */
const REFRESH_LEEWAY_SECONDS = 30;

export interface SessionKeeperOptions {
  store: SessionStore;
  /**
   * Sends the refresh request; rejects with a PortalApiError when the server refuses the token. In cookie
   * mode `refreshToken` is empty: the cookie carries it.
   */
  exchange(refreshToken: string): Promise<AuthTokens>;
  onSessionExpired: ((error: PortalApiError) => void) | undefined;
  /** Told of each refresh, and of the sign-out when the server refuses one. */
  onEvent(event: AuthEvent): void;
}

export interface SessionKeeper {
  /**
   * Refreshes the session, sharing one request among concurrent callers. With `staleAccessToken`, it
   * refreshes only if the stored access token is still that one: if someone else refreshed meanwhile,
   * it answers their session. Answers null when no one is signed in. `proactive` says the access token
   * is about to run out (rather than refused by the server), which makes a refused refresh `expired`.
   */
  refresh(staleAccessToken?: string, proactive?: boolean): Promise<Session | null>;
  /** The stored session, refreshed first when its access token is about to expire. */
  current(signal?: AbortSignal): Promise<Session | null>;
  /** Stores a token pair the server just issued. */
  save(tokens: AuthTokens): Promise<void>;
  /**
   * Resolves once the client knows whether someone is signed in: at once, except in cookie mode, where the
   * first call refreshes through the cookie (no cookie, or a refused one: nobody, and no error). Rejects
   * with the API's 403 `csrf_refused` when it does not let this app's origin act on the cookie.
   */
  ready(): Promise<void>;
}

/** Keeps the session fresh: proactive refresh, single flight, and sign-out when the server refuses. */
export function createSessionKeeper({
  store,
  exchange,
  onSessionExpired,
  onEvent,
}: SessionKeeperOptions): SessionKeeper {
  const cookieMode = store.refreshCookie === true;
  let inFlight: Promise<Session | null> | undefined;
  // A token that already looked expiring when it arrived (the device clock runs ahead, or the server's
  // token lifetime is below the leeway) is sent as it is, and the server's 401 decides: refreshing it
  // proactively would refresh before every request.
  let expiringOnArrival: string | undefined;

  const expiring = (session: Session) =>
    session.accessExpiresUnix - REFRESH_LEEWAY_SECONDS <= Date.now() / 1000;

  async function save(tokens: AuthTokens): Promise<void> {
    await store.set(tokens);
    expiringOnArrival = expiring(tokens) ? tokens.accessToken : undefined;
  }

  async function rotate(staleAccessToken: string | undefined, proactive: boolean): Promise<Session | null> {
    const session = await store.get();
    // In cookie mode an empty memory is not the end: the browser may hold a sign-in's cookie. A stale token
    // that is gone means someone cleared the session meanwhile.
    if (!session && !(cookieMode && staleAccessToken === undefined)) return null;
    if (session && staleAccessToken !== undefined && session.accessToken !== staleAccessToken) return session;
    try {
      const next = await exchange(session?.refreshToken ?? '');
      await save(next);
      onEvent(session ? { type: 'token_refreshed', session: next } : { type: 'signed_in', session: next });
      return next;
    } catch (error) {
      // 400 and 401 mean the refresh token itself is refused: the session is over. A network failure,
      // 429 or 5xx says nothing about the token, so the session is kept for the next attempt.
      if (error instanceof PortalApiError && (error.status === 400 || error.status === 401)) {
        // Cookie mode with nobody signed in here: no cookie, or one of an ended sign-in. Nothing ended now.
        if (!session) return null;
        await store.clear();
        // An access token refused before its expiry can only have been revoked (ended elsewhere).
        const ranOut = proactive || session.accessExpiresUnix <= Date.now() / 1000;
        onEvent({ type: 'signed_out', reason: ranOut ? 'expired' : 'revoked' });
        onSessionExpired?.(error);
      }
      throw error;
    }
  }

  /** Runs `task` under the store's lock, shared with every concurrent caller. */
  function singleFlight(task: () => Promise<Session | null>): Promise<Session | null> {
    inFlight ??= (store.lock ? store.lock(task) : task()).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  function refresh(staleAccessToken?: string, proactive = false): Promise<Session | null> {
    return singleFlight(() => rotate(staleAccessToken, proactive));
  }

  // Cookie mode: whether the browser holds a sign-in is learnt once, by refreshing through the cookie. A
  // failure that says nothing about the cookie (network, 5xx) is tried again on the next call. A 403 says
  // the API does not trust this origin with the cookie (CORS_ORIGINS, or the BFF's `origin`): a setting to
  // fix, which "nobody is signed in" would hide, so it reaches the caller, at each call until fixed.
  let restored = !cookieMode;
  let restoring: Promise<void> | undefined;
  function ready(): Promise<void> {
    if (restored) return Promise.resolve();
    // Under the lock, a session another tab shared meanwhile is taken as it is: no second rotation.
    restoring ??= singleFlight(async () => (await store.get()) ?? rotate(undefined, false))
      .then(() => {
        restored = true;
      })
      .catch((error: unknown) => {
        if (error instanceof PortalApiError && error.status === 403) throw error;
      })
      .finally(() => {
        restoring = undefined;
      });
    return restoring;
  }

  async function current(signal?: AbortSignal): Promise<Session | null> {
    await untilAborted(ready, signal);
    const session = await store.get();
    if (!session || !expiring(session) || session.accessToken === expiringOnArrival) return session;
    // The refresh is shared and never aborted: the server may already have rotated the token, and an
    // abandoned answer would lose the new pair. An abort only stops this caller's wait.
    return untilAborted(() => refresh(session.accessToken, true), signal);
  }

  return { refresh, current, save, ready };
}
