import { createMockServer, mockState, resetMockState } from '@portal/mocks/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPortalClient, memorySessionStore, PortalApiError } from '../src/index.js';

// Where the user is signed in, through the SDK, on @portal/mocks (which keep the server's rules: the
// conformance suite runs on both): two devices of one person, each a client with its own session.
const baseUrl = 'http://portal.mock';
const server = createMockServer({ baseUrl });
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  resetMockState();
});
afterAll(() => server.close());

/** A device of the mock account: a client holding a new sign-in, and the URLs it called. */
function device() {
  const urls: string[] = [];
  const expired: unknown[] = [];
  const portal = createPortalClient({
    baseUrl,
    session: memorySessionStore(mockState.sessions.issue(subject())),
    fetch: (request) => {
      urls.push(`${request.method} ${new URL(request.url).pathname}${new URL(request.url).search}`);
      return fetch(request);
    },
    onSessionExpired: (error) => expired.push(error),
  });
  return { portal, urls, expired };
}

function subject() {
  const { account } = mockState;
  return {
    userId: account.me.id,
    clientId: account.client.id,
    tenantCode: account.tenantCode,
    email: account.me.email,
  };
}

describe('signIns', () => {
  it('lists both devices, this one marked current, and ends the other: its next call is signed out', async () => {
    const laptop = device();
    const phone = device();
    const list = await laptop.portal.signIns.list();
    expect(list).toHaveLength(2);
    const other = list.find((s) => !s.current);
    expect(list.filter((s) => s.current)).toHaveLength(1);

    await laptop.portal.signIns.end(other?.id as string);

    const error = await phone.portal.me().catch((e) => e);
    expect(error).toBeInstanceOf(PortalApiError);
    expect(error.status).toBe(401);
    expect(await phone.portal.getSession()).toBeNull();
    expect(phone.expired).toHaveLength(1);
    await expect(laptop.portal.me()).resolves.toEqual(mockState.account.me);
    expect(await laptop.portal.getSession()).not.toBeNull();
  });

  it('ending its own sign-in is a logout: the stored session is cleared', async () => {
    const laptop = device();
    const own = (await laptop.portal.signIns.list()).find((s) => s.current);
    await laptop.portal.signIns.end(own?.id as string);
    expect(await laptop.portal.getSession()).toBeNull();
  });

  it("another person's or an unknown id is a 404 PortalApiError, and the session stays", async () => {
    const laptop = device();
    const error = await laptop.portal.signIns.end('00000000-0000-4000-8000-000000000000').catch((e) => e);
    expect(error).toBeInstanceOf(PortalApiError);
    expect(error.status).toBe(404);
    expect(await laptop.portal.getSession()).not.toBeNull();
  });
});

describe('auth.logout with a scope', () => {
  it('without a scope sends what it always sent, and ends only this sign-in', async () => {
    const laptop = device();
    const phone = device();
    await laptop.portal.auth.logout();
    expect(laptop.urls).toEqual(['POST /api/v1/portal/auth/logout']);
    expect(await laptop.portal.getSession()).toBeNull();
    await expect(phone.portal.me()).resolves.toEqual(mockState.account.me);
  });

  it('others ends the other devices and keeps this session', async () => {
    const laptop = device();
    const phone = device();
    await laptop.portal.auth.logout({ scope: 'others' });
    expect(laptop.urls).toEqual(['POST /api/v1/portal/auth/logout?scope=others']);
    expect(await laptop.portal.getSession()).not.toBeNull();
    await expect(laptop.portal.me()).resolves.toEqual(mockState.account.me);
    expect((await phone.portal.me().catch((e) => e)).status).toBe(401);
  });

  it('global ends every device, this one included, and clears this session', async () => {
    const laptop = device();
    const phone = device();
    await laptop.portal.auth.logout({ scope: 'global' });
    expect(await laptop.portal.getSession()).toBeNull();
    expect((await phone.portal.me().catch((e) => e)).status).toBe(401);
  });
});
