import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthEvent } from './auth-events.js';
import { cookieSessionStore } from './cookie-session-store.js';
import { createPortalClient, type PortalClient } from './create-portal-client.js';
import { BrowserCookies } from './test-support/browser-cookies.js';
import { BASE_URL, FakePortalApi, ME } from './test-support/fake-portal-api.js';
import { server, useMswServer } from './test-support/msw-server.js';

useMswServer();

let api: FakePortalApi;
let browser: BrowserCookies;
let written: string[];
let channelName: string;
let tabs: PortalClient[];
beforeEach(() => {
  api = new FakePortalApi();
  server.use(...api.handlers());
  browser = new BrowserCookies();
  // Any write to web storage is recorded: cookie mode must make none.
  written = [];
  const storage = (area: string) => ({
    getItem: () => null,
    setItem: (key: string) => written.push(`${area}:${key}`),
    removeItem: () => undefined,
  });
  vi.stubGlobal('localStorage', storage('localStorage'));
  vi.stubGlobal('sessionStorage', storage('sessionStorage'));
  // Each test's tabs talk on a channel of their own.
  channelName = `portal.session.${Math.random()}`;
  tabs = [];
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A browser tab of the app: its own client and memory, the browser's shared cookies. */
function openTab(): PortalClient {
  const tab = createPortalClient({
    baseUrl: BASE_URL,
    fetch: browser.fetch,
    session: cookieSessionStore({ name: channelName }),
  });
  tabs.push(tab);
  return tab;
}

async function record(portal: PortalClient) {
  const events: AuthEvent[] = [];
  portal.auth.onStateChange((event) => events.push(event));
  await vi.waitFor(() => expect(events).not.toEqual([]));
  return events;
}

const types = (events: AuthEvent[]) =>
  events.map((e) => (e.type === 'signed_out' ? `signed_out:${e.reason}` : e.type));

describe('cookieSessionStore: the refresh token in an HttpOnly cookie', () => {
  it('signs in asking for cookie mode; the session holds no refresh token and nothing is written to storage', async () => {
    const tab = openTab();
    const tokens = await tab.auth.validate({ token: api.magicToken });

    expect(tokens.refreshToken).toBe('');
    expect((await tab.getSession())?.refreshToken).toBe('');
    expect(browser.jar.get('portal-refresh')?.value).toBe(api.refreshToken);
    expect(api.cookieCalls).toEqual(['POST /auth/validate - none']);
    await expect(tab.me()).resolves.toEqual(ME);
    expect(written).toEqual([]);
  });

  it('on load, refreshes through the cookie once to learn the sign-in: initial_session carries it', async () => {
    await openTab().auth.validate({ token: api.magicToken });
    const cookie = browser.jar.get('portal-refresh')?.value;

    const reloaded = openTab();
    const events = await record(reloaded);
    await reloaded.getSession();

    expect(events).toEqual([
      { type: 'initial_session', session: expect.objectContaining({ refreshToken: '' }) },
    ]);
    expect(api.cookieCalls.slice(1)).toEqual([`POST /auth/refresh {} ${cookie}`]);
    expect(browser.jar.get('portal-refresh')?.value).toBe(api.refreshToken);
    await expect(reloaded.me()).resolves.toEqual(ME);
    expect(api.refreshCalls).toBe(1);
    expect(written).toEqual([]);
  });

  it('without a cookie, initial_session is null and nothing throws; calls then go without a bearer', async () => {
    const onSessionExpired = vi.fn();
    const tab = createPortalClient({
      baseUrl: BASE_URL,
      fetch: browser.fetch,
      session: cookieSessionStore({ name: channelName }),
      onSessionExpired,
    });
    const events = await record(tab);

    expect(events).toEqual([{ type: 'initial_session', session: null }]);
    await expect(tab.getSession()).resolves.toBeNull();
    await expect(tab.me()).rejects.toMatchObject({ status: 401 });
    expect(api.cookieCalls).toEqual(['POST /auth/refresh {} none']);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('when the first refresh fails for want of a network, tries again later and tells of the sign-in it finds', async () => {
    await openTab().auth.validate({ token: api.magicToken });
    let offline = true;
    const tab = createPortalClient({
      baseUrl: BASE_URL,
      fetch: (request) => (offline ? Promise.reject(new TypeError('offline')) : browser.fetch(request)),
      session: cookieSessionStore({ name: `${channelName}.other` }),
    });
    const events = await record(tab);
    expect(events).toEqual([{ type: 'initial_session', session: null }]);

    offline = false;
    await expect(tab.me()).resolves.toEqual(ME);
    expect(types(events)).toEqual(['initial_session', 'signed_in']);
  });

  it('answers a refused access token by refreshing through the cookie and retrying', async () => {
    const tab = openTab();
    await tab.auth.validate({ token: api.magicToken });
    api.expireAccessToken();

    await expect(tab.me()).resolves.toEqual(ME);
    expect(api.cookieCalls.at(-1)).toBe('POST /auth/refresh {} refresh-1');
  });

  it('logs out with an empty body, the bearer and the header; the server clears the cookie', async () => {
    const tab = openTab();
    await tab.auth.validate({ token: api.magicToken });
    const events = await record(tab);

    await tab.auth.logout();

    expect(api.cookieCalls.at(-1)).toBe('POST /auth/logout {} refresh-1');
    expect(api.calls.at(-1)).toBe('POST /auth/logout access-1');
    expect(browser.jar.size).toBe(0);
    expect(api.refreshToken).toBeNull();
    expect(types(events)).toEqual(['initial_session', 'signed_out:logout']);
    await expect(tab.getSession()).resolves.toBeNull();
  });
});

describe('cookie mode across tabs', () => {
  it('a sign-in, a refresh and a sign-out in one tab reach the other as signed_in, token_refreshed and other_tab', async () => {
    const [first, second] = [openTab(), openTab()] as [PortalClient, PortalClient];
    const events = await record(second);

    const tokens = await first.auth.validate({ token: api.magicToken });
    await vi.waitFor(() => expect(events).toHaveLength(2));
    const refreshed = await first.auth.refresh();
    await vi.waitFor(() => expect(events).toHaveLength(3));
    await first.auth.logout();
    await vi.waitFor(() => expect(events).toHaveLength(4));

    expect(events).toEqual([
      { type: 'initial_session', session: null },
      { type: 'signed_in', session: tokens },
      { type: 'token_refreshed', session: refreshed },
      { type: 'signed_out', reason: 'other_tab' },
    ]);
    expect(written).toEqual([]);
  });

  it('a tab that learnt of the sign-in from another calls with its access token, without refreshing', async () => {
    const [first, second] = [openTab(), openTab()] as [PortalClient, PortalClient];
    await second.getSession();
    const tokens = await first.auth.validate({ token: api.magicToken });
    await vi.waitFor(async () => expect(await second.getSession()).toEqual(tokens));

    await expect(second.me()).resolves.toEqual(ME);
    expect(api.refreshCalls).toBe(1);
  });

  it('tabs take turns to refresh, under one Web Lock named for the channel', async () => {
    const held: string[] = [];
    let queue = Promise.resolve();
    vi.stubGlobal('navigator', {
      locks: {
        request: (name: string, task: () => Promise<unknown>) => {
          const run = queue.then(() => {
            held.push(name);
            return task();
          });
          queue = run.then(
            () => undefined,
            () => undefined,
          );
          return run;
        },
      },
    });
    const [first, second] = [openTab(), openTab()] as [PortalClient, PortalClient];
    await first.auth.validate({ token: api.magicToken });
    api.refreshDelayMs = 20;

    // Each rotation presents the cookie the previous one set: none is refused as a reuse.
    await Promise.all([first.auth.refresh(), second.auth.refresh()]);

    expect(held.length).toBeGreaterThanOrEqual(2);
    expect(new Set(held)).toEqual(new Set([channelName]));
    expect(api.cookieCalls.filter((c) => c.startsWith('POST /auth/refresh'))).toEqual(
      api.cookieCalls
        .filter((c) => c.startsWith('POST /auth/refresh'))
        .map((_, i) => `POST /auth/refresh {} refresh-${i + 1}`),
    );
    await expect(first.me()).resolves.toEqual(ME);
  });
});
