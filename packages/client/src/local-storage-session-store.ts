import { parseSession } from './parse-session.js';
import type { SessionChange, SessionStore } from './session-store.js';
import type { Session } from './types.js';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface LocalStorageSessionStoreOptions {
  /** The storage key; default `portal.session`. */
  key?: string;
  /** A `Storage` to use instead of `localStorage`, e.g. `sessionStorage`. */
  storage?: KeyValueStorage;
}

/**
 * A store that keeps the session in the browser's `localStorage`, shared by every tab of the origin.
 * Tabs take turns to refresh through the Web Locks API where the browser has it. A stored value that is
 * not a session (corrupted, or written by something else) counts as signed out and is removed.
 */
export function localStorageSessionStore(options: LocalStorageSessionStoreOptions = {}): SessionStore {
  const key = options.key ?? 'portal.session';
  // Resolved on use, so that creating the store during server-side rendering does not throw.
  const storage = (): KeyValueStorage => {
    const found = options.storage ?? globalThis.localStorage;
    if (!found)
      throw new Error('localStorage is not available here: pass `storage`, or use memorySessionStore.');
    return found;
  };
  return {
    get: () => {
      const raw = storage().getItem(key);
      const session = parse(raw);
      if (raw !== null && !session) storage().removeItem(key);
      return session;
    },
    set: (session) => storage().setItem(key, JSON.stringify(session)),
    clear: () => storage().removeItem(key),
    lock<T>(task: () => Promise<T>): Promise<T> {
      const locks = globalThis.navigator?.locks;
      return locks ? (locks.request(key, task) as Promise<T>) : task();
    },
    subscribe(listener: (change: SessionChange) => void): () => void {
      // The browser fires `storage` in every other tab of the origin that shares this storage, never in
      // the one that wrote; a `key` of null means the whole storage was cleared.
      const target = (globalThis as Partial<typeof globalThis>).addEventListener ? globalThis : undefined;
      if (!target) return () => undefined;
      const onStorage = (event: Event) => {
        const { key: changed, oldValue, newValue, storageArea } = event as StorageEvent;
        if (changed !== null && changed !== key) return;
        if (storageArea && storageArea !== storage()) return;
        listener({ previous: parse(oldValue), next: parse(newValue) });
      };
      target.addEventListener('storage', onStorage);
      return () => target.removeEventListener('storage', onStorage);
    },
  };
}

function parse(raw: string | null): Session | null {
  if (raw === null) return null;
  try {
    return parseSession(JSON.parse(raw));
  } catch {
    return null;
  }
}
