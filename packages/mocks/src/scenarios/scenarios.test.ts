import { readJson } from '@portal/test-kit/call-operation';
import { PARAMETERLESS_READS } from '@portal/test-kit/parameterless-reads';
import { describe, expect, it } from 'vitest';
import { createEmptyDashboardStats } from '../data/factories.js';
import { mailbox, mockState, resetMockState, useScenario } from '../state/default-state.js';
import { useGuardedMockServer } from '../test-support/guarded-server.js';
import { parseScenarios } from './scenarios.js';

const { api, call } = useGuardedMockServer();
const nowSeconds = () => Math.floor(Date.now() / 1000);

function session() {
  if (!mockState.session) throw new Error('the scenario issued no session');
  return mockState.session;
}

async function signIn() {
  const { email } = mockState.account.me;
  await call('requestMagicLink', { body: { email, tenantCode: 'demo' } });
  return readJson(
    await call('validateMagicLink', { query: { token: mailbox.tokenFor(email) } }),
    'validateMagicLink',
    200,
  );
}

describe('choosing scenarios', () => {
  it('reads names from code or from a comma-separated string, signed-out when none', () => {
    expect(parseScenarios('signed-in, slow-network')).toEqual(['signed-in', 'slow-network']);
    expect(parseScenarios(['empty-dashboard'])).toEqual(['empty-dashboard']);
    expect(parseScenarios('')).toEqual(['signed-out']);
  });

  it('refuses an unknown name and two session scenarios at once', () => {
    expect(() => parseScenarios('signed-in,typo')).toThrow(/Unknown mock scenario "typo"/);
    expect(() => parseScenarios('signed-in,refresh-revoked')).toThrow(/exclude each other/);
  });
});

describe('signed-out', () => {
  it('issues no session: protected operations answer 401 until the app signs in', async () => {
    expect(mockState.session).toBeNull();
    expect((await call('getMe')).status).toBe(401);
    const tokens = await signIn();
    expect((await call('getMe', { accessToken: tokens.accessToken })).status).toBe(200);
  });
});

describe('signed-in', () => {
  it('issues a session for the demo account that every protected operation accepts', async () => {
    useScenario('signed-in');
    const { accessToken, accessExpiresUnix, username } = session();
    expect(username).toBe(mockState.account.me.email);
    expect(accessExpiresUnix).toBeGreaterThanOrEqual(nowSeconds() + 899);
    for (const operation of PARAMETERLESS_READS) {
      expect((await call(operation, { accessToken })).status).toBe(200);
    }
    expect(await (await call('getMe', { accessToken: accessToken })).json()).toEqual(mockState.account.me);
  });
});

describe('expired-access', () => {
  it('the first protected call answers 401, and after a refresh the call succeeds', async () => {
    useScenario('expired-access');
    const { accessToken, accessExpiresUnix, refreshToken } = session();
    expect(accessExpiresUnix).toBeLessThan(nowSeconds());
    const first = await call('getMe', { accessToken: accessToken });
    expect(first.status).toBe(401);
    expect(first.headers.get('www-authenticate')).toBe('Bearer realm="portal", error="invalid_token"');
    const renewed = await readJson(
      await call('refreshSession', { body: { refreshToken: refreshToken } }),
      'refreshSession',
      200,
    );
    expect(renewed.accessExpiresUnix).toBeGreaterThan(nowSeconds());
    expect((await call('getMe', { accessToken: renewed.accessToken })).status).toBe(200);
  });

  it('expires access tokens the app already held, not its refresh tokens', async () => {
    const held = await signIn();
    useScenario('expired-access');
    expect((await call('getMe', { accessToken: held.accessToken })).status).toBe(401);
    const renewed = await readJson(
      await call('refreshSession', { body: { refreshToken: held.refreshToken } }),
      'refreshSession',
      200,
    );
    expect((await call('getMe', { accessToken: renewed.accessToken })).status).toBe(200);
  });
});

