import { createMockServer, mailbox, mockState, resetMockState } from '@portal/mocks/node';
import { startServerBackend } from '@portal/server/testing';
import { type Backend, DEMO_ACCOUNTS } from '@portal/test-kit/backend';
import { nextSignInToken } from '@portal/test-kit/sign-in';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPortalClient, PortalApiError } from '../src/index.js';

/**
 * One sign-in flow, run unchanged against the MSW mocks and against the real server (on an in-memory
 * database with the demo data, mail written as .eml files: the server's test backend): what frontend
 * developers build on the mocks works the same on the server.
 */
const DEMO = { email: DEMO_ACCOUNTS.ada, tenantCode: DEMO_ACCOUNTS.tenantCode };
// The demo dashboard the README lists; the mocks' demo account is set to the same figures.
const DEMO_STATS = {
  currency: 'EUR',
  openOrders: 3,
  pendingEstimates: 1,
  unpaidInvoices: 2,
  totalOutstanding: 1250.5,
};

/** A 2×2 PNG. */
const TINY_PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEklEQVQImWMwTjtjnHaGAUIBACS2BZUFBQd/AAAAAElFTkSuQmCC',
  ),
  (c) => c.charCodeAt(0),
);

/** The mocks as a consumer of @portal/mocks sets them up, with the demo account's name and figures. */
async function mocksBackend(): Promise<Backend> {
  const baseUrl = 'http://portal.mock';
  resetMockState({ account: { me: { email: DEMO.email, firstName: 'Ada' }, dashboard: DEMO_STATS } });
  mockState.addAccount({ me: { email: DEMO_ACCOUNTS.grace }, client: mockState.account.client });
  mockState.addAccount({ me: { email: DEMO_ACCOUNTS.charles } });
  const server = createMockServer({ baseUrl });
  server.listen({ onUnhandledRequest: 'error' });
  return {
    baseUrl,
    accounts: DEMO_ACCOUNTS,
    latestSignInToken: async (email) => mailbox.latest(email)?.token,
    latestSignInCode: async (email) => mailbox.latest(email)?.code,
    pastGracePeriod: async () => mockState.clock.advance(mockState.settings.refreshGraceSeconds + 1),
    async setSections(sections) {
      for (const account of mockState.accounts) account.scopes = { ...sections };
    },
    stop: async () => {
      server.close();
      resetMockState();
    },
  };
}

