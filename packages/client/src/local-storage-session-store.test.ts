import { afterEach, describe, expect, it, vi } from 'vitest';
import { localStorageSessionStore } from './local-storage-session-store.js';
import { SESSION as session } from './test-support/fake-portal-api.js';

/** The part of the Web Storage API the store uses, over a Map. */
function fakeStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('localStorageSessionStore', () => {
  it('keeps the session as JSON under portal.session in localStorage', () => {
    const storage = fakeStorage();
    vi.stubGlobal('localStorage', storage);
    const store = localStorageSessionStore();

    store.set(session);

    expect(JSON.parse(storage.items.get('portal.session') ?? '')).toEqual(session);
    expect(store.get()).toEqual(session);
    store.clear();
    expect(storage.items.size).toBe(0);
    expect(store.get()).toBeNull();
  });

  it('uses the key and storage it is given', () => {
    const storage = fakeStorage();
    const store = localStorageSessionStore({ key: 'my-app.auth', storage });

    store.set(session);

    expect([...storage.items.keys()]).toEqual(['my-app.auth']);
    expect(localStorageSessionStore({ key: 'my-app.auth', storage }).get()).toEqual(session);
  });

  it.each([
    ['not JSON', '{"accessToken":'],
    ['JSON of another shape', '{"token":"abc"}'],
    ['null', 'null'],
  ])('treats a stored value that is %s as signed out, and removes it', (_, value) => {
    const storage = fakeStorage();
    storage.items.set('portal.session', value);

    expect(localStorageSessionStore({ storage }).get()).toBeNull();
    expect(storage.items.has('portal.session')).toBe(false);
  });

  it('can be created where there is no localStorage, and says so when used there', () => {
    vi.stubGlobal('localStorage', undefined);

    const store = localStorageSessionStore();

    expect(() => store.get()).toThrow(/localStorage is not available/);
  });

  it('runs a task under a Web Lock named by its key, where the browser has Web Locks', async () => {
    const request = vi.fn((_name: string, task: () => Promise<unknown>) => task());
    vi.stubGlobal('navigator', { locks: { request } });

    await expect(localStorageSessionStore({ storage: fakeStorage() }).lock?.(async () => 42)).resolves.toBe(
      42,
    );
    expect(request).toHaveBeenCalledWith('portal.session', expect.any(Function));
  });

  it('runs a task directly where there are no Web Locks', async () => {
    vi.stubGlobal('navigator', undefined);

    await expect(localStorageSessionStore({ storage: fakeStorage() }).lock?.(async () => 42)).resolves.toBe(
      42,
    );
  });
});

describe('localStorageSessionStore.subscribe', () => {
  /** A `storage` event as the browser fires it in the other tabs. */
  const storageEvent = (init: {
    key: string | null;
    oldValue?: string | null;
    newValue?: string | null;
    storageArea?: unknown;
  }) => Object.assign(new Event('storage'), { oldValue: null, newValue: null, storageArea: null, ...init });

  it("tells of another tab's changes to its key, parsed, and of a cleared storage; not of other keys", () => {
    const window = new EventTarget();
    vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
    vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window));
    const storage = fakeStorage();
    const store = localStorageSessionStore({ storage });
    const changes: unknown[] = [];
    const stop = store.subscribe?.((change) => changes.push(change));

    const json = JSON.stringify(session);
    window.dispatchEvent(storageEvent({ key: 'portal.session', newValue: json, storageArea: storage }));
    window.dispatchEvent(storageEvent({ key: 'other.key', newValue: json, storageArea: storage }));
    window.dispatchEvent(storageEvent({ key: 'portal.session', newValue: json, storageArea: fakeStorage() }));
    window.dispatchEvent(storageEvent({ key: null, storageArea: storage }));
    stop?.();
    window.dispatchEvent(storageEvent({ key: 'portal.session', oldValue: json, storageArea: storage }));

    expect(changes).toEqual([
      { previous: null, next: session },
      { previous: null, next: null },
    ]);
  });
});