describe('refresh-revoked', () => {
  it('the access token is expired and refresh answers 401: the app must sign in again, which works', async () => {
    const held = await signIn();
    useScenario('refresh-revoked');
    const { accessToken, refreshToken, accessExpiresUnix } = session();
    expect(accessExpiresUnix).toBeLessThan(nowSeconds());
    expect((await call('getMe', { accessToken: accessToken })).status).toBe(401);
    expect((await call('refreshSession', { body: { refreshToken: refreshToken } })).status).toBe(401);
    expect((await call('refreshSession', { body: { refreshToken: held.refreshToken } })).status).toBe(401);
    const again = await signIn();
    expect((await call('getMe', { accessToken: again.accessToken })).status).toBe(200);
  });
});

describe('rate-limited', () => {
  it('answers 429 with Retry-After where the contract declares it, and serves the rest', async () => {
    resetMockState({ scenario: 'signed-in,rate-limited' });
    const limited = [
      await call('requestMagicLink', { body: { email: 'a@example.com', tenantCode: 'demo' } }),
      await call('validateMagicLink', { query: { token: 'any' } }),
      await call('refreshSession', { body: { refreshToken: session().refreshToken } }),
    ];
    for (const res of limited) {
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('60');
      expect(await res.json()).toMatchObject({
        title: 'Too Many Requests',
        detail: 'Too many requests. Try again in 60 seconds.',
      });
    }
    expect(mailbox.messages).toEqual([]);
    expect((await call('getMe', { accessToken: session().accessToken })).status).toBe(200);
  });

  it('still answers 400 to a malformed request, as the server validates first', async () => {
    useScenario('rate-limited');
    // Malformed on purpose (no tenant code): the typed call would not compile, so a plain request.
    const res = await api('/api/v1/portal/auth/request-magic-link', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x' }),
    });
    expect(res.status).toBe(400);
  });

  it('uses the configured Retry-After', async () => {
    resetMockState({ scenario: 'rate-limited', settings: { retryAfterSeconds: 5 } });
    expect((await call('validateMagicLink', { query: { token: 'any' } })).headers.get('retry-after')).toBe(
      '5',
    );
  });
});

describe('server-error', () => {
  it('answers 500 problem+json on every operation, with the request id and no detail of the failure', async () => {
    resetMockState({ scenario: 'signed-in,server-error' });
    const { accessToken, refreshToken } = session();
    const responses = [
      await call('requestMagicLink', { body: { email: 'a@example.com', tenantCode: 'demo' } }),
      await call('validateMagicLink', { query: { token: 'any' } }),
      await call('refreshSession', { body: { refreshToken: refreshToken } }),
      await call('logout', { body: { refreshToken }, accessToken: accessToken }),
      ...(await Promise.all(PARAMETERLESS_READS.map((operation) => call(operation, { accessToken })))),
    ];
    for (const res of responses) {
      expect(res.status).toBe(500);
      const body = await res.json();
      expect(body).toMatchObject({ title: 'Internal Server Error', detail: 'An unexpected error occurred.' });
      expect(body.requestId).toBe(res.headers.get('x-request-id'));
    }
  });
});

describe('empty-dashboard', () => {
  it('serves zero figures in the tenant currency', async () => {
    resetMockState({
      scenario: ['signed-in', 'empty-dashboard'],
      account: { dashboard: { currency: 'GBP' } },
    });
    const res = await call('getDashboardStats', { accessToken: session().accessToken });
    expect(await res.json()).toEqual(createEmptyDashboardStats('GBP'));
  });
});

describe('slow-network', () => {
  it('delays every response by the configured time', async () => {
    resetMockState({ scenario: 'slow-network', settings: { slowNetworkDelayMs: 150 } });
    for (const request of [
      () => call('getMe'),
      () => call('validateMagicLink', { query: { token: 'x' } }),
      () => api('/api/v1/portal/nowhere'),
    ]) {
      const started = performance.now();
      await request();
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    }
  });
});
