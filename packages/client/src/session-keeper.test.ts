import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPortalClient } from './create-portal-client.js';
import { localStorageSessionStore } from './local-storage-session-store.js';
import { BASE_URL, FakePortalApi, ME } from './test-support/fake-portal-api.js';
import { server, useMswServer } from './test-support/msw-server.js';

useMswServer();

let api: FakePortalApi;
beforeEach(() => {
  api = new FakePortalApi();
  server.use(...api.handlers());
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Web Locks as a browser grants them: one holder per name at a time, the others queue. */
function webLocks() {
  const queues = new Map<string, Promise<unknown>>();
  return {
    request(name: string, task: () => Promise<unknown>) {
      const run = (queues.get(name) ?? Promise.resolve()).then(task);
      queues.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
}

describe('two tabs sharing localStorage', () => {
  it('refresh one at a time: the second tab uses the pair the first one got instead of reusing the rotated token', async () => {
    vi.stubGlobal('navigator', { locks: webLocks() });
    const storage = new Map<string, string>();
    const shared = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    };
    api.accessTtlSeconds = 10;
    localStorageSessionStore({ storage: shared }).set(api.issue());
    api.accessTtlSeconds = 900;
    api.refreshDelayMs = 30;
    const tabs = [1, 2].map(() =>
      createPortalClient({ baseUrl: BASE_URL, session: localStorageSessionStore({ storage: shared }) }),
    );

    await expect(Promise.all(tabs.map((tab) => tab.me()))).resolves.toEqual([ME, ME]);
    expect(api.refreshCalls).toBe(1);
    expect(api.calls.filter((call) => call.startsWith('GET'))).toEqual([
      'GET /me access-2',
      'GET /me access-2',
    ]);
  });
});