describe.each([
  ['the mocks', mocksBackend],
  ['the real server', () => startServerBackend('pglite')],
])('the SDK against %s', (_name, startBackend) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend();
  }, 60_000);
  afterAll(() => backend?.stop());

  it('signs in with a magic link, reads everything, refreshes, and signs out', async () => {
    let expired = 0;
    const portal = createPortalClient({ baseUrl: backend.baseUrl, onSessionExpired: () => expired++ });

    const previous = await backend.latestSignInToken(DEMO.email);
    await portal.auth.requestMagicLink(DEMO);
    const token = await nextSignInToken(backend, DEMO.email, previous);
    const tokens = await portal.auth.validate({ token });
    expect(tokens).toMatchObject({ username: DEMO.email, id: expect.any(String) });
    expect(tokens.accessExpiresUnix).toBeGreaterThan(Date.now() / 1000);
    expect((await portal.getSession())?.refreshToken).toBe(tokens.refreshToken);

    const me = await portal.me();
    expect(me).toMatchObject({ id: tokens.id, email: DEMO.email, firstName: 'Ada' });
    const client = await portal.client();
    expect(client.id).toBe(me.clientId);
    expect(client.name).toBe(me.clientName);
    expect(await portal.scopes()).toEqual({
      configurator: expect.any(Boolean),
      finance: expect.any(Boolean),
      support: expect.any(Boolean),
    });
    expect(await portal.dashboardStats()).toEqual(DEMO_STATS);

    const refreshed = await portal.auth.refresh();
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect((await portal.me()).id).toBe(me.id);

    // The link is single-use.
    const reuse = await createPortalClient({ baseUrl: backend.baseUrl })
      .auth.validate({ token })
      .catch((e: unknown) => e);
    expect(reuse).toBeInstanceOf(PortalApiError);
    expect((reuse as PortalApiError).status).toBe(401);

    await portal.auth.logout();
    expect(await portal.getSession()).toBeNull();
    const after = await portal.me().catch((e: unknown) => e);
    expect((after as PortalApiError).status).toBe(401);

    // The refresh token logged out with is revoked.
    const stale = await createPortalClient({ baseUrl: backend.baseUrl })
      .raw.POST('/api/v1/portal/auth/refresh', { body: { refreshToken: refreshed.refreshToken } })
      .then((r) => r.response.status);
    expect(stale).toBe(401);
    expect(expired).toBe(0);
  });

  it("uploads the user's own picture, shows it by URL, and removes it", async () => {
    const portal = createPortalClient({ baseUrl: backend.baseUrl });
    const previous = await backend.latestSignInToken(DEMO_ACCOUNTS.charles);
    await portal.auth.requestMagicLink({ email: DEMO_ACCOUNTS.charles, tenantCode: DEMO.tenantCode });
    await portal.auth.validate({ token: await nextSignInToken(backend, DEMO_ACCOUNTS.charles, previous) });

    const avatar = await portal.avatar.upload(new Blob([TINY_PNG], { type: 'image/png' }));
    expect(avatar).toMatchObject({ width: 2, height: 2 });
    expect((await portal.me()).avatar).toEqual(avatar);
    const url = await portal.pictureUrl(avatar.thumbnailBlobId);
    expect(url.startsWith(`${backend.baseUrl}/`)).toBe(true);
    const picture = await fetch(url);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect((await picture.arrayBuffer()).byteLength).toBeGreaterThan(0);

    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    const refused = await portal.avatar.upload(svg).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 415, detail: 'The body must be a PNG, JPEG or WebP image.' });

    await portal.avatar.remove();
    expect((await portal.me()).avatar).toBeNull();
    expect(await portal.pictureUrl(avatar.blobId).catch((e: unknown) => e)).toMatchObject({ status: 404 });
  });

  it('signs in with the code of the mail on another device, and explains a wrong code', async () => {
    const laptop = createPortalClient({ baseUrl: backend.baseUrl });
    const previous = await backend.latestSignInToken(DEMO_ACCOUNTS.grace);
    await laptop.auth.requestMagicLink({ email: DEMO_ACCOUNTS.grace, tenantCode: DEMO.tenantCode });
    await nextSignInToken(backend, DEMO_ACCOUNTS.grace, previous);
    const code = (await backend.latestSignInCode(DEMO_ACCOUNTS.grace)) as string;

    const wrong = await laptop.auth
      .verifyCode({
        email: DEMO_ACCOUNTS.grace,
        tenantCode: DEMO.tenantCode,
        code: code.startsWith('2') ? '3333-3333' : '2222-2222',
      })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ status: 401 });
    expect(await laptop.getSession()).toBeNull();

    const tokens = await laptop.auth.verifyCode({
      email: DEMO_ACCOUNTS.grace,
      tenantCode: DEMO.tenantCode,
      code,
    });
    expect(tokens.username).toBe(DEMO_ACCOUNTS.grace);
    expect((await laptop.getSession())?.refreshToken).toBe(tokens.refreshToken);
    expect((await laptop.me()).email).toBe(DEMO_ACCOUNTS.grace);
  });

  it('answers a malformed sign-in request with the same field errors', async () => {
    const portal = createPortalClient({ baseUrl: backend.baseUrl });
    const error = await portal.auth.requestMagicLink({ email: 'nope', tenantCode: 'demo' }).catch((e) => e);
    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(error.errors).toContainEqual(expect.objectContaining({ path: '/body/email', code: 'format' }));
  });
});
