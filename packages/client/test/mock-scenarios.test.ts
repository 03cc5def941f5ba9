import { createMockServer, mockState, resetMockState } from '@portal/mocks/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPortalClient, memorySessionStore, PortalApiError } from '../src/index.js';

// The SDK's session handling against the scenarios of @portal/mocks, unchanged: what QA sees in the
// browser is what these prove.
const baseUrl = 'http://portal.mock';
const server = createMockServer({ baseUrl });
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  resetMockState();
});
afterAll(() => server.close());

/** A client holding the session the scenario issued. */
function clientWithScenarioSession(onSessionExpired?: () => void) {
  const session = mockState.session;
  if (!session) throw new Error('the scenario issued no session');
  return createPortalClient({ baseUrl, session: memorySessionStore(session), onSessionExpired });
}

describe('the SDK on the mocks', () => {
  it('calls every read operation in the signed-in scenario', async () => {
    resetMockState({ scenario: 'signed-in' });
    const portal = clientWithScenarioSession();
    const [me, client, scopes, stats] = await Promise.all([
      portal.me(),
      portal.client(),
      portal.scopes(),
      portal.dashboardStats(),
    ]);
    expect(me).toEqual(mockState.account.me);
    expect(client).toEqual(mockState.account.client);
    expect(scopes).toEqual(mockState.account.scopes);
    expect(stats).toEqual(mockState.account.dashboard);
  });

  it('refreshes once and retries when the access token has expired, for concurrent calls too', async () => {
    resetMockState({ scenario: 'expired-access' });
    const before = mockState.session?.refreshToken;
    const portal = clientWithScenarioSession();
    const results = await Promise.all([portal.me(), portal.dashboardStats(), portal.scopes()]);
    expect(results[0].email).toBe(mockState.account.me.email);
    const after = await portal.getSession();
    expect(after?.refreshToken).not.toBe(before);
    // One rotation only: the new refresh token still works (a second rotation would have revoked it).
    await expect(portal.auth.refresh()).resolves.toMatchObject({ id: mockState.account.me.id });
  });

  it('clears the session and calls onSessionExpired when the refresh token was revoked', async () => {
    resetMockState({ scenario: 'refresh-revoked' });
    let expired = 0;
    const portal = clientWithScenarioSession(() => expired++);
    const error = await portal.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalApiError);
    expect((error as PortalApiError).status).toBe(401);
    expect(expired).toBe(1);
    expect(await portal.getSession()).toBeNull();
  });

  it('surfaces 429 with Retry-After and 500 as typed errors', async () => {
    resetMockState({ scenario: 'rate-limited' });
    const limited = await createPortalClient({ baseUrl })
      .auth.requestMagicLink({ email: 'ada@example.com', tenantCode: 'demo' })
      .catch((e: unknown) => e as PortalApiError);
    expect(limited).toMatchObject({ status: 429 });
    expect((limited as PortalApiError).response.headers.get('retry-after')).toMatch(/^\d+$/);

    resetMockState({ scenario: 'signed-in,server-error' });
    const failed = await clientWithScenarioSession()
      .me()
      .catch((e: unknown) => e as PortalApiError);
    expect(failed).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });
});
