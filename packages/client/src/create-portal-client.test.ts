import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPortalClient } from './create-portal-client.js';
import { PortalApiError, PortalNetworkError, PortalNoSessionError } from './errors.js';
import { memorySessionStore } from './session-store.js';
import {
  apiUrl,
  BASE_URL,
  CLIENT,
  FakePortalApi,
  ME,
  problem,
  SCOPES,
  STATS,
} from './test-support/fake-portal-api.js';
import { server, useMswServer } from './test-support/msw-server.js';
import type { MagicLinkRequest } from './types.js';

useMswServer();

let api: FakePortalApi;
beforeEach(() => {
  api = new FakePortalApi();
  server.use(...api.handlers());
});

describe('auth.requestMagicLink', () => {
  it('sends the email and tenant code without a bearer token and resolves with nothing', async () => {
    const portal = api.signedInClient();
    let sent: unknown;
    server.use(
      http.post(apiUrl('/auth/request-magic-link'), async ({ request }) => {
        sent = { body: await request.json(), authorization: request.headers.get('Authorization') };
        return new HttpResponse(null, { status: 204 });
      }),
    );

    await expect(
      portal.auth.requestMagicLink({ email: 'ada@example.com', tenantCode: 'demo' }),
    ).resolves.toBe(undefined);
    expect(sent).toEqual({ body: { email: 'ada@example.com', tenantCode: 'demo' }, authorization: null });
  });

  it('when the API refuses the body, rejects with a PortalApiError carrying the field errors', async () => {
    const portal = createPortalClient({ baseUrl: BASE_URL });

    const error = await portal.auth
      .requestMagicLink({ tenantCode: 'demo' } as MagicLinkRequest)
      .catch((e) => e);

    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 400, errors: [{ path: '/body/email', code: 'required' }] });
  });
});

describe('auth.validate', () => {
  it('stores the token pair, and later calls carry its access token', async () => {
    const portal = createPortalClient({ baseUrl: BASE_URL });

    const tokens = await portal.auth.validate({ token: api.magicToken });

    expect(tokens).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', username: ME.email });
    expect(await portal.getSession()).toEqual(tokens);
    await expect(portal.me()).resolves.toEqual(ME);
    expect(api.calls).toEqual([`POST /auth/validate none`, 'GET /me access-1']);
  });

  it('when the magic link was already used, rejects with 401 and neither refreshes nor touches the session', async () => {
    const portal = api.signedInClient();
    const before = await portal.getSession();

    const error = await portal.auth.validate({ token: 'used-token' }).catch((e) => e);

    expect(error).toBeInstanceOf(PortalApiError);
    expect(error.status).toBe(401);
    expect(api.refreshCalls).toBe(0);
    expect(await portal.getSession()).toBe(before);
  });
});

describe('auth.refresh', () => {
  it('rotates the token pair and stores the new one', async () => {
    const portal = api.signedInClient();

    const tokens = await portal.auth.refresh();

    expect(tokens).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(await portal.getSession()).toEqual(tokens);
    expect(api.calls).toEqual(['POST /auth/refresh none']);
  });

  it('when no one is signed in, rejects with PortalNoSessionError and sends nothing', async () => {
    const portal = createPortalClient({ baseUrl: BASE_URL });

    await expect(portal.auth.refresh()).rejects.toBeInstanceOf(PortalNoSessionError);
    expect(api.calls).toEqual([]);
  });
});

describe('auth.logout', () => {
  it('revokes the refresh token on the server and clears the session', async () => {
    const portal = api.signedInClient();

    await portal.auth.logout();

    expect(api.calls).toEqual(['POST /auth/logout access-1']);
    expect(api.refreshToken).toBeNull();
    expect(await portal.getSession()).toBeNull();
  });

  it('when the network fails, still clears the session and rejects with a PortalNetworkError', async () => {
    const portal = api.signedInClient();
    server.use(http.post(apiUrl('/auth/logout'), () => HttpResponse.error()));

    await expect(portal.auth.logout()).rejects.toBeInstanceOf(PortalNetworkError);
    expect(await portal.getSession()).toBeNull();
  });

  it('when the server fails, still clears the session and rejects with its PortalApiError', async () => {
    const portal = api.signedInClient();
    server.use(http.post(apiUrl('/auth/logout'), () => problem(500, 'An unexpected error occurred.')));

    await expect(portal.auth.logout()).rejects.toMatchObject({ name: 'PortalApiError', status: 500 });
    expect(await portal.getSession()).toBeNull();
  });

  it('when the access token is about to expire, refreshes first so that it revokes the current refresh token', async () => {
    api.accessTtlSeconds = 10;
    const portal = api.signedInClient();

    await portal.auth.logout();

    expect(api.calls).toEqual(['POST /auth/refresh none', 'POST /auth/logout access-2']);
    expect(api.refreshToken).toBeNull();
  });

  it('when no one is signed in, resolves without a request', async () => {
    const portal = createPortalClient({ baseUrl: BASE_URL });

    await portal.auth.logout();

    expect(api.calls).toEqual([]);
  });
});

describe('profile calls', () => {
  const calls = [
    ['me', '/me', ME],
    ['client', '/client', CLIENT],
    ['scopes', '/scopes', SCOPES],
    ['dashboardStats', '/dashboard/stats', STATS],
  ] as const;

  it.each(calls)('%s sends the bearer token and resolves with the body', async (method, path, body) => {
    const portal = api.signedInClient();

    await expect(portal[method]()).resolves.toEqual(body);
    expect(api.calls).toEqual([`GET ${path} access-1`]);
  });

  it.each(calls)('%s without a session sends no token and rejects with the 401', async (method, path) => {
    const portal = createPortalClient({ baseUrl: BASE_URL });

    await expect(portal[method]()).rejects.toMatchObject({ name: 'PortalApiError', status: 401 });
    expect(api.calls).toEqual([`GET ${path} none`]);
  });
});

describe('the raw openapi-fetch client', () => {
  it('carries the bearer token and answers openapi-fetch results', async () => {
    const portal = api.signedInClient();

    const { data, error, response } = await portal.raw.GET('/api/v1/portal/scopes');

    expect({ data, error, status: response.status }).toEqual({ data: SCOPES, error: undefined, status: 200 });
    expect(api.calls).toEqual(['GET /scopes access-1']);
  });
});

describe('the fetch option', () => {
  it('sends every request through the given fetch, called as a plain function', async () => {
    const seen: { url: string; self: unknown }[] = [];
    const portal = createPortalClient({
      baseUrl: 'https://portal.example',
      session: memorySessionStore(api.issue()),
      // A browser's fetch throws "Illegal invocation" when called with another `this`.
      fetch: function (this: unknown, request: Request) {
        seen.push({ url: request.url, self: this });
        return Promise.resolve(Response.json(ME));
      },
    });

    await expect(portal.me()).resolves.toEqual(ME);
    expect(seen).toEqual([{ url: 'https://portal.example/api/v1/portal/me', self: undefined }]);
  });
});
