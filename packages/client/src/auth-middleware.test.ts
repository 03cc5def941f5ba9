import { operationList } from '@portal/contract';
import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPortalClient } from './create-portal-client.js';
import { PortalApiError, PortalNetworkError } from './errors.js';
import { apiUrl, BASE_URL, FakePortalApi, ME, problem } from './test-support/fake-portal-api.js';
import { server, useMswServer } from './test-support/msw-server.js';

useMswServer();

let api: FakePortalApi;
beforeEach(() => {
  api = new FakePortalApi();
  server.use(...api.handlers());
});

describe('on a 401', () => {
  it('refreshes once and retries the request once with the new token', async () => {
    const portal = api.signedInClient();
    api.expireAccessToken();

    await expect(portal.me()).resolves.toEqual(ME);
    expect(api.calls).toEqual(['GET /me access-1', 'POST /auth/refresh none', 'GET /me access-2']);
    expect(await portal.getSession()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('concurrent requests share one refresh and all succeed', async () => {
    const portal = api.signedInClient();
    api.expireAccessToken();
    api.refreshDelayMs = 50;

    const results = await Promise.all([
      portal.me(),
      portal.client(),
      portal.scopes(),
      portal.dashboardStats(),
      portal.me(),
    ]);

    expect(results).toHaveLength(5);
    expect(api.refreshCalls).toBe(1);
    expect(api.calls.filter((call) => call.startsWith('GET')).sort()).toEqual(
      [
        'GET /client access-1',
        'GET /client access-2',
        'GET /dashboard/stats access-1',
        'GET /dashboard/stats access-2',
        'GET /me access-1',
        'GET /me access-1',
        'GET /me access-2',
        'GET /me access-2',
        'GET /scopes access-1',
        'GET /scopes access-2',
      ].sort(),
    );
  });

  it('a 401 that arrives after another request refreshed retries with the new token without refreshing again', async () => {
    const portal = api.signedInClient();
    let oldTokenAnswers = 0;
    server.use(
      http.get(apiUrl('/me'), async ({ request }) => {
        if (request.headers.get('Authorization') === 'Bearer access-2') return HttpResponse.json(ME);
        oldTokenAnswers += 1;
        // The second request's 401 comes late, once the first one's refresh is done and stored.
        if (oldTokenAnswers === 2) {
          await vi.waitFor(async () => expect((await portal.getSession())?.accessToken).toBe('access-2'));
        }
        return problem(401, 'A valid access token is required.');
      }),
    );

    await expect(Promise.all([portal.me(), portal.me()])).resolves.toEqual([ME, ME]);
    expect(api.refreshCalls).toBe(1);
  });

  it('retries only once: a second 401 rejects with that 401', async () => {
    const portal = api.signedInClient();
    server.use(http.get(apiUrl('/me'), () => problem(401, 'The user lost access.')));

    const error = await portal.me().catch((e) => e);

    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 401, detail: 'The user lost access.' });
    expect(api.refreshCalls).toBe(1);
  });

  it('a retried request sends its body again', async () => {
    const portal = api.signedInClient();
    const sent: string[] = [];
    server.use(
      http.post(apiUrl('/auth/logout'), async ({ request }) => {
        sent.push(`${request.headers.get('Authorization')} ${await request.text()}`);
        return sent.length === 1
          ? problem(401, 'A valid access token is required.')
          : new HttpResponse(null, { status: 204 });
      }),
    );

    await portal.auth.logout();

    expect(sent).toEqual([
      'Bearer access-1 {"refreshToken":"refresh-1"}',
      'Bearer access-2 {"refreshToken":"refresh-1"}',
    ]);
  });

  it('without a session, nothing is refreshed and the 401 is the answer', async () => {
    const portal = createPortalClient({ baseUrl: BASE_URL });

    await expect(portal.me()).rejects.toMatchObject({ status: 401 });
    expect(api.refreshCalls).toBe(0);
  });
});

describe('before the access token expires', () => {
  it('refreshes first instead of sending a token about to expire', async () => {
    api.accessTtlSeconds = 10;
    const portal = api.signedInClient();
    api.accessTtlSeconds = 900;

    await expect(portal.me()).resolves.toEqual(ME);
    expect(api.calls).toEqual(['POST /auth/refresh none', 'GET /me access-2']);
  });

  it('concurrent requests share one proactive refresh', async () => {
    api.accessTtlSeconds = 10;
    const portal = api.signedInClient();
    api.accessTtlSeconds = 900;
    api.refreshDelayMs = 50;

    await Promise.all([portal.me(), portal.client(), portal.scopes(), portal.dashboardStats()]);

    expect(api.refreshCalls).toBe(1);
    expect(
      api.calls.filter((call) => call.startsWith('GET')).every((call) => call.endsWith('access-2')),
    ).toBe(true);
  });

  it('refreshes once the device clock passes the leeway, not earlier', async () => {
    const portal = api.signedInClient();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 860_000);
      await portal.me();
      expect(api.refreshCalls).toBe(0);
      vi.setSystemTime(Date.now() + 20_000);
      await portal.me();
      expect(api.refreshCalls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a token that already looks expiring on arrival is sent as it is, not refreshed before every request', async () => {
    api.accessTtlSeconds = 10;
    const portal = createPortalClient({ baseUrl: BASE_URL });
    await portal.auth.validate({ token: api.magicToken });

    await portal.me();
    await portal.scopes();

    expect(api.refreshCalls).toBe(0);
    expect(api.calls).toEqual(['POST /auth/validate none', 'GET /me access-1', 'GET /scopes access-1']);
  });
});

describe('when the refresh fails', () => {
  it('because the refresh token is refused, clears the session, calls onSessionExpired once and rejects every waiting request', async () => {
    const onSessionExpired = vi.fn();
    const portal = api.signedInClient({ onSessionExpired });
    api.expireAccessToken();
    api.refreshToken = 'a-rotated-token';
    api.refreshDelayMs = 20;

    const results = await Promise.allSettled([portal.me(), portal.client(), portal.scopes()]);

    // Each rejects with a 401: the refresh's, or its own when it came back after the session was cleared.
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toMatchObject({ name: 'PortalApiError', status: 401 });
    }
    expect(api.refreshCalls).toBe(1);
    expect(onSessionExpired).toHaveBeenCalledOnce();
    expect(onSessionExpired.mock.calls[0]?.[0]).toBeInstanceOf(PortalApiError);
    expect(await portal.getSession()).toBeNull();
  });

  it('for want of a network, keeps the session and rejects with a PortalNetworkError', async () => {
    const onSessionExpired = vi.fn();
    const portal = api.signedInClient({ onSessionExpired });
    api.expireAccessToken();
    server.use(http.post(apiUrl('/auth/refresh'), () => HttpResponse.error()));

    await expect(portal.me()).rejects.toBeInstanceOf(PortalNetworkError);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(await portal.getSession()).toMatchObject({ refreshToken: 'refresh-1' });
  });

  it('because the server is unavailable, keeps the session and rejects with its 503', async () => {
    const onSessionExpired = vi.fn();
    const portal = api.signedInClient({ onSessionExpired });
    api.expireAccessToken();
    server.use(
      http.post(apiUrl('/auth/refresh'), () => problem(503, 'The service is temporarily unavailable.')),
    );

    await expect(portal.me()).rejects.toMatchObject({ name: 'PortalApiError', status: 503 });
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(await portal.getSession()).toMatchObject({ refreshToken: 'refresh-1' });
  });
});

