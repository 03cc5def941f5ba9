import type { Middleware } from 'openapi-fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthEvent } from './auth-events.js';
import type { PortalClient } from './create-portal-client.js';
import { createPortalClient } from './create-portal-client.js';
import { localStorageSessionStore } from './local-storage-session-store.js';
import { memorySessionStore } from './session-store.js';
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

/** Subscribes to `portal`'s auth events and collects them, once the initial session arrived. */
async function record(portal: PortalClient) {
  const events: AuthEvent[] = [];
  const unsubscribe = portal.auth.onStateChange((event) => events.push(event));
  await vi.waitFor(() => expect(events).not.toEqual([]));
  return { events, unsubscribe };
}

const types = (events: AuthEvent[]) =>
  events.map((e) => (e.type === 'signed_out' ? `signed_out:${e.reason}` : e.type));

describe('auth.onStateChange', () => {
  it('starts with the stored session, then tells of the sign-in, a refresh and the logout', async () => {
    const portal = createPortalClient({ baseUrl: BASE_URL });
    const { events } = await record(portal);
    expect(events).toEqual([{ type: 'initial_session', session: null }]);

    const tokens = await portal.auth.validate({ token: api.magicToken });
    const refreshed = await portal.auth.refresh();
    await portal.auth.logout();

    expect(events.slice(1)).toEqual([
      { type: 'signed_in', session: tokens },
      { type: 'token_refreshed', session: refreshed },
      { type: 'signed_out', reason: 'logout' },
    ]);
  });

  it('gives a signed-in client its session first, and nothing once unsubscribed', async () => {
    const portal = api.signedInClient();
    const session = await portal.getSession();
    const { events, unsubscribe } = await record(portal);
    expect(events).toEqual([{ type: 'initial_session', session }]);
    unsubscribe();
    await portal.auth.logout();
    expect(events).toHaveLength(1);
  });

  it('says revoked when the server refuses a token that had not expired, and the refresh too', async () => {
    const portal = api.signedInClient();
    const { events } = await record(portal);
    api.expireAccessToken();
    api.refreshToken = null;
    await expect(portal.me()).rejects.toMatchObject({ status: 401 });
    expect(types(events)).toEqual(['initial_session', 'signed_out:revoked']);
  });

  it('says expired when the refresh of an access token that ran out is refused', async () => {
    api.accessTtlSeconds = 5;
    const portal = api.signedInClient();
    const { events } = await record(portal);
    api.refreshToken = null;
    await expect(portal.me()).rejects.toMatchObject({ status: 401 });
    expect(types(events)).toEqual(['initial_session', 'signed_out:expired']);
  });

  it('says logout when the client ends its own sign-in, and nothing for a logout of nobody', async () => {
    const portal = createPortalClient({ baseUrl: BASE_URL, session: memorySessionStore() });
    const { events } = await record(portal);
    await portal.auth.logout();
    expect(types(events)).toEqual(['initial_session']);
  });
});

describe('auth events across tabs', () => {
  /** A shared localStorage and a window that fires `storage` in the tabs that did not write. */
  function browserTabs(count: number) {
    const items = new Map<string, string>();
    const windows = Array.from({ length: count }, () => new EventTarget());
    const storageOf = (tab: number) => ({
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => write(tab, key, value),
      removeItem: (key: string) => write(tab, key, null),
    });
    const areas = windows.map((_, tab) => storageOf(tab));
    function write(tab: number, key: string, value: string | null) {
      const oldValue = items.get(key) ?? null;
      if (value === null) items.delete(key);
      else items.set(key, value);
      windows.forEach((w, other) => {
        if (other === tab) return;
        const event = Object.assign(new Event('storage'), { key, oldValue, newValue: value });
        w.dispatchEvent(event);
      });
    }
    return { windows, areas };
  }

  it('a sign-in, a refresh and a sign-out in one tab reach the other as signed_in, token_refreshed and other_tab', async () => {
    const { windows, areas } = browserTabs(2);
    // Each client listens on its own window: stub the global per client while it subscribes.
    const clients = [0, 1].map((tab) => {
      vi.stubGlobal('addEventListener', windows[tab]?.addEventListener.bind(windows[tab]));
      vi.stubGlobal('removeEventListener', windows[tab]?.removeEventListener.bind(windows[tab]));
      return createPortalClient({
        baseUrl: BASE_URL,
        session: localStorageSessionStore({ storage: areas[tab] }),
      });
    });
    const [first, second] = clients as [PortalClient, PortalClient];
    vi.stubGlobal('addEventListener', windows[1]?.addEventListener.bind(windows[1]));
    const { events } = await record(second);

    const tokens = await first.auth.validate({ token: api.magicToken });
    const refreshed = await first.auth.refresh();
    await first.auth.logout();

    expect(events).toEqual([
      { type: 'initial_session', session: null },
      { type: 'signed_in', session: tokens },
      { type: 'token_refreshed', session: refreshed },
      { type: 'signed_out', reason: 'other_tab' },
    ]);
  });
});

describe('use(middleware)', () => {
  it('runs inside the auth handling: it sees the bearer token, the 401 and the refresh, not the retry', async () => {
    const portal = api.signedInClient();
    const seen: string[] = [];
    const logger: Middleware = {
      onRequest({ request }) {
        seen.push(`${new URL(request.url).pathname.slice(14)} ${request.headers.get('Authorization')}`);
      },
      onResponse({ response }) {
        seen.push(`${response.status}`);
      },
    };
    portal.use(logger);
    api.expireAccessToken();

    await expect(portal.me()).resolves.toEqual(ME);
    expect(seen).toEqual(['/me Bearer access-1', '401', '/auth/refresh null', '200']);
    expect(api.calls.filter((c) => c.startsWith('GET'))).toEqual(['GET /me access-1', 'GET /me access-2']);

    portal.eject(logger);
    await portal.me();
    expect(seen).toHaveLength(4);
  });

  it('runs requests in the order added and responses in reverse, and may change a request', async () => {
    const portal = api.signedInClient();
    const order: string[] = [];
    const tag = (name: string): Middleware => ({
      onRequest({ request }) {
        order.push(`${name} request`);
        request.headers.set('X-Trace', name);
        return request;
      },
      onResponse() {
        order.push(`${name} response`);
      },
    });
    portal.use(tag('a'), tag('b'));
    await portal.me();
    expect(order).toEqual(['a request', 'b request', 'b response', 'a response']);
  });
});
