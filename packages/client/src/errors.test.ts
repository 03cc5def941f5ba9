import { delay, HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PortalClient } from './create-portal-client.js';
import { PortalApiError, PortalNetworkError } from './errors.js';
import { apiUrl, FakePortalApi, problem } from './test-support/fake-portal-api.js';
import { server, useMswServer } from './test-support/msw-server.js';
import type { CallOptions } from './types.js';

useMswServer();

let api: FakePortalApi;
let portal: PortalClient;
beforeEach(() => {
  api = new FakePortalApi();
  server.use(...api.handlers());
  portal = api.signedInClient();
});

describe('a non-2xx answer', () => {
  it('becomes a PortalApiError with the status and the fields of the problem', async () => {
    server.use(
      http.get(apiUrl('/me'), () =>
        problem(400, 'The request is not valid.', {
          title: 'Bad Request',
          time: '2026-11-27T10:15:22Z',
          requestId: 'req-1',
          errors: [{ path: '/query/token', message: 'must be a string', code: 'type' }],
        }),
      ),
    );

    const error = await portal.me().catch((e) => e);

    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).not.toBeInstanceOf(PortalNetworkError);
    expect(error).toMatchObject({
      name: 'PortalApiError',
      message: '400 Bad Request: The request is not valid.',
      status: 400,
      title: 'Bad Request',
      detail: 'The request is not valid.',
      time: '2026-11-27T10:15:22Z',
      requestId: 'req-1',
      errors: [{ path: '/query/token', message: 'must be a string', code: 'type' }],
    });
    expect(error.problem).toMatchObject({ status: 400, type: 'about:blank' });
    expect(error.response.status).toBe(400);
  });

  it('that is not a problem document still becomes a PortalApiError, titled by its status text', async () => {
    server.use(
      http.get(apiUrl('/me'), () =>
        HttpResponse.text('<h1>Bad Gateway</h1>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'X-Request-Id': 'proxy-7' },
        }),
      ),
    );

    const error = await portal.me().catch((e) => e);

    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 502, title: 'Bad Gateway', detail: undefined, errors: [] });
    expect(error.problem).toBeUndefined();
    expect(error.requestId).toBe('proxy-7');
  });
});

describe('a request that gets no answer', () => {
  it('rejects with a PortalNetworkError that keeps the cause', async () => {
    server.use(http.get(apiUrl('/me'), () => HttpResponse.error()));

    const error = await portal.me().catch((e) => e);

    expect(error).toBeInstanceOf(PortalNetworkError);
    expect(error).not.toBeInstanceOf(PortalApiError);
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe('an abort', () => {
  const everyCall: [string, (portal: PortalClient, options: CallOptions) => Promise<unknown>][] = [
    [
      'auth.requestMagicLink',
      (p, o) => p.auth.requestMagicLink({ email: 'ada@example.com', tenantCode: 'demo' }, o),
    ],
    ['auth.validate', (p, o) => p.auth.validate({ token: api.magicToken }, o)],
    ['auth.refresh', (p, o) => p.auth.refresh(o)],
    ['auth.logout', (p, o) => p.auth.logout(o)],
    ['me', (p, o) => p.me(o)],
    ['client', (p, o) => p.client(o)],
    ['scopes', (p, o) => p.scopes(o)],
    ['dashboardStats', (p, o) => p.dashboardStats(o)],
  ];

  it.each(everyCall)('before %s rejects with the abort reason and sends nothing', async (_, call) => {
    const controller = new AbortController();
    controller.abort();

    const error = (await call(portal, { signal: controller.signal }).catch((e) => e)) as Error;

    expect(error).toBe(controller.signal.reason);
    expect(error.name).toBe('AbortError');
    await delay(20);
    expect(api.calls).toEqual([]);
  });

  it('during a call rejects with the abort reason, not as a network error', async () => {
    server.use(
      http.get(apiUrl('/me'), async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();

    const pending = portal.me({ signal: controller.signal });
    await delay(20);
    controller.abort();
    const error = await pending.catch((e) => e);

    expect(error.name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(PortalNetworkError);
    expect(error).not.toBeInstanceOf(PortalApiError);
  });

  it('with a reason of its own rejects with exactly that reason', async () => {
    const controller = new AbortController();
    const reason = new Error('the user left the page');
    controller.abort(reason);

    await expect(portal.scopes({ signal: controller.signal })).rejects.toBe(reason);
  });

  it('of auth.logout still clears the session', async () => {
    const controller = new AbortController();
    controller.abort();

    await expect(portal.auth.logout({ signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await portal.getSession()).toBeNull();
  });
});

describe('the code and Retry-After of a problem', () => {
  const limited = (retryAfter: string) => {
    const res = problem(429, 'Too many requests.', { code: 'rate_limited', title: 'Too Many Requests' });
    res.headers.set('Retry-After', retryAfter);
    return res;
  };

  it('are the typed `code` of the body and `retryAfter` in seconds', async () => {
    server.use(http.get(apiUrl('/me'), () => limited('42')));
    const error = await portal.me().catch((e) => e);
    expect(error).toBeInstanceOf(PortalApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 42 });
  });

  it('reads a Retry-After date as the seconds until then, and leaves both undefined when absent', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    server.use(http.get(apiUrl('/me'), () => limited(inTenSeconds)));
    const dated = await portal.me().catch((e) => e);
    expect(dated.retryAfter).toBeGreaterThanOrEqual(8);
    expect(dated.retryAfter).toBeLessThanOrEqual(11);

    server.use(http.get(apiUrl('/me'), () => new HttpResponse('<html>bad gateway</html>', { status: 502 })));
    const bare = await portal.me().catch((e) => e);
    expect(bare).toMatchObject({ status: 502, code: undefined, retryAfter: undefined });
  });
});