describe('an abort while a refresh is shared', () => {
  it('rejects the aborted call only: the refresh completes and the other calls succeed', async () => {
    const portal = api.signedInClient();
    api.expireAccessToken();
    const release = api.holdRefreshes();
    const controller = new AbortController();

    const aborted = portal.me({ signal: controller.signal });
    const other = portal.scopes();
    await vi.waitFor(() => expect(api.refreshCalls).toBe(1));
    controller.abort();

    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await expect(other).resolves.toBeDefined();
    expect(api.refreshCalls).toBe(1);
    expect(await portal.getSession()).toMatchObject({ accessToken: 'access-2' });
  });
});

describe('the bearer token', () => {
  it('goes with every operation the contract protects and with none that it opens to anyone', async () => {
    const portal = api.signedInClient();
    const seen = new Map<string, string | null>();
    server.use(
      http.all(`${BASE_URL}/*`, ({ request }) => {
        seen.set(`${request.method} ${new URL(request.url).pathname}`, request.headers.get('Authorization'));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    // Every operation through the raw client, which keeps the session's middleware.
    // Path parameters all given as `id-1`.
    const filled = (path: string) => path.replace(/\{\w+\}/g, 'id-1');
    for (const op of operationList) {
      const path = op.path as never;
      const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const init = { params: { path: Object.fromEntries(names.map((n) => [n, 'id-1'])) } } as never;
      const method = op.method.toUpperCase() as 'GET' | 'POST' | 'DELETE';
      await (portal.raw[method] as (p: never, i: never) => Promise<unknown>)(path, init);
    }
    for (const op of operationList) {
      expect(seen.get(`${op.method.toUpperCase()} ${filled(op.path)}`), op.id).toBe(
        op.bearer ? 'Bearer access-1' : null,
      );
    }
    expect(operationList.filter((op) => !op.bearer).map((op) => op.id)).toEqual([
      'requestMagicLink',
      'validateMagicLink',
      'verifyCode',
      'refreshSession',
      'getJwks',
    ]);
  });
});
