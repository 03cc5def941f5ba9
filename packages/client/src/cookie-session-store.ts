import { parseSession } from './parse-session.js';
import type { SessionChange, SessionStore } from './session-store.js';
import type { Session } from './types.js';

export interface CookieSessionStoreOptions {
  /** The name of the channel and of the lock the app's tabs share; default `portal.session`. */
  name?: string;
}

/**
 * Cookie mode, for browser apps (IETF "OAuth 2.0 for Browser-Based Applications"): the API keeps the refresh
 * token in an `HttpOnly` cookie that script cannot read, and the access token lives in this page's memory
 * only. Nothing is written to `localStorage` or `sessionStorage`. The client learns on first use whether a
 * sign-in exists by refreshing through the cookie. Tabs share the one cookie, so they tell each other of
 * sign-ins, refreshes and sign-outs over a `BroadcastChannel`, and take turns to refresh through the Web
 * Locks API (where the browser has them).
 */
export function cookieSessionStore(options: CookieSessionStoreOptions = {}): SessionStore {
  const name = options.name ?? 'portal.session';
  let session: Session | null = null;
  const listeners = new Set<(change: SessionChange) => void>();
  // Opened on first use, so that creating the store during server-side rendering opens nothing.
  let channel: BroadcastChannel | null | undefined;

  const receive = (data: unknown) => {
    const message = data as { session?: unknown } | null;
    if (typeof message !== 'object' || message === null || !('session' in message)) return;
    const next = message.session === null ? null : parseSession(message.session);
    if (message.session !== null && !next) return;
    const previous = session;
    session = next;
    for (const listener of [...listeners]) listener({ previous, next });
  };
  const open = (): BroadcastChannel | null => {
    if (channel !== undefined) return channel;
    const Channel = globalThis.BroadcastChannel;
    channel = Channel ? new Channel(name) : null;
    if (channel) {
      channel.onmessage = (event) => receive(event.data);
      // Node's channels keep the process alive; a browser's have no `unref`.
      (channel as BroadcastChannel & { unref?: () => void }).unref?.();
    }
    return channel;
  };
  const publish = (next: Session | null) => {
    session = next;
    open()?.postMessage({ session: next });
  };

  return {
    refreshCookie: true,
    get: () => {
      open();
      return session;
    },
    set: (next) => publish(next),
    clear: () => publish(null),
    lock<T>(task: () => Promise<T>): Promise<T> {
      const locks = globalThis.navigator?.locks;
      return locks ? (locks.request(name, task) as Promise<T>) : task();
    },
    subscribe(listener) {
      open();
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
